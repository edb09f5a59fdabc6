// Other ways a CD arrives, done by keyboard: a zipped CD, printed on both layouts with a QR that
// scans from the print rendering; and a folder where hostile files lie beside the good ones.

import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { explicitElement, part10 } from '../../src/lib/core/dicom/test-helpers';
import { decodeQr } from './support/qr';
import { confirmAndShare, exportShare, SAMPLES, sha256, walk } from './support/sender-flow';

const CD = join(SAMPLES, 'dicomdir-pcir');

async function tabTo(page: Page, testId: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
  }
  throw new Error(`${testId} cannot be reached with the Tab key`);
}

test('a zipped CD, shared by keyboard, prints a QR that scans on the handout and on the label', async ({ page, browser }) => {
  const originals = Object.fromEntries(walk(CD).map((p) => [relative(CD, p), new Uint8Array(readFileSync(p))]));
  const zipPath = join(mkdtempSync(join(tmpdir(), 'discless-zip-')), 'Patient CD.zip');
  writeFileSync(zipPath, zipSync(originals, { level: 6 }));

  await page.goto('/');
  await page.getByTestId('pick-files').setInputFiles(zipPath);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('patient')).toHaveCount(2);
  await expect(page.getByTestId('totals')).toContainText('31 images in 32 files');

  await page.locator('h1').focus();
  await tabTo(page, 'confirm-multiple-patients');
  await page.keyboard.press('Space');
  await tabTo(page, 'confirm-identity');
  await page.keyboard.press('Space');
  await tabTo(page, 'create-share');
  await page.keyboard.press('Enter');
  const qr = page.getByTestId('share-qr');
  await expect(qr).toBeVisible({ timeout: 120_000 });
  const link = (await page.getByTestId('share-link').getAttribute('href'))!;

  // A radio group is one Tab stop (the checked choice); the arrow keys move between its choices.
  for (const layout of ['handout', 'label']) {
    await tabTo(page, 'layout-handout');
    if (layout === 'label') await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('print-label')).toHaveAttribute('data-layout', layout);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('share-link')).toBeHidden();
    await expect(page.getByTestId('print-patient')).toBeVisible();
    expect(decodeQr(await qr.screenshot()), layout).toBe(link);
    await page.emulateMedia({ media: 'screen' });
  }

  const exported = await exportShare(browser, link);
  expect(Object.keys(exported).sort()).toEqual(Object.keys(originals).map((p) => `Patient CD/${p}`).sort());
  for (const [p, bytes] of Object.entries(originals)) expect(sha256(exported[`Patient CD/${p}`]), p).toBe(sha256(bytes));
});

test('hostile files beside a CD are skipped with a reason and the good files are still shared', async ({ page, browser }) => {
  const root = join(mkdtempSync(join(tmpdir(), 'discless-hostile-')), 'cd');
  cpSync(CD, root, { recursive: true });
  mkdirSync(join(root, 'junk'));
  const ct = readFileSync(join(SAMPLES, 'CT_small.dcm'));
  const MR = '1.2.840.10008.5.1.4.1.1.4';
  const level = [0x40, 0x00, 0x75, 0x02, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
  const hostile: Record<string, Uint8Array> = {
    TRUNCATED: ct.subarray(0, Math.floor(ct.length / 2)),
    'HUGE-LENGTH': part10('1.2.840.10008.1.2.1', MR, [...explicitElement(0x0008, 0x0016, 'UI', MR), 0x10, 0x00, 0x10, 0x00, 0x55, 0x54, 0, 0, 0xf0, 0xff, 0xff, 0xff]),
    DEEP: Uint8Array.from([...part10('1.2.840.10008.1.2.1', MR, explicitElement(0x0008, 0x0016, 'UI', MR)), ...Array.from({ length: 50_000 }, () => level).flat()]),
    'autorun.inf': new TextEncoder().encode('[autorun]\r\nopen=viewer.exe\r\n'),
    EMPTY: new Uint8Array(0)
  };
  for (const [name, bytes] of Object.entries(hostile)) writeFileSync(join(root, 'junk', name), bytes);

  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(root);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('totals')).toContainText('31 images in 32 files');
  const skipped = await page.getByTestId('skipped-file').evaluateAll((lis) => lis.map((li) => [li.querySelector('code')!.textContent, li.getAttribute('data-code'), li.textContent]));
  expect(skipped.map(([path]) => path).sort()).toEqual(Object.keys(hostile).map((n) => `cd/junk/${n}`).sort());
  for (const [path, code, text] of skipped) {
    expect(['not-dicom', 'truncated', 'malformed'], path!).toContain(code);
    expect(text!.length, path!).toBeGreaterThan(path!.length + 20);
  }

  const link = await confirmAndShare(page);
  const exported = await exportShare(browser, link);
  const good = walk(CD);
  expect(Object.keys(exported)).toHaveLength(good.length);
  for (const p of good) expect(sha256(exported[`cd/${relative(CD, p)}`])).toBe(sha256(readFileSync(p)));
});
