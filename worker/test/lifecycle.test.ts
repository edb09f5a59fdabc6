import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	api,
	bearer,
	bytes,
	createShare,
	expectError,
	keysUnder,
	newId,
	newToken,
	putObject,
	readyShare,
	readyShareWith,
	shareStub
} from './helpers';

const revoke = (id: string, token: string) => api(`/api/v1/shares/${id}`, { method: 'DELETE', headers: bearer(token) });
const owner = (id: string, token: string) => api(`/api/v1/shares/${id}/owner`, { headers: bearer(token) });

describe('revoke: DELETE /api/v1/shares/:id', () => {
	afterEach(() => vi.useRealTimers());

	it('removes a ready share and its objects at once, then answers 410 revoked on every route', async () => {
		const share = await readyShare(bytes(100), bytes(200));
		expect(await keysUnder(`shares/${share.id}/`)).toHaveLength(3);
		const response = await revoke(share.id, share.token);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ state: 'revoked' });
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		const base = `/api/v1/shares/${share.id}`;
		for (const path of [base, `${base}/manifest`, `${base}/objects/0`]) {
			const error = await expectError(await api(path), 410, 'revoked');
			expect(typeof error.expiresAt).toBe('string');
		}
		await expectError(await revoke(share.id, share.token), 410, 'revoked');
		await expectError(await putObject(share, 0, bytes(1)), 410, 'revoked');
	});

	it('revokes a share that is still uploading', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, bytes(10))).status).toBe(201);
		expect((await revoke(share.id, share.token)).status).toBe(200);
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		await expectError(await api(`/api/v1/shares/${share.id}`), 410, 'revoked');
	});

	it('refuses without the owner token or with a wrong one, and keeps the share', async () => {
		const share = await readyShare(bytes(10));
		await expectError(await api(`/api/v1/shares/${share.id}`, { method: 'DELETE' }), 401, 'unauthorized');
		await expectError(await revoke(share.id, newToken()), 401, 'unauthorized');
		expect((await api(`/api/v1/shares/${share.id}/objects/0`)).status).toBe(200);
	});

	it('answers not-found for a share that was never created, and stores nothing for it', async () => {
		const id = newId();
		await expectError(await revoke(id, newToken()), 404, 'not-found');
		await expectError(await owner(id, newToken()), 404, 'not-found');
	});
});

describe('owner status: GET /api/v1/shares/:id/owner', () => {
	it('counts full manifest fetches and keeps their times, newest first, without addresses', async () => {
		const share = await readyShare(bytes(10));
		const before = Date.now();
		for (let i = 0; i < 3; i++) await (await api(`/api/v1/shares/${share.id}/manifest`)).arrayBuffer();
		// Probes and resumed ranges are not downloads.
		await api(`/api/v1/shares/${share.id}/manifest`, { method: 'HEAD' });
		await (await api(`/api/v1/shares/${share.id}/manifest`, { headers: { Range: 'bytes=10-' } })).arrayBuffer();
		const response = await owner(share.id, share.token);
		expect(response.status).toBe(200);
		const view = (await response.json()) as Record<string, unknown>;
		expect(view).toMatchObject({ id: share.id, state: 'ready', accessCount: 3, downloadLimit: null, pin: false, pinFailures: 0 });
		const times = (view.lastAccesses as string[]).map(Date.parse);
		expect(times).toHaveLength(3);
		expect(times.every((t) => t >= before - 1000)).toBe(true);
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(JSON.stringify(view)).not.toMatch(/ip|agent|address/i);
	});

	it('keeps only the last ACCESS_LOG_SIZE access times but counts them all', async () => {
		const share = await readyShare(bytes(10));
		for (let i = 0; i < 23; i++) await (await api(`/api/v1/shares/${share.id}/manifest`)).arrayBuffer();
		const view = (await (await owner(share.id, share.token)).json()) as { accessCount: number; lastAccesses: string[] };
		expect(view.accessCount).toBe(23);
		expect(view.lastAccesses).toHaveLength(20);
	});

	it('refuses without the owner token', async () => {
		const share = await readyShare(bytes(10));
		await expectError(await api(`/api/v1/shares/${share.id}/owner`), 401, 'unauthorized');
		await expectError(await owner(share.id, newToken()), 401, 'unauthorized');
	});
});

describe('download limit', () => {
	afterEach(() => vi.useRealTimers());

	it('refuses create with a limit outside 1..100', async () => {
		for (const downloadLimit of [0, 101, 1.5, '3', null]) {
			const body = JSON.stringify({ id: newId(), ownerTokenHash: 'a'.repeat(64), downloadLimit });
			await expectError(await api('/api/v1/shares', { method: 'POST', body }), 400, 'bad-request');
		}
	});

	it('answers limit-reached after the last allowed fetch, leaves the objects readable for the grace time, then ends', async () => {
		const share = await readyShareWith({ downloadLimit: 2 }, bytes(10));
		for (let i = 0; i < 2; i++) expect((await api(`/api/v1/shares/${share.id}/manifest`)).status).toBe(200);
		await expectError(await api(`/api/v1/shares/${share.id}/manifest`), 410, 'limit-reached');
		expect((await api(`/api/v1/shares/${share.id}/objects/0`)).status).toBe(200);
		const view = (await (await owner(share.id, share.token)).json()) as { accessCount: number; expiresAt: string };
		expect(view.accessCount).toBe(2);
		expect(Date.parse(view.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.parse(view.expiresAt) + 1000);
		expect(await runDurableObjectAlarm(shareStub(share.id))).toBe(true);
		await expectError(await api(`/api/v1/shares/${share.id}/objects/0`), 410, 'expired');
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
	});
});

describe('abandoned uploads', () => {
	afterEach(() => vi.useRealTimers());

	it('ends a share never committed ABANDON_SECONDS after creation and deletes what was uploaded', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, bytes(10))).status).toBe(201);
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() + 86_400_000 + 1000);
		expect(await runDurableObjectAlarm(shareStub(share.id))).toBe(true);
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		await expectError(await api(`/api/v1/shares/${share.id}`), 410, 'expired');
	});

	it('keeps a committed share past the abandon time until it expires', async () => {
		const share = await readyShare(bytes(10));
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() + 86_400_000 + 1000);
		await runDurableObjectAlarm(shareStub(share.id));
		expect((await api(`/api/v1/shares/${share.id}/objects/0`)).status).toBe(200);
	});
});
