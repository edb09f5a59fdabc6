import { describe, expect, it } from 'vitest';
import { api, blobs, bytes, createShare, expectError, keysUnder, newId, putManifest, putObject, readyShare } from './helpers';

const MiB = 1024 * 1024;
const body = bytes(1000, 3);

async function digest(data: ArrayBuffer | Uint8Array): Promise<string> {
	return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', data))));
}

function getObject(id: string, n: number, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
	return api(`/api/v1/shares/${id}/objects/${n}`, { method, headers });
}

describe('GET /api/v1/shares/:id/manifest', () => {
	it('serves the committed manifest as octet-stream with its length', async () => {
		const share = await createShare();
		const manifest = bytes(4321, 5);
		expect((await putManifest(share, manifest)).status).toBe(201);
		const response = await api(`/api/v1/shares/${share.id}/manifest`);
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
		expect(response.headers.get('Content-Length')).toBe('4321');
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(manifest);
	});

	it('answers not-ready before the share is committed', async () => {
		const share = await createShare();
		await expectError(await api(`/api/v1/shares/${share.id}/manifest`), 409, 'not-ready');
	});

	it('answers not-found for a share that was never created', async () => {
		await expectError(await api(`/api/v1/shares/${newId()}/manifest`), 404, 'not-found');
	});
});

describe('GET and HEAD /api/v1/shares/:id/objects/:n', () => {
	it('serves a whole object with its length and range support', async () => {
		const share = await readyShare(body);
		const response = await getObject(share.id, 0);
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
		expect(response.headers.get('Content-Length')).toBe('1000');
		expect(response.headers.get('Accept-Ranges')).toBe('bytes');
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
	});

	it('answers HEAD with the headers of GET and no body', async () => {
		const share = await readyShare(body);
		const response = await getObject(share.id, 0, {}, 'HEAD');
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Length')).toBe('1000');
		expect((await response.arrayBuffer()).byteLength).toBe(0);
		const ranged = await getObject(share.id, 0, { Range: 'bytes=10-19' }, 'HEAD');
		expect(ranged.status).toBe(206);
		expect(ranged.headers.get('Content-Range')).toBe('bytes 10-19/1000');
		expect(ranged.headers.get('Content-Length')).toBe('10');
	});

	it('answers not-ready before the share is committed', async () => {
		const share = await createShare();
		expect((await putObject(share, 0, body)).status).toBe(201);
		await expectError(await getObject(share.id, 0), 409, 'not-ready');
	});

	it('answers not-found for an object number that was never uploaded', async () => {
		const share = await readyShare(body);
		await expectError(await getObject(share.id, 1), 404, 'not-found');
		await expectError(await getObject(newId(), 0), 404, 'not-found');
	});

	it('round-trips a 10 MiB body byte for byte', async () => {
		const big = new Uint8Array(10 * MiB);
		// getRandomValues fills at most 64 KiB per call.
		for (let offset = 0; offset < big.length; offset += 65536) crypto.getRandomValues(big.subarray(offset, offset + 65536));
		const share = await readyShare(big);
		const response = await getObject(share.id, 0);
		expect(response.headers.get('Content-Length')).toBe(String(10 * MiB));
		const received = await response.arrayBuffer();
		expect(received.byteLength).toBe(10 * MiB);
		expect(await digest(received)).toBe(await digest(big));
	});

	it('answers 500 internal without details when a linked body has vanished from blob storage', async () => {
		const share = await readyShare(body);
		await blobs().delete(await keysUnder(`shares/${share.id}/objects/`));
		const error = await expectError(await getObject(share.id, 0), 500, 'internal');
		expect(Object.keys(error).sort()).toEqual(['code', 'message']);
	});
});

describe('Range requests on objects', () => {
	const cases: [string, number, number][] = [
		['bytes=0-9', 0, 9],
		['bytes=990-999', 990, 999],
		['bytes=100-', 100, 999],
		['bytes=-10', 990, 999],
		['bytes=-5000', 0, 999],
		['bytes=995-5000', 995, 999],
		['bytes=7-7', 7, 7],
		['BYTES = 1-2', 1, 2]
	];
	for (const [range, first, last] of cases) {
		it(`serves ${range} as 206 bytes ${first}-${last}/1000`, async () => {
			const share = await readyShare(body);
			const response = await getObject(share.id, 0, { Range: range });
			expect(response.status).toBe(206);
			expect(response.headers.get('Content-Range')).toBe(`bytes ${first}-${last}/1000`);
			expect(response.headers.get('Content-Length')).toBe(String(last - first + 1));
			expect(response.headers.get('Accept-Ranges')).toBe('bytes');
			expect(new Uint8Array(await response.arrayBuffer())).toEqual(body.subarray(first, last + 1));
		});
	}

	it('refuses unsatisfiable, malformed and multiple ranges with bad-range', async () => {
		const share = await readyShare(body);
		for (const range of ['bytes=1000-', 'bytes=1000-1001', 'bytes=-0', 'bytes=9-3', 'bytes=0-1,5-6', 'bytes=abc', 'bytes=-', 'bytes=']) {
			const response = await getObject(share.id, 0, { Range: range });
			await expectError(response, 416, 'bad-range');
			expect(response.headers.get('Content-Range')).toBe('bytes */1000');
		}
	});

	it('refuses any range on an empty object', async () => {
		const share = await readyShare(new Uint8Array(0));
		await expectError(await getObject(share.id, 0, { Range: 'bytes=0-' }), 416, 'bad-range');
		await expectError(await getObject(share.id, 0, { Range: 'bytes=-1' }), 416, 'bad-range');
		const whole = await getObject(share.id, 0);
		expect(whole.status).toBe(200);
		expect((await whole.arrayBuffer()).byteLength).toBe(0);
	});

	it('ignores a range in a unit other than bytes and serves the whole object', async () => {
		const share = await readyShare(body);
		const response = await getObject(share.id, 0, { Range: 'items=0-1' });
		expect(response.status).toBe(200);
		expect((await response.arrayBuffer()).byteLength).toBe(1000);
	});
});
