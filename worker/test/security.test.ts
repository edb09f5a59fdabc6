import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../src/index';
import { sweep } from '../src/sweep';
import { api, bytes, createShare, expectError, hashToken, keysUnder, newId, newToken, ORIGIN, putBlob, putObject, readyShare, shareStub, travelPastExpiry } from './helpers';

const ALLOWED = 'https://app.clinic.example';
const KEY = 'k3y-for-the-front-desk-0123456789';

// Requests made in a test carry no Cloudflare edge properties; the Worker reads none of them.
const incoming = (request: Request) => request as unknown as Parameters<typeof worker.fetch>[0];

/** The Worker with UPLOAD_KEYS set, as `wrangler secret put UPLOAD_KEYS` would. */
async function withKeys(request: Request): Promise<Response> {
	const exec = createExecutionContext();
	const response = await worker.fetch(incoming(request), { ...env, UPLOAD_KEYS: `other-key-000000000, ${KEY}` }, exec);
	await waitOnExecutionContext(exec);
	return response;
}

async function createBody(): Promise<string> {
	return JSON.stringify({ id: newId(), ownerTokenHash: await hashToken(newToken()) });
}

describe('upload keys', () => {
	it('refuses to create a share without one of the UPLOAD_KEYS, with 401 upload-key', async () => {
		for (const authorization of [undefined, 'Bearer wrong-key-0123456789', `Bearer ${KEY}x`, KEY, 'Bearer short']) {
			const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
			const response = await withKeys(new Request(`${ORIGIN}/api/v1/shares`, { method: 'POST', headers, body: await createBody() }));
			await expectError(response, 401, 'upload-key');
			expect(response.headers.get('WWW-Authenticate')).toBe('Bearer');
		}
	});

	it('creates the share with a valid upload key', async () => {
		const request = new Request(`${ORIGIN}/api/v1/shares`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: await createBody() });
		expect((await withKeys(request)).status).toBe(201);
	});

	it('creates shares without a key when UPLOAD_KEYS is unset (development mode)', async () => {
		expect((await api('/api/v1/shares', { method: 'POST', body: await createBody() })).status).toBe(201);
	});

	it('tells clients in /api/v1/info whether a key is needed and whether theirs is accepted', async () => {
		const info = async (auth?: string) =>
			(await (await withKeys(new Request(`${ORIGIN}/api/v1/info`, { headers: auth ? { Authorization: auth } : {} }))).json()) as Record<string, unknown>;
		expect(await info()).toMatchObject({ uploadKeyRequired: true, uploadKeyAccepted: null, maxPinAttempts: 5 });
		expect(await info(`Bearer ${KEY}`)).toMatchObject({ uploadKeyAccepted: true });
		expect(await info('Bearer nope-nope-nope-nope')).toMatchObject({ uploadKeyAccepted: false });
		expect(await (await api('/api/v1/info')).json()).toMatchObject({ uploadKeyRequired: false, minTtlSeconds: 60 });
	});
});

describe('security headers', () => {
	it('sends a deny-all CSP, no-store, nosniff and no-referrer on API answers, and HSTS only over HTTPS', async () => {
		const plain = await api('/api/v1/info');
		expect(plain.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
		expect(plain.headers.get('strict-transport-security')).toBeNull();
		const secure = await worker.fetch(incoming(new Request('https://store.example/api/v1/info')), env, createExecutionContext());
		expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		await expectError(await worker.fetch(incoming(new Request('https://store.example/api/v1/x')), env, createExecutionContext()), 404, 'no-route');
	});

	it('sends frame-ancestors none, a camera-free Permissions-Policy and revalidation on app pages', async () => {
		const page = await api('/');
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(page.headers.get('x-frame-options')).toBe('DENY');
		expect(page.headers.get('permissions-policy')).toContain('camera=()');
		expect(page.headers.get('cache-control')).toBe('no-cache');
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('referrer-policy')).toBe('no-referrer');
		const missing = await api('/no/such/page');
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	});

	it('allows the camera only on the scanner page and caches hashed assets as immutable', async () => {
		expect((await api('/scan')).headers.get('permissions-policy')).toContain('camera=(self)');
		const asset = await api('/_app/immutable/x.js');
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
	});
});

