import { describe, expect, it } from 'vitest';
import { api, bearer, bytes, createShare, expectError, newId, readyShare } from './helpers';

const SECURITY_HEADERS = {
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer'
};

function expectSecurityHeaders(response: Response): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
}

describe('API response headers', () => {
	it('sends no-store, nosniff and no-referrer on JSON, binary, error and preflight answers', async () => {
		const share = await readyShare(bytes(10));
		const responses = [
			await api(`/api/v1/shares/${share.id}`),
			await api(`/api/v1/shares/${share.id}/objects/0`),
			await api(`/api/v1/shares/${share.id}/objects/0`, { headers: { Range: 'bytes=0-1' } }),
			await api(`/api/v1/shares/${share.id}/objects/0`, { method: 'HEAD' }),
			await api(`/api/v1/shares/${share.id}/manifest`),
			await api(`/api/v1/shares/${newId()}`),
			await api('/api/v1/nope'),
			await api(`/api/v1/shares/${share.id}`, { method: 'OPTIONS' })
		];
		for (const response of responses) {
			expectSecurityHeaders(response);
			await response.body?.cancel();
		}
	});
});

describe('routing', () => {
	it('answers no-route for unknown paths under /api/', async () => {
		const id = newId();
		const paths = [
			'/api/',
			'/api/v2/shares',
			'/api/v1',
			'/api/v1/',
			'/api/v1/nope',
			'/api/v1/shares/',
			`/api/v1/shares/${id}/`,
			`/api/v1/shares/${id}/nope`,
			`/api/v1/shares/${id}/objects`,
			`/api/v1/shares/${id}/objects/`,
			`/api/v1/shares/${id}/objects/1/extra`,
			`/api/v1/shares/${id}/manifest/x`,
			`/api/v1/shares//objects/1`,
			`/api/v1/Shares/${id}`
		];
		for (const path of paths) await expectError(await api(path), 404, 'no-route');
	});

	it('answers method-not-allowed with an Allow header for a wrong method on a known path', async () => {
		const id = newId();
		const cases: [string, string, string][] = [
			['/api/v1/shares', 'GET', 'POST, OPTIONS'],
			[`/api/v1/shares/${id}`, 'POST', 'GET, DELETE, HEAD, OPTIONS'],
			[`/api/v1/shares/${id}`, 'PUT', 'GET, DELETE, HEAD, OPTIONS'],
			[`/api/v1/shares/${id}/owner`, 'DELETE', 'GET, HEAD, OPTIONS'],
			[`/api/v1/shares/${id}/unlock`, 'GET', 'POST, OPTIONS'],
			['/api/v1/info', 'POST', 'GET, HEAD, OPTIONS'],
			[`/api/v1/shares/${id}/manifest`, 'POST', 'GET, PUT, HEAD, OPTIONS'],
			[`/api/v1/shares/${id}/objects/0`, 'PATCH', 'GET, PUT, HEAD, OPTIONS']
		];
		for (const [path, method, allow] of cases) {
			const response = await api(path, { method });
			await expectError(response, 405, 'method-not-allowed');
			expect(response.headers.get('Allow')).toBe(allow);
		}
	});

	it('answers OPTIONS from an origin not in ALLOWED_ORIGINS with 204, the allowed methods and no CORS headers', async () => {
		const response = await api(`/api/v1/shares/${newId()}/objects/0`, {
			method: 'OPTIONS',
			headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'PUT' }
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('Allow')).toBe('GET, PUT, HEAD, OPTIONS');
		expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
	});

	it('serves the static app outside /api/', async () => {
		const page = await api('/');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Discless test page');
		const missing = await api('/no/such/page');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('Not found');
	});
});

describe('ids and path tricks', () => {
	it('answers bad-id for share ids that are not 32 lowercase hex characters', async () => {
		const id = newId();
		const bad = [id.toUpperCase(), id.slice(1), id + 'a', id + id, 'g'.repeat(32), `${id.slice(2)}%2E%2E`, 'x'];
		for (const candidate of bad) {
			await expectError(await api(`/api/v1/shares/${candidate}`), 400, 'bad-id');
			await expectError(await api(`/api/v1/shares/${candidate}/manifest`), 400, 'bad-id');
			await expectError(await api(`/api/v1/shares/${candidate}/objects/0`), 400, 'bad-id');
		}
	});

	it('answers bad-id for object numbers not in plain decimal and too-many-objects from MAX_OBJECTS_PER_SHARE on', async () => {
		const share = await createShare();
		for (const n of ['01', '00', '10000', '-1', '1e3', '+1', '0x1', '%31', ' 1', 'a']) {
			const path = `/api/v1/shares/${share.id}/objects/${n}`;
			await expectError(await api(path), 400, 'bad-id');
			await expectError(await api(path, { method: 'PUT', headers: bearer(share.token), body: bytes(1) }), 400, 'bad-id');
		}
		for (const n of ['4096', '9999']) {
			const path = `/api/v1/shares/${share.id}/objects/${n}`;
			await expectError(await api(path, { method: 'PUT', headers: bearer(share.token), body: bytes(1) }), 400, 'too-many-objects');
		}
		for (const n of ['0', '4095']) {
			const response = await api(`/api/v1/shares/${share.id}/objects/${n}`, { method: 'PUT', headers: bearer(share.token), body: bytes(1) });
			expect(response.status).toBe(201);
		}
	});

	it('treats an encoded slash as part of a segment, never as a separator', async () => {
		const share = await createShare();
		for (const path of [
			`/api/v1/shares/${share.id}%2Fmanifest`,
			`/api/v1/shares/${share.id}%2fobjects%2f0`,
			`/api/v1/shares/${share.id}/objects/0%2F..%2F1`,
			`/api/v1/shares/${share.id}/objects/..%2F..%2F${newId()}`
		]) {
			await expectError(await api(path), 400, 'bad-id');
		}
	});

	it('resolves dot segments before routing, so they cannot reach another share or leave the API', async () => {
		const a = await readyShare(bytes(10, 1));
		const b = await readyShare(bytes(10, 2));
		// Standard URL resolution: /shares/a/objects/../../b/objects/0 is b's object 0, as any client would resolve it.
		const viaDots = await api(`/api/v1/shares/${a.id}/objects/../../${b.id}/objects/0`);
		expect(new Uint8Array(await viaDots.arrayBuffer())).toEqual(bytes(10, 2));
		const encodedDots = await api(`/api/v1/shares/${a.id}/%2e%2e/${b.id}`);
		expect(await encodedDots.json()).toMatchObject({ id: b.id });
		// Dots that climb out of /api/ end at the static app, which has no such file.
		expect((await api('/api/v1/../../../etc/passwd')).status).toBe(404);
		expect((await api('/api/v1/%2e%2e/%2e%2e/index.html')).status).toBe(200);
	});
});
