import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './bench/lib/chromium.mjs';

// The real product: the production build served by the real Worker in workerd, with local R2 and
// Durable Objects in a fresh folder. Nothing is mocked.
const port = Number(process.env.E2E_PORT ?? 8791);
const data = mkdtempSync(join(tmpdir(), 'discless-e2e-'));

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    acceptDownloads: true,
    trace: 'off'
  },
  webServer: {
    // MIN_TTL_SECONDS=1 is a test setting, so a spec can watch a share expire.
    command: 'node scripts/start.mjs --var MIN_TTL_SECONDS:1',
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port), DISCLESS_SKIP_BUILD: '1', DISCLESS_DATA: data },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe'
  }
});
