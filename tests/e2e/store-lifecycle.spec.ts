// What the viewer shows when the store has ended a share: withdrawn by its owner, or past its
// lifetime. The shares are made through the real store's API (tests/e2e/support/store-api.ts).

import { expect, test } from '@playwright/test';
import { createApiShare } from './support/store-api';

test('a share revoked by its owner shows "revoked" in the viewer', async ({ page, baseURL }) => {
  const share = await createApiShare(baseURL!, { commit: true });
  const revoked = await fetch(`${baseURL}/api/v1/shares/${share.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${share.ownerToken}` }
  });
  expect(revoked.status).toBe(200);
  await page.goto(share.link);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'revoked', { timeout: 30_000 });
  await expect(page.getByTestId('error')).toContainText('withdrawn');
});

test('a share past its lifetime shows "expired" in the viewer', async ({ page, baseURL }) => {
  // The e2e store runs with MIN_TTL_SECONDS=1 (playwright.config.ts), a test setting.
  const share = await createApiShare(baseURL!, { ttlSeconds: 1, commit: false });
  await expect.poll(async () => (await fetch(`${baseURL}/api/v1/shares/${share.id}`)).status, { timeout: 30_000 }).toBe(410);
  await page.goto(share.link);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'expired', { timeout: 30_000 });
});

test('the app is served with the hardening headers and its strict CSP', async ({ page, baseURL }) => {
  const response = await page.goto(baseURL + '/v');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['permissions-policy']).toContain('camera=()');
  const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  expect(meta).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  expect(meta).not.toContain("'unsafe-inline' 'sha256");
});

test('the settings page says whether this store needs an upload key', async ({ page, baseURL }) => {
  await page.goto(baseURL + '/settings');
  await expect(page.getByTestId('upload-key-status')).toContainText('without a key');
  await page.getByTestId('upload-key').fill('too short');
  await page.getByTestId('save-settings').click();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'bad-upload-key');
});
