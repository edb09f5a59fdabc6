// A de-identified upload cut off mid-way, the tab reloaded, then continued from the share history:
// the same key and choices make the same de-identified bytes again (a different byte would stop the
// upload with file-changed), only what the store lacks is sent, and every exported file carries the
// pseudonym and the original's pixels.

import { expect, test, type Route } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dcmtkPixelDataHash } from '../../src/lib/core/dicom/test-helpers';
import { exportShare, SAMPLES, sha256 } from './support/sender-flow';

// About 74 MB: three 32 MiB objects, so the cut can fall between parts.
const COPIES = 140;
let folder: string;

/** Pixel Data of a file, as dcmtk reads it. */
function pixels(bytes: Uint8Array): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'discless-deid-resume-px-'));
  writeFileSync(join(dir, 'file.dcm'), bytes);
  return dcmtkPixelDataHash(join(dir, 'file.dcm'));
}

test.beforeAll(() => {
  folder = join(mkdtempSync(join(tmpdir(), 'discless-deid-resume-')), 'CT');
  mkdirSync(folder);
  for (let i = 0; i < COPIES; i++) copyFileSync(join(SAMPLES, 'CTImage.dcm'), join(folder, `IM${String(i).padStart(4, '0')}`));
});

test('a de-identified upload cut off mid-way continues after a reload with the same bytes, without re-sending stored parts', async ({ page, request }) => {
  test.setTimeout(420_000);
  const cut = (route: Route) => (route.request().method() === 'PUT' ? route.abort('connectionreset') : route.fallback());
  await page.route('**/api/v1/shares/*/objects/1', cut);
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('deidentify').check();
  await page.getByTestId('pseudonym').fill('Board case 3');
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('upload-progress')).toHaveAttribute('data-phase', 'paused', { timeout: 180_000 });

  await page.unrouteAll();
  await page.reload();
  await page.getByTestId('nav-history').click();
  const entry = page.getByTestId('history-entry').first();
  await expect(entry).toHaveAttribute('data-state', 'interrupted', { timeout: 30_000 });
  const shareId = (await entry.getAttribute('data-share-id'))!;
  const stored = ((await (await request.get(`/api/v1/shares/${shareId}`)).json()) as { objects: { n: number }[] }).objects.map((o) => o.n);
  expect(stored).toContain(0);
  expect(stored).not.toContain(1);

  const puts: string[] = [];
  page.on('request', (r) => void (r.method() === 'PUT' && puts.push(new URL(r.url()).pathname.split('/').slice(-2).join('/'))));
  await entry.getByTestId('history-continue').click();
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('print-patient')).toHaveText('BOARD CASE 3');
  expect(puts.filter((p) => stored.some((n) => p === `objects/${n}`))).toEqual([]);
  expect(puts).toContain('objects/1');
  const link = (await page.getByTestId('share-link').getAttribute('href'))!;

  const exported = Object.values(await exportShare(page.context().browser()!, link));
  expect(exported).toHaveLength(COPIES);
  const originalPixels = dcmtkPixelDataHash(join(SAMPLES, 'CTImage.dcm'));
  expect(originalPixels).not.toBeNull();
  expect(new Set(exported.map(sha256)).size).toBe(1); // identical copies stay identical: one UID map, one key
  expect(pixels(exported[0])).toBe(originalPixels);
  expect(Buffer.from(exported[0]).toString('latin1')).toContain('Board case 3');
});
