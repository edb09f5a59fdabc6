import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
	api,
	bearer,
	bytes,
	createShare,
	expectError,
	keysUnder,
	newId,
	newToken,
	putManifest,
	putObject,
	shareStub
} from './helpers';

const MiB = 1024 * 1024;

/** A body whose bytes the test hands over one write at a time, with a declared length. */
function heldBody(length: number) {
	const stream = new FixedLengthStream(length);
	return { body: stream.readable, writer: stream.writable.getWriter() };
}

describe('PUT /api/v1/shares/:id/objects/:n', () => {
	it('stores an object and answers with its number and size', async () => {
		const share = await createShare();
		const response = await putObject(share, 5, bytes(1234));
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual({ n: 5, size: 1234 });
		expect(await keysUnder(`shares/${share.id}/objects/5/`)).toHaveLength(1);
	});

	it('replaces an object when the same number is PUT again and keeps only the new body', async () => {
		const share = await createShare();
		expect((await putObject(share, 2, bytes(300, 1))).status).toBe(201);
		const retry = await putObject(share, 2, bytes(200, 9));
		expect(retry.status).toBe(201);
		expect(await retry.json()).toEqual({ n: 2, size: 200 });
		expect(await keysUnder(`shares/${share.id}/objects/2/`)).toHaveLength(1);
		expect((await putManifest(share, bytes(10))).status).toBe(201);
		const fetched = await api(`/api/v1/shares/${share.id}/objects/2`);
		expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(bytes(200, 9));
	});

	it('accepts an empty object', async () => {
		const share = await createShare();
		const response = await putObject(share, 0, new Uint8Array(0));
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual({ n: 0, size: 0 });
	});

	it('rejects a PUT without the owner token, with a wrong one or a malformed header', async () => {
		const share = await createShare();
		const path = `/api/v1/shares/${share.id}/objects/0`;
		const attempts: Record<string, string>[] = [
			{},
			bearer(newToken()),
			bearer(share.token.slice(1)),
			{ Authorization: share.token },
			{ Authorization: `Basic ${share.token}` }
		];
		for (const headers of attempts) {
			const response = await api(path, { method: 'PUT', headers, body: bytes(10) });
			await expectError(response, 401, 'unauthorized');
			expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
		}
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
	});

	it('answers not-found for a share that was never created', async () => {
		await expectError(await putObject({ id: newId(), token: newToken() }, 0, bytes(10)), 404, 'not-found');
	});

	it('requires a Content-Length', async () => {
		const share = await createShare();
		// A stream of unknown length goes out chunked, without Content-Length.
		const body = new IdentityTransformStream().readable;
		const response = await api(`/api/v1/shares/${share.id}/objects/0`, { method: 'PUT', headers: bearer(share.token), body });
		await expectError(response, 411, 'length-required');
	});

	it('refuses a body over MAX_OBJECT_BYTES before reading it', async () => {
		const share = await createShare();
		const { body } = heldBody(64 * MiB + 1);
		const response = await api(`/api/v1/shares/${share.id}/objects/0`, { method: 'PUT', headers: bearer(share.token), body });
		await expectError(response, 413, 'too-large');
	});

	it('refuses an object that would push the share over MAX_SHARE_BYTES', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, bytes(10))).status).toBe(201);
		// Pretend object 0 is nearly the whole 8 GiB allowance rather than uploading it.
		await runInDurableObject(shareStub(share.id), (_instance, state) => {
			state.storage.sql.exec('UPDATE objects SET size = ? WHERE n = 0', 8 * 1024 * MiB - 100);
		});
		await expectError(await putObject(share, 1, bytes(101)), 413, 'share-too-large');
		expect((await putObject(share, 1, bytes(100))).status).toBe(201);
		// Replacing object 0 itself does not count its old size twice.
		expect((await putObject(share, 0, bytes(50))).status).toBe(201);
	});

	it('rejects a PUT after the manifest is committed', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, bytes(10))).status).toBe(201);
		expect((await putManifest(share, bytes(10))).status).toBe(201);
		await expectError(await putObject(share, 0, bytes(10, 5)), 409, 'committed');
		await expectError(await putObject(share, 1, bytes(10)), 409, 'committed');
		expect(await keysUnder(`shares/${share.id}/objects/`)).toHaveLength(1);
	});

	it('deletes the body of a PUT that finishes after the commit and answers committed', async () => {
		const share = await createShare();
		const { body, writer } = heldBody(20);
		const pending = api(`/api/v1/shares/${share.id}/objects/3`, { method: 'PUT', headers: bearer(share.token), body });
		// The store reads the body only after its checks passed, so this write returning means the PUT is under way.
		await writer.write(bytes(10));
		expect((await putManifest(share, bytes(10))).status).toBe(201);
		await writer.write(bytes(10));
		await writer.close();
		await expectError(await pending, 409, 'committed');
		expect(await keysUnder(`shares/${share.id}/objects/`)).toEqual([]);
		const view = await (await api(`/api/v1/shares/${share.id}`)).json();
		expect(view).toMatchObject({ state: 'ready', objects: [] });
	});
});

