import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every test file runs twice, once per blob storage (src/blob-store.ts):
// - r2: the Worker as deployed to Cloudflare, exactly as worker/wrangler.jsonc configures it, with
//   Miniflare's R2;
// - disk: the Worker as self-hosted (src/self-host/index.ts, as worker/workerd.capnp runs it), its
//   blobs in a directory through workerd's own writable disk service, the Sweeper bound.
// Both run inside workerd, with the real Durable Objects.
//
// The real config serves ../build, which a fresh clone does not have until the app is built. Only
// the assets directory is swapped for a fixture; every binding, var and migration still comes from
// wrangler.jsonc, and nothing is written outside worker/ (the disk project's blobs go to a folder
// in .test-data/, deleted when the run ends). MIN_TTL_SECONDS is lowered as
// `npm start -- --var MIN_TTL_SECONDS:60` would, so tests can use short lifetimes; one origin is
// allowed so CORS can be tested.
const assets = './test/fixtures/assets';
const vars = { MIN_TTL_SECONDS: '60', ALLOWED_ORIGINS: 'https://app.clinic.example' };
const appDir = { disk: { path: join(import.meta.dirname, 'test/fixtures/assets') } };

function blobDirectory(): string {
	const parent = join(import.meta.dirname, '.test-data');
	mkdirSync(parent, { recursive: true });
	const dir = mkdtempSync(join(parent, 'blobs-'));
	process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

const test = { include: ['test/**/*.test.ts'], testTimeout: 30_000 };

export default defineConfig({
	test: {
		projects: [
			{
				plugins: [
					cloudflareTest({
						wrangler: { configPath: './wrangler.jsonc' },
						miniflare: { assets: { directory: assets }, bindings: { ...vars, BLOB_STORAGE_UNDER_TEST: 'r2' }, serviceBindings: { APP_DIR: appDir } }
					})
				],
				test: { ...test, name: 'r2' }
			},
			{
				plugins: [
					cloudflareTest({
						wrangler: { configPath: './wrangler.jsonc' },
						main: './src/self-host/index.ts',
						miniflare: {
							assets: { directory: assets },
							bindings: { ...vars, BLOB_STORAGE_UNDER_TEST: 'disk' },
							serviceBindings: { BLOB_DIR: { disk: { path: blobDirectory(), writable: true } }, APP_DIR: appDir },
							durableObjects: { SHARES: { className: 'Share', useSQLite: true }, SWEEPER: { className: 'Sweeper', useSQLite: true } }
						}
					})
				],
				test: { ...test, name: 'disk' }
			}
		]
	}
});
