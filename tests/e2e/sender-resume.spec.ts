// An upload cut off mid-way (object PUTs aborted as a dropped connection would), the tab reloaded,
// then continued from the share history with the same folder: what the store holds is not sent
// again, and the clinician's export is SHA-256-identical to the originals.

import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { exportShare, SAMPLES, sha256, walk } from './support/sender-flow';

// About 74 MB: three 32 MiB objects, so the cut can fall between parts.
const COPIES = 140;
let folder: string;

test.beforeAll(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'discless-resume-')), 'CT');
  mkdirSync(folder);
  for (let i = 0; i < COPIES; i++) copyFileSync(join(SAMPLES, 'CTImage.dcm'), join(folder, `IM${String(i).padStart(4, '0')}`));
});

test('an upload cut off mid-way continues after a reload without re-sending stored parts, and exports identical', async ({ page, request }) => {
  test.setTimeout(300_000);
  const cut = (route: import('@playwright/test').Route) => (route.request().method() === 'PUT' ? route.abort('connectionreset') : route.fallback());
  await page.route('**/api/v1/shares/*/objects/1', cut);
  await page.route('**/api/v1/shares/*/objects/2', cut);

  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('upload-progress')).toHaveAttribute('data-phase', 'paused', { timeout: 120_000 });
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'offline');
  await expect(page.getByTestId('resume-upload')).toBeVisible();

  // The tab is reloaded; the share history remembers the interrupted upload.
  await page.unrouteAll();
  await page.reload();
  await page.getByTestId('nav-history').click();
  const entry = page.getByTestId('history-entry');
  await expect(entry).toHaveAttribute('data-state', 'interrupted', { timeout: 30_000 });
  const shareId = (await entry.getAttribute('data-share-id'))!;
  const before = (await (await request.get(`/api/v1/shares/${shareId}`)).json()) as { objects: { n: number }[] };
  const storedBefore = before.objects.map((o) => o.n);
  expect(storedBefore).toContain(0);
  expect(storedBefore).not.toContain(1);

  const puts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT') puts.push(new URL(r.url()).pathname.split('/').slice(-2).join('/'));
  });
  await entry.getByTestId('history-continue').click();
  await expect(page.getByTestId('resume-notice')).toBeVisible();
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 180_000 });
  const link = (await page.getByTestId('share-link').getAttribute('href'))!;
  expect(puts.filter((p) => storedBefore.some((n) => p === `objects/${n}`))).toEqual([]);
  expect(puts).toContain('objects/1');
  expect(puts.at(-1)).toBe(`${shareId}/manifest`);

  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-entry')).toHaveAttribute('data-state', 'active', { timeout: 30_000 });

  const exported = await exportShare(page.context().browser()!, link);
  const originals = walk(folder);
  expect(Object.keys(exported)).toHaveLength(originals.length);
  for (const path of originals) {
    const name = `CT/${relative(folder, path)}`;
    expect(sha256(exported[name]), name).toBe(sha256(readFileSync(path)));
  }
});