describe('PUT /api/v1/shares/:id/manifest', () => {
	it('commits the share and answers ready', async () => {
		const share = await createShare();
		const response = await putManifest(share, bytes(500));
		expect(response.status).toBe(201);
		expect(await response.json()).toEqual({ state: 'ready' });
	});

	it('rejects a second manifest and keeps the first', async () => {
		const share = await createShare();
		expect((await putManifest(share, bytes(50, 1))).status).toBe(201);
		await expectError(await putManifest(share, bytes(60, 2)), 409, 'committed');
		expect(await keysUnder(`shares/${share.id}/manifest/`)).toHaveLength(1);
		const manifest = await api(`/api/v1/shares/${share.id}/manifest`);
		expect(new Uint8Array(await manifest.arrayBuffer())).toEqual(bytes(50, 1));
	});

	it('lets only one of two racing manifests commit', async () => {
		const share = await createShare();
		const first = heldBody(30);
		const second = heldBody(40);
		const path = `/api/v1/shares/${share.id}/manifest`;
		const racing = [first, second].map(({ body }) => api(path, { method: 'PUT', headers: bearer(share.token), body }));
		await Promise.all([first.writer.write(bytes(15)), second.writer.write(bytes(20))]);
		await second.writer.write(bytes(20));
		await second.writer.close();
		await first.writer.write(bytes(15));
		await first.writer.close();
		const statuses = (await Promise.all(racing)).map((response) => response.status).sort();
		expect(statuses).toEqual([201, 409]);
		expect(await keysUnder(`shares/${share.id}/manifest/`)).toHaveLength(1);
	});

	it('requires the owner token', async () => {
		const share = await createShare();
		await expectError(await putManifest(share, bytes(10), newToken()), 401, 'unauthorized');
		const view = await (await api(`/api/v1/shares/${share.id}`)).json();
		expect(view).toMatchObject({ state: 'uploading' });
	});

	it('answers not-found for a share that was never created', async () => {
		await expectError(await putManifest({ id: newId(), token: newToken() }, bytes(10)), 404, 'not-found');
	});

	it('requires a Content-Length', async () => {
		const share = await createShare();
		// A stream of unknown length goes out chunked, without Content-Length.
		const body = new IdentityTransformStream().readable;
		const response = await api(`/api/v1/shares/${share.id}/manifest`, { method: 'PUT', headers: bearer(share.token), body });
		await expectError(response, 411, 'length-required');
	});

	it('refuses a manifest over MAX_MANIFEST_BYTES', async () => {
		const share = await createShare();
		const { body } = heldBody(16 * MiB + 1);
		const response = await api(`/api/v1/shares/${share.id}/manifest`, { method: 'PUT', headers: bearer(share.token), body });
		await expectError(response, 413, 'too-large');
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
	});
});
