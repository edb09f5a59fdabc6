// The default download, once the service worker controls the viewer, streams through it
// (static/download-sw.js) so the browser writes the zip to disk as it is made. It is the same export:
// every original bit-identical, a DICOMDIR and a README.TXT, and an outside reader (Info-ZIP unzip)
// accepts the zip. Its one-time URL carries a random id and the neutral file name only. Every file is
// checked before the download begins, and the checked files are kept for the zip, so the store's
// bytes are read once.

import { expect, test, type Response } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { controlledByServiceWorker } from './support/service-worker';
import { SAMPLES, sha256, walk } from './support/sender-flow';
import { shareFolder } from './support/staff';

const CD = `${SAMPLES}/dicomdir-pcir`;

test('the default download streams through the service worker from a one-time URL, bit-identical', async ({ browser }) => {
  const staff = await browser.newContext();
  const link = await shareFolder(await staff.newPage(), CD);
  await staff.close();

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const served: Response[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/download/')) served.push(response);
  });
  await page.goto(link);
  await controlledByServiceWorker(page);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });

  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('export-dicom').click();
  const download = await downloading;
  const path = (await download.path())!;
  expect(await download.failure()).toBeNull();

  // The service worker answered, once, at a URL with no secret and no name of the patient in it.
  expect(served).toHaveLength(1);
  expect(served[0].fromServiceWorker()).toBe(true);
  const url = new URL(served[0].url());
  expect(url.pathname).toMatch(/^\/download\/[0-9a-f-]{36}\/dicom-[\w-]+\.zip$/);
  expect(url.search + url.hash).toBe('');
  expect(download.suggestedFilename()).toBe(url.pathname.split('/').at(-1));
  expect(await page.evaluate((href) => fetch(href).then((r) => r.status), url.href)).toBe(404);

  expect(execFileSync('unzip', ['-tq', path], { encoding: 'utf8' })).toMatch(/^No errors detected/);
  const { DICOMDIR: dicomdir, 'README.TXT': readme, ...exported } = unzipSync(new Uint8Array(readFileSync(path)));
  expect(dicomdir.length).toBeGreaterThan(0);
  expect(readme.length).toBeGreaterThan(0);
  const digests = (files: Iterable<Uint8Array>) => [...files].map(sha256).sort();
  expect(digests(Object.values(exported))).toEqual(digests(walk(CD).map((p) => readFileSync(p))));
  await expect(page.getByTestId('export-dicom')).toBeEnabled();
  await context.close();
});

test('a streamed download reads the study from the store once, though it checks every file before it begins', async ({ browser }) => {
  // A share with a PIN, which is never kept on the device: every byte the export needs comes from
  // the store, and none from the offline copy.
  const staff = await browser.newPage();
  await staff.goto('/');
  await staff.getByTestId('pick-folder').setInputFiles(CD);
  await expect(staff.getByTestId('review')).toBeVisible();
  await staff.getByTestId('confirm-multiple-patients').check();
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('pin').fill('482193');
  await staff.getByTestId('create-share').click();
  const link = (await staff.getByTestId('share-link').getAttribute('href', { timeout: 60_000 }))!;
  await staff.close();

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(link);
  await controlledByServiceWorker(page);
  await page.getByTestId('pin').fill('482193');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });

  const objectPath = /^\/api\/v1\/shares\/([0-9a-f]{32})\/objects\/[0-9]+$/;
  let exporting = false;
  let shareId = '';
  const read: number[] = [];
  context.on('response', (response) => {
    const match = objectPath.exec(new URL(response.url()).pathname);
    if (!match || !exporting) return;
    shareId = match[1];
    read.push(Number(response.headers()['content-length'] ?? 0));
  });
  exporting = true;
  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('export-dicom').click();
  const download = await downloading;
  expect(await download.failure()).toBeNull();
  exporting = false;

  const status = await (await page.request.get(`/api/v1/shares/${shareId}`)).json();
  const stored = status.objects.reduce((sum: number, object: { size: number }) => sum + object.size, 0);
  const fetched = read.reduce((a, b) => a + b, 0);
  // Everything but the objects' headers, which the reader rebuilds from the manifest, and once only.
  expect(fetched).toBeGreaterThan(stored * 0.95);
  expect(fetched).toBeLessThanOrEqual(stored);
  await context.close();
});
