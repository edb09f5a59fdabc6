// Offline: the production build's service worker precaches the app shell, so the pages load with the
// network cut; a link whose share was never opened on this device says so in plain words.

import { expect, test, type Page } from '@playwright/test';

async function controlledByServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('the app is installable: a manifest with name, icons and standalone display', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const manifest = await (await request.get(new URL(href!, page.url()).href)).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining('Discless'), display: 'standalone', start_url: '/' });
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await request.get(new URL(icon.src, page.url()).href)).status()).toBe(200);
});

test('the staff page and the viewer load with the network cut once the app was opened', async ({ page, context }) => {
  await page.goto('/');
  await controlledByServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('pick-folder')).toBeAttached();
  await page.goto('/v#1AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'offline');
  await context.setOffline(false);
});