describe('CORS', () => {
	it('answers a preflight from an allowed origin with the methods and headers the API takes', async () => {
		const response = await api(`/api/v1/shares/${newId()}/objects/0`, {
			method: 'OPTIONS',
			headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization' }
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
		expect(response.headers.get('access-control-allow-methods')).toBe('GET, PUT, HEAD, OPTIONS');
		expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Range');
		expect(response.headers.get('vary')).toBe('Origin');
	});

	it('grants an allowed origin on answers and errors, exposing Content-Range, and nothing to other origins', async () => {
		const share = await readyShare(bytes(10));
		const ok = await api(`/api/v1/shares/${share.id}/objects/0`, { headers: { Origin: ALLOWED, Range: 'bytes=0-1' } });
		expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
		expect(ok.headers.get('access-control-expose-headers')).toContain('Content-Range');
		const error = await api(`/api/v1/shares/${newId()}`, { headers: { Origin: ALLOWED } });
		expect(error.headers.get('access-control-allow-origin')).toBe(ALLOWED);
		const other = await api(`/api/v1/shares/${share.id}`, { headers: { Origin: 'https://evil.example' } });
		expect(other.headers.get('access-control-allow-origin')).toBeNull();
		expect(other.headers.get('vary')).toBe('Origin');
	});
});

describe('cron sweep', () => {
	afterEach(() => vi.useRealTimers());

	it('deletes old unlinked bodies and keys of shares that do not exist, and keeps linked and young ones', async () => {
		const live = await readyShare(bytes(10));
		const uploading = await createShare();
		expect((await putObject(uploading, 0, bytes(5))).status).toBe(201);
		const stray = `shares/${live.id}/objects/0/0123456789abcdef`;
		const young = `shares/${uploading.id}/objects/1/fedcba9876543210`;
		const ghost = `shares/${newId()}/objects/0/0123456789abcdef`;
		const foreign = `shares/not-ours/readme`;
		for (const key of [stray, young, ghost, foreign]) await putBlob(key, 'x');
		// Everything written just now is young; the sweep is run as if two hours later.
		const result = await sweep(env, Date.now() + 2 * 3600_000);
		expect(result.deleted).toBeGreaterThanOrEqual(3);
		expect(await keysUnder(`shares/${live.id}/`)).toHaveLength(2);
		expect(await keysUnder(stray)).toEqual([]);
		expect(await keysUnder(young)).toEqual([]);
		expect(await keysUnder(ghost)).toEqual([]);
		expect(await keysUnder(foreign)).toEqual([foreign]);
		expect(await keysUnder(`shares/${uploading.id}/objects/0/`)).toHaveLength(1);
		expect((await api(`/api/v1/shares/${live.id}/objects/0`)).status).toBe(200);
	});

	it('keeps an unlinked body younger than an hour: its PUT may still be linking it', async () => {
		const share = await createShare();
		const key = `shares/${share.id}/objects/3/00112233445566aa`;
		await putBlob(key, 'x');
		await sweep(env);
		expect(await keysUnder(key)).toEqual([key]);
	});

	it('ends a share whose time is up but whose alarm never came, and deletes its blobs', async () => {
		const share = await readyShare(bytes(10));
		await runInDurableObject(shareStub(share.id), (_instance, state) => state.storage.deleteAlarm());
		travelPastExpiry();
		await sweep(env);
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		await expectError(await api(`/api/v1/shares/${share.id}`), 410, 'expired');
	});

	it('runs from the scheduled handler', async () => {
		const ghost = `shares/${newId()}/manifest/0123456789abcdef`;
		await putBlob(ghost, 'x');
		const exec = createExecutionContext();
		await worker.scheduled({ cron: '17 * * * *', scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env, exec);
		await waitOnExecutionContext(exec);
		expect(await keysUnder(ghost)).toEqual([]);
	});
});
