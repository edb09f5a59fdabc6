import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	api,
	travelPastExpiry,
	bearer,
	blobs,
	bytes,
	createShare,
	expectError,
	hashToken,
	keysUnder,
	putManifest,
	putBlob,
	putObject,
	readyShare,
	shareStub
} from './helpers';

async function expiresAtOf(id: string): Promise<string> {
	const view = (await (await api(`/api/v1/shares/${id}`)).json()) as { expiresAt: string };
	return view.expiresAt;
}

describe('share expiry', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('schedules the Durable Object alarm at expiresAt', async () => {
		const share = await createShare(3600);
		const expiresAt = await expiresAtOf(share.id);
		const alarm = await runInDurableObject(shareStub(share.id), (_instance, state) => state.storage.getAlarm());
		expect(alarm).toBe(Date.parse(expiresAt));
	});

	it('answers 410 with expiresAt on every route once the lifetime has passed, before the alarm runs', async () => {
		const share = await readyShare(bytes(100));
		const uploading = await createShare();
		travelPastExpiry();
		const base = `/api/v1/shares/${share.id}`;
		const responses = [
			await api(base),
			await api(`${base}/manifest`),
			await api(`${base}/objects/0`),
			await putObject(uploading, 0, bytes(10)),
			await putManifest(uploading, bytes(10))
		];
		for (const response of responses) {
			const error = await expectError(response, 410, 'expired');
			expect(Date.parse(error.expiresAt as string)).toBeLessThan(Date.now());
		}
		expect((await api(`${base}/objects/0`, { method: 'HEAD' })).status).toBe(410);
		// The alarm has not run yet, so the ciphertext is still there: 410 comes from the check alone.
		expect(await keysUnder(`shares/${share.id}/`)).not.toEqual([]);
	});

	it('deletes every R2 object of the share when the alarm runs and keeps a tombstone', async () => {
		const share = await readyShare(bytes(100), bytes(200), bytes(300));
		const other = await readyShare(bytes(50));
		const expiresAt = await expiresAtOf(share.id);
		expect(await keysUnder(`shares/${share.id}/`)).toHaveLength(4);
		await travelPastExpiry();
		expect(await runDurableObjectAlarm(shareStub(share.id))).toBe(true);
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		expect(await keysUnder(`shares/${other.id}/`)).toHaveLength(2);
		const error = await expectError(await api(`/api/v1/shares/${share.id}`), 410, 'expired');
		expect(Date.parse(error.expiresAt as string)).toBeLessThanOrEqual(Date.parse(expiresAt));
		await expectError(await api(`/api/v1/shares/${share.id}/objects/1`), 410, 'expired');
	});

	it('refuses to create a share again under the id of an expired one', async () => {
		const share = await createShare();
		await travelPastExpiry();
		await runDurableObjectAlarm(shareStub(share.id));
		const body = JSON.stringify({ id: share.id, ownerTokenHash: await hashToken(share.token) });
		await expectError(await api('/api/v1/shares', { method: 'POST', body }), 409, 'exists');
	});

	it('keeps the data and re-arms the alarm when it fires before expiresAt', async () => {
		const share = await readyShare(bytes(100));
		expect(await runDurableObjectAlarm(shareStub(share.id))).toBe(true);
		expect(await keysUnder(`shares/${share.id}/`)).toHaveLength(2);
		expect((await api(`/api/v1/shares/${share.id}/objects/0`)).status).toBe(200);
		const alarm = await runInDurableObject(shareStub(share.id), (_instance, state) => state.storage.getAlarm());
		expect(alarm).toBe(Date.parse(await expiresAtOf(share.id)));
	});

	it('deletes the body of a PUT that finishes after the share expired', async () => {
		const share = await createShare();
		const stream = new FixedLengthStream(20);
		const writer = stream.writable.getWriter();
		const path = `/api/v1/shares/${share.id}/objects/0`;
		const pending = api(path, { method: 'PUT', headers: bearer(share.token), body: stream.readable });
		await writer.write(bytes(10));
		await writer.write(bytes(10));
		travelPastExpiry();
		await writer.close();
		await expectError(await pending, 410, 'expired');
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
	});
});

describe('deletePrefix', () => {
	it('deletes more keys than one list page holds, and nothing outside the prefix', async () => {
		const keys = Array.from({ length: 1205 }, (_, i) => `shares/batch/objects/${i}/x`);
		for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => putBlob(key, 'c')));
		await putBlob('shares/batchmate/manifest/x', 'c');
		await blobs().deletePrefix('shares/batch/');
		expect(await keysUnder('shares/batch/')).toEqual([]);
		expect(await keysUnder('shares/batchmate/')).toEqual(['shares/batchmate/manifest/x']);
	});
});
