// Steps the staff-page specs share: review a drop, share it, and fetch the export a clinician gets.

import { expect, type Browser, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES = join(import.meta.dirname, '../../../../shared/dicom-samples');

export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Ticks what the review asks for and shares; returns the link once the QR is shown. */
export async function confirmAndShare(page: Page): Promise<string> {
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  const multiple = page.getByTestId('confirm-multiple-patients');
  if (await multiple.isVisible()) await multiple.check();
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 120_000 });
  return (await page.getByTestId('share-link').getAttribute('href'))!;
}

/** The export a receiving clinician downloads from the link, by path. */
export async function exportShare(browser: Browser, link: string): Promise<Record<string, Uint8Array>> {
  const context = await browser.newContext({ acceptDownloads: true });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
  const downloading = viewer.waitForEvent('download', { timeout: 120_000 });
  await viewer.getByTestId('export-dicom').click();
  const zip = unzipSync(new Uint8Array(readFileSync((await (await downloading).path())!)));
  await context.close();
  return byOriginalPath(zip);
}

/**
 * The export lays files out as a DICOM File-set (DICOM/ST…/SE…/IM…) and its README.TXT says where each
 * came from ("new <- original"): the exported originals by the paths they had on the sender's disc.
 */
function byOriginalPath(zip: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const readme = new TextDecoder().decode(zip['README.TXT']);
  const moves = [...readme.matchAll(/^(\S+) <- (.+)$/gm)];
  expect(moves.length).toBeGreaterThan(0);
  return Object.fromEntries(moves.map(([, now, was]) => [was, zip[now]]));
}
