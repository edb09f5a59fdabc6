import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, bytes, createShare, expectError, hashToken, newId, newToken, putManifest, putObject, shareStub } from './helpers';

const DAY = 86_400;

async function create(body: unknown): Promise<Response> {
	return api('/api/v1/shares', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function validBody(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
	return { id: newId(), ownerTokenHash: await hashToken(newToken()), ...extra };
}

describe('POST /api/v1/shares', () => {
	it('creates an uploading share that expires after the default 30 days', async () => {
		const body = await validBody();
		const before = Date.now();
		const response = await create(body);
		expect(response.status).toBe(201);
		const view = (await response.json()) as Record<string, unknown>;
		expect(view).toMatchObject({ id: body.id, state: 'uploading', objects: [], manifestSize: null });
		const expiresAt = Date.parse(view.expiresAt as string);
		expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY * 1000 - 1000);
		expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY * 1000 + 1000);
		expect(view.expiresAt).toBe(new Date(expiresAt).toISOString());
	});

	it('honours ttlSeconds at both ends of the allowed range', async () => {
		for (const ttlSeconds of [60, 90 * DAY]) {
			const response = await create(await validBody({ ttlSeconds }));
			expect(response.status).toBe(201);
			const { expiresAt } = (await response.json()) as { expiresAt: string };
			expect(Math.abs(Date.parse(expiresAt) - Date.now() - ttlSeconds * 1000)).toBeLessThan(5000);
		}
	});

	it('rejects a lifetime outside MIN_TTL_SECONDS..MAX_TTL_SECONDS with bad-ttl', async () => {
		for (const ttlSeconds of [59, 0, -1, 90 * DAY + 1]) {
			await expectError(await create(await validBody({ ttlSeconds })), 400, 'bad-ttl');
		}
	});

	it('rejects a ttlSeconds that is not a whole number with bad-request', async () => {
		for (const ttlSeconds of [3600.5, '3600', null, true]) {
			await expectError(await create(await validBody({ ttlSeconds })), 400, 'bad-request');
		}
	});

	it('rejects malformed JSON and malformed fields with bad-request', async () => {
		const hash = await hashToken(newToken());
		const bad: unknown[] = [
			'{not json',
			'',
			'[]',
			'null',
			{ ownerTokenHash: hash },
			{ id: newId() },
			{ id: newId().toUpperCase(), ownerTokenHash: hash },
			{ id: newId() + '0', ownerTokenHash: hash },
			{ id: newId(), ownerTokenHash: hash.toUpperCase() },
			{ id: newId(), ownerTokenHash: hash.slice(1) },
			{ id: newId(), ownerTokenHash: hash, ttl: 60 }
		];
		for (const body of bad) await expectError(await create(body), 400, 'bad-request');
	});

	it('rejects a create body larger than a create request can be', async () => {
		await expectError(await create(await validBody({ padding: 'x'.repeat(2000) })), 400, 'bad-request');
	});

	it('refuses to create a share whose id already exists, in any state', async () => {
		const body = await validBody();
		expect((await create(body)).status).toBe(201);
		await expectError(await create(body), 409, 'exists');
		const other = await validBody({ id: body.id });
		await expectError(await create(other), 409, 'exists');
	});
});

describe('GET /api/v1/shares/:id', () => {
	it('answers not-found for a share that was never created and stores nothing for it', async () => {
		const id = newId();
		await expectError(await api(`/api/v1/shares/${id}`), 404, 'not-found');
		const tables = await runInDurableObject(shareStub(id), (_instance, state) =>
			state.storage.sql.exec(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('share', 'objects')`).toArray()
		);
		expect(tables).toEqual([]);
	});

	it('lists uploaded objects sorted by number while uploading', async () => {
		const share = await createShare();
		for (const n of [3, 0, 12]) expect((await putObject(share, n, bytes(n + 1))).status).toBe(201);
		const response = await api(`/api/v1/shares/${share.id}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toBe('application/json');
		expect(await response.json()).toMatchObject({
			id: share.id,
			state: 'uploading',
			objects: [
				{ n: 0, size: 1 },
				{ n: 3, size: 4 },
				{ n: 12, size: 13 }
			],
			manifestSize: null
		});
	});

	it('reports ready and the manifest size after commit', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, bytes(10))).status).toBe(201);
		expect((await putManifest(share, bytes(77))).status).toBe(201);
		const view = await (await api(`/api/v1/shares/${share.id}`)).json();
		expect(view).toMatchObject({ state: 'ready', objects: [{ n: 0, size: 10 }], manifestSize: 77 });
	});
});
