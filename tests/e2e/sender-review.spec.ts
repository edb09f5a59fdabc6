// The review staff check before anything leaves the browser, on the real sample corpus: its numbers
// must match MANIFEST.tsv, two patients must be acknowledged, and unticked series stay behind.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { confirmAndShare, exportShare, SAMPLES, walk } from './support/sender-flow';

const rows = readFileSync(join(SAMPLES, 'MANIFEST.tsv'), 'utf8')
  .trimEnd()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([file, , , , , modality, , , size, , , , notes]) => ({ file, modality, image: size !== '', malformed: notes.startsWith('MALFORMED') }));

async function noSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the CD folder: two patients, numbers as in MANIFEST.tsv, a thumbnail per series, and a warning to acknowledge', async ({ page }) => {
  const cd = rows.filter((r) => r.file.startsWith('dicomdir-pcir/'));
  await page.goto('/');
  await noSeriousAxeViolations(page);
  await page.getByTestId('pick-folder').setInputFiles(join(SAMPLES, 'dicomdir-pcir'));
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('patient')).toHaveCount(2);
  const images = cd.filter((r) => r.image).length;
  await expect(page.getByTestId('totals')).toContainText(`${images} images in ${cd.length} files`);
  const counts = await page.getByTestId('review-series').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-image-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(images);
  const modalities = new Set((await page.getByTestId('study-modalities').allTextContents()).flatMap((t) => t.split(', ')));
  expect([...modalities].sort()).toEqual([...new Set(cd.filter((r) => r.image).map((r) => r.modality))].sort());
  await expect(page.getByTestId('series-thumbnail')).toHaveCount(counts.length, { timeout: 30_000 });
  const src = await page.getByTestId('series-thumbnail').first().getAttribute('src');
  expect(src).toMatch(/^data:image\/jpeg;base64,/);

  // Two patients: sharing waits for the warning to be acknowledged as well as the identity check.
  await expect(page.getByTestId('multiple-patients')).toBeVisible();
  await page.getByTestId('confirm-identity').check();
  await expect(page.getByTestId('create-share')).toBeDisabled();
  await page.getByTestId('confirm-multiple-patients').check();
  await expect(page.getByTestId('create-share')).toBeEnabled();
  await noSeriousAxeViolations(page);

  // Leaving out the second patient's studies removes the warning: one patient is left.
  const second = page.getByTestId('patient').nth(1);
  for (const box of await second.getByTestId('include-study').all()) await box.uncheck();
  await expect(page.getByTestId('confirm-multiple-patients')).toHaveCount(0);
  const kept = await page.getByTestId('patient').first().getByTestId('review-series').evaluateAll((trs) => trs.reduce((n, tr) => n + Number(tr.getAttribute('data-image-count')), 0));
  await expect(page.getByTestId('totals')).toContainText(`${kept} images in ${kept} files`);
  const link = await confirmAndShare(page);
  await noSeriousAxeViolations(page);

  const exported = await exportShare(page.context().browser()!, link);
  expect(Object.keys(exported)).toHaveLength(kept);
  expect(Object.keys(exported).some((p) => p.endsWith('DICOMDIR'))).toBe(false);
});

test('the whole sample folder: every DICOM file in MANIFEST.tsv read, the rest skipped with a reason', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(SAMPLES);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  const accepted = rows.filter((r) => !r.malformed);
  const images = accepted.filter((r) => r.image).length;
  await expect(page.getByTestId('totals')).toContainText(`${images} images in ${accepted.length} files`);
  const onDisk = walk(SAMPLES).map((p) => `dicom-samples/${relative(SAMPLES, p)}`);
  const listed = new Set(rows.map((r) => `dicom-samples/${r.file}`));
  const skipped = await page.getByTestId('skipped-file').evaluateAll((lis) => lis.map((li) => [li.querySelector('code')!.textContent, li.getAttribute('data-code')]));
  expect(Object.fromEntries(skipped)).toEqual({
    ...Object.fromEntries(onDisk.filter((p) => !listed.has(p)).map((p) => [p, 'not-dicom'])),
    ...Object.fromEntries(rows.filter((r) => r.malformed).map((r) => [`dicom-samples/${r.file}`, 'truncated']))
  });
  expect(await page.getByTestId('patient').count()).toBeGreaterThan(2);
  await expect(page.getByTestId('multiple-patients')).toBeVisible();
});
