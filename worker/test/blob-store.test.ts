import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../src/disk-blob-store';
import { R2BlobStore } from '../src/r2-blob-store';
import { api, bearer, blobs, bytes, createShare, keysUnder, newId, putBlob, putManifest, readyShare } from './helpers';

const text = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

/** A stream of `length` declared bytes that sends `send` of them and then ends as told. */
function cutBody(length: number, send: Uint8Array, end: 'abort' | 'close') {
	let sent = false;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (!sent) {
				sent = true;
				controller.enqueue(send);
			} else if (end === 'abort') controller.error(new Error('connection lost'));
			else controller.close();
		}
	});
	return { stream, length };
}

describe('blob storage', () => {
	it('is the implementation this project runs on', () => {
		expect(blobs()).toBeInstanceOf(env.BLOB_STORAGE_UNDER_TEST === 'disk' ? DiskBlobStore : R2BlobStore);
	});

	it('reads back a body whole and by range, with the whole size either way', async () => {
		const key = `shares/${newId()}/objects/0/0123456789abcdef`;
		await putBlob(key, 'hello, world');
		const whole = await blobs().get(key);
		expect(whole?.size).toBe(12);
		expect(await text(whole!.body)).toBe('hello, world');
		const range = await blobs().get(key, { offset: 7, length: 5 });
		expect(range?.size).toBe(12);
		expect(await text(range!.body)).toBe('world');
		expect(await blobs().get(`shares/${newId()}/objects/0/0123456789abcdef`)).toBeNull();
	});

	for (const [what, send, end] of [
		['ends early', bytes(600), 'close'],
		['fails half-way', bytes(600), 'abort'],
		['runs longer than declared', bytes(1200), 'close']
	] as const) {
		it(`stores nothing of a body that ${what}`, async () => {
			const key = `shares/${newId()}/objects/0/0123456789abcdef`;
			const body = cutBody(1000, send, end);
			await expect(blobs().put(key, body.stream, body.length)).rejects.toThrow();
			expect(await blobs().get(key)).toBeNull();
			expect(await keysUnder(key)).toEqual([]);
		});
	}

	it('lists keys in order, page by page, across folders, and nothing outside the prefix', async () => {
		const id = newId();
		const keys = [0, 1, 2, 10, 11].flatMap((n) => [`shares/${id}/objects/${n}/00000000000000aa`, `shares/${id}/objects/${n}/00000000000000bb`]);
		keys.push(`shares/${id}/manifest/00000000000000cc`);
		for (const key of keys) await putBlob(key, 'x');
		await putBlob(`shares/${newId()}/manifest/00000000000000dd`, 'x');
		const seen: string[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 10; page++) {
			const listed = await blobs().list(`shares/${id}/`, { limit: 3, cursor });
			expect(listed.blobs.length).toBeLessThanOrEqual(3);
			for (const blob of listed.blobs) expect(Math.abs(blob.uploaded.getTime() - Date.now())).toBeLessThan(5 * 60_000);
			seen.push(...listed.blobs.map((blob) => blob.key));
			if (!listed.cursor) break;
			cursor = listed.cursor;
		}
		expect(seen).toEqual([...keys].sort());
	});
});

describe('an upload cut off mid-body', () => {
	it('stores and links nothing; the share lists no object and a retry succeeds', async () => {
		const share = await createShare();
		const path = `/api/v1/shares/${share.id}/objects/0`;
		const body = cutBody(4096, bytes(1000), 'abort');
		const headers = { ...bearer(share.token), 'Content-Length': '4096' };
		const response = await api(path, { method: 'PUT', headers, body: body.stream }).catch(() => null);
		expect(response?.status ?? 500).toBeGreaterThanOrEqual(400);
		await response?.body?.cancel();
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		const status = (await (await api(`/api/v1/shares/${share.id}`)).json()) as { objects: unknown[] };
		expect(status.objects).toEqual([]);
		expect((await api(path, { method: 'PUT', headers: bearer(share.token), body: bytes(4096) })).status).toBe(201);
		expect((await putManifest(share, bytes(10))).status).toBe(201);
		expect(new Uint8Array(await (await api(path)).arrayBuffer())).toEqual(bytes(4096));
	});
});

describe('a linked body of the wrong size', () => {
	it('is never served: 500 internal rather than bytes the share did not store', async () => {
		const share = await readyShare(bytes(1000));
		const [key] = await keysUnder(`shares/${share.id}/objects/0/`);
		await putBlob(key, 'a body restored from some other backup');
		const response = await api(`/api/v1/shares/${share.id}/objects/0`);
		expect(response.status).toBe(500);
		expect(await response.json()).toMatchObject({ code: 'internal' });
		expect((await api(`/api/v1/shares/${share.id}/objects/0`, { headers: { Range: 'bytes=0-9' } })).status).toBe(500);
	});
});
