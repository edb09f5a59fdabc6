// The default download, once the service worker controls the viewer, streams through it
// (static/download-sw.js) so the browser writes the zip to disk as it is made. It is the same export:
// every original bit-identical, a DICOMDIR and a README.TXT, and an outside reader (Info-ZIP unzip)
// accepts the zip. Its one-time URL carries a random id and the neutral file name only.

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
