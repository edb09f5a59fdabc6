// The parts only the self-hosted store has: the app served from a disk folder as Cloudflare's asset
// server would serve it, and the Sweeper that stands in for the Cron Trigger.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { serveAsset } from '../src/self-host/assets';
import { keysUnder, newId, putBlob } from './helpers';

const asset = (path: string, init?: RequestInit) => serveAsset(new Request(`http://store.test${path}`, init), env.APP_DIR);

describe('the app from a disk folder (self-host/assets.ts)', () => {
	it('serves pages without their .html and redirects the .html names to them', async () => {
		const home = await asset('/');
		expect(home.status).toBe(200);
		expect(home.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
		expect(await home.text()).toContain('Discless test page');
		const viewer = await asset('/v?x=1');
		expect(viewer.status).toBe(200);
		expect(await viewer.text()).toContain('Viewer');
		for (const [path, location] of [['/v.html', '/v'], ['/index.html', '/'], ['/v.html?x=1', '/v?x=1']]) {
			const moved = await asset(path);
			expect(moved.status).toBe(307);
			expect(new URL(moved.headers.get('Location')!, 'http://store.test').pathname + new URL(moved.headers.get('Location')!, 'http://store.test').search).toBe(location);
		}
	});

	it('gives scripts a JavaScript type, answers HEAD without a body, and unknown paths with 404.html', async () => {
		const script = await asset('/_app/immutable/app.js');
		expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
		expect(script.headers.get('Content-Length')).toBe(String((await script.text()).length));
		const head = await asset('/_app/immutable/app.js', { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
		for (const path of ['/nope', '/_app', '/_app/immutable/', '/%2e%2e/%2e%2e/etc/passwd', '/.hidden']) {
			const missing = await asset(path);
			expect(missing.status).toBe(404);
			expect(await missing.text()).toContain('Not found');
		}
		expect((await asset('/', { method: 'POST' })).status).toBe(405);
	});

	it('lets a browser revalidate: the same ETag gives 304 without a body', async () => {
		const first = await asset('/v');
		const etag = first.headers.get('ETag');
		expect(etag).toMatch(/^"\d+-\d+"$/);
		expect(first.headers.get('Last-Modified')).toBeTruthy();
		const again = await asset('/v', { headers: { 'If-None-Match': etag! } });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
	});
});

describe.skipIf(!env.SWEEPER)('the Sweeper (workerd fires no Cron Triggers)', () => {
	const sweeper = () => env.SWEEPER!.get(env.SWEEPER!.idFromName('sweeper'));

	it('sweeps within a minute of a start, and does not postpone a sweep already due sooner', async () => {
		const now = Date.now();
		await sweeper().started(now);
		const due = await runInDurableObject(sweeper(), (_instance, state) => state.storage.getAlarm());
		expect(due).toBeGreaterThan(now);
		expect(due).toBeLessThanOrEqual(now + 60_000);
		await sweeper().started(now + 30_000);
		expect(await runInDurableObject(sweeper(), (_instance, state) => state.storage.getAlarm())).toBe(due);
	});

	it('runs the sweep when its alarm fires, then again an hour later', async () => {
		const ghost = `shares/${newId()}/objects/0/0123456789abcdef`;
		await putBlob(ghost, 'x');
		await sweeper().started();
		expect(await runDurableObjectAlarm(sweeper())).toBe(true);
		expect(await keysUnder(ghost)).toEqual([]);
		const next = await runInDurableObject(sweeper(), (_instance, state) => state.storage.getAlarm());
		expect(next! - Date.now()).toBeGreaterThan(59 * 60_000);
	});
});
