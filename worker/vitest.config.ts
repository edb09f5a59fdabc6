import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		cloudflareTest({
			wrangler: { configPath: './wrangler.jsonc' },
			// The real config serves ../build, which a fresh clone does not have until the app is
			// built. Only the assets directory is swapped for a fixture; every binding, var and
			// migration still comes from wrangler.jsonc, and nothing is written outside worker/.
			// MIN_TTL_SECONDS is lowered as `npm start -- --var MIN_TTL_SECONDS:60` would, so tests can
			// use short lifetimes; one origin is allowed so CORS can be tested.
			miniflare: {
				assets: { directory: './test/fixtures/assets' },
				bindings: { MIN_TTL_SECONDS: '60', ALLOWED_ORIGINS: 'https://app.clinic.example' }
			}
		})
	],
	test: {
		include: ['test/**/*.test.ts'],
		testTimeout: 30_000
	}
});
