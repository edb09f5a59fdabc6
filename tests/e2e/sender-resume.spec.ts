// An upload cut off mid-way (object PUTs aborted as a dropped connection would), the tab reloaded,
// then continued from the share history with the same folder: what the store holds is not sent
// again, and the clinician's export is SHA-256-identical to the originals.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Route } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { decodeQr } from './support/qr';
import { exportShare, SAMPLES, sha256, walk } from './support/sender-flow';

// About 74 MB: three 32 MiB objects, so the cut can fall between parts.
const COPIES = 140;
let folder: string;

test.beforeAll(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'discless-resume-')), 'CT');
  mkdirSync(folder);
  for (let i = 0; i < COPIES; i++) copyFileSync(join(SAMPLES, 'CTImage.dcm'), join(folder, `IM${String(i).padStart(4, '0')}`));
});

async function noSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
}

test('pause holds the upload and continue finishes it without re-sending what the store holds', async ({ page }) => {
  test.setTimeout(420_000);
  // Object 1 is held until staff press Pause, so the pause always falls mid-upload.
  let release!: () => void;
  const paused = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/shares/*/objects/1', async (route: Route) => {
    await paused;
    await route.continue().catch(() => {});
  });
  const puts: string[] = [];
  const stored: string[] = [];
  const name = (url: string) => new URL(url).pathname.split('/').slice(-2).join('/');
  page.on('request', (r) => void (r.method() === 'PUT' && puts.push(name(r.url()))));
  page.on('response', (r) => void (r.request().method() === 'PUT' && r.status() === 201 && stored.push(name(r.url()))));
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('upload-bytes')).toBeVisible({ timeout: 60_000 });
  // Objects 0 and 2 go through while 1 is held.
  await expect.poll(() => stored.sort(), { timeout: 120_000 }).toEqual(['objects/0', 'objects/2']);
  await noSeriousAxeViolations(page);
  await page.getByTestId('pause-upload').click();
  await expect(page.getByTestId('upload-progress')).toHaveAttribute('data-phase', 'paused');
  release();
  await page.unrouteAll();
  const before = puts.length;
  await page.getByTestId('resume-upload').click();
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 180_000 });
  const again = puts.slice(before).filter((p) => p.startsWith('objects/'));
  expect(again).toEqual(['objects/1']);
});

test('an upload cut off mid-way continues after a reload without re-sending stored parts, and exports identical', async ({ page, request }) => {
  test.setTimeout(420_000);
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
  const entry = page.getByTestId('history-entry').first();
  await expect(entry).toHaveAttribute('data-state', 'interrupted', { timeout: 30_000 });
  await noSeriousAxeViolations(page);
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
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 240_000 });
  const link = (await page.getByTestId('share-link').getAttribute('href'))!;
  expect(puts.filter((p) => storedBefore.some((n) => p === `objects/${n}`))).toEqual([]);
  expect(puts).toContain('objects/1');
  expect(puts.at(-1)).toBe(`${shareId}/manifest`);

  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-entry').first()).toHaveAttribute('data-state', 'active', { timeout: 30_000 });
  await page.getByTestId('history-print').first().click();
  expect(decodeQr(await page.getByTestId('share-qr').screenshot())).toBe(link);

  const exported = await exportShare(page.context().browser()!, link);
  const originals = walk(folder);
  expect(Object.keys(exported)).toHaveLength(originals.length);
  for (const path of originals) {
    const name = `CT/${relative(folder, path)}`;
    expect(sha256(exported[name]), name).toBe(sha256(readFileSync(path)));
  }
});
