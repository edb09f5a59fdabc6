// Offline: the production build's service worker precaches the app shell, so the pages load with the
// network cut; a share opened once is kept (encrypted) in IndexedDB and reopens offline; a link whose
// share is not on this device says so in plain words.

import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { controlledByServiceWorker } from './support/service-worker';
import { shareFolder } from './support/staff';

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

test('a study opened once reopens from the same link with the network cut, until it is removed', async ({ browser }) => {
  const staff = await browser.newPage();
  const link = await shareFolder(staff, join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir'));
  await staff.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await controlledByServiceWorker(page);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true');
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'kept', { timeout: 30_000 });
  await expect(page.getByTestId('offline-status')).toContainText('uses');

  await context.setOffline(true);
  await page.reload();
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-rendered', 'true');
  const series = page.getByTestId('series');
  for (let i = 0; i < (await series.count()); i++) {
    await series.nth(i).click();
    await expect(viewport).toHaveAttribute('data-series-uid', (await series.nth(i).getAttribute('data-series-uid'))!);
    await expect(viewport).toHaveAttribute('data-rendered', 'true');
  }

  await page.getByTestId('remove-offline').click();
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'removed');
  await page.reload();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'offline');
  await context.close();
});
