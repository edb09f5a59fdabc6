// Nothing on the CD is lost (issue 10). A CD made by tests/fixtures/make-cd.sh with dcmtk holds
// every kind of object a real disc carries: a DICOMDIR, 20 CT instances without Pixel Data, a key
// object selection and a presentation state referencing images, a bare big-endian data set, a
// deflated SR, a private SOP class, an encapsulated PDF, UIDs padded with spaces, an ECG, an RT
// plan, and three files that are not DICOM. Staff drop it and check every count; the share opens
// in a fresh browser, which lists every series (those without pictures too); the export holds
// every DICOM file bit-identical with a DICOMDIR that points at each, and the files that are not
// DICOM only when staff ticked them.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { sha256, walk } from './support/sender-flow';

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');

function makeCd(): { folder: string; kinds: Map<string, string> } {
  const folder = join(mkdtempSync(join(tmpdir(), 'discless-cd-e2e-')), 'CD');
  execFileSync('bash', [join(import.meta.dirname, '../fixtures/make-cd.sh'), folder], { env: { ...process.env, DICOM_SAMPLES: SAMPLES } });
  const [, ...rows] = readFileSync(`${folder}.tsv`, 'utf8').trimEnd().split('\n');
  return { folder, kinds: new Map(rows.map((row) => row.split('\t') as [string, string])) };
}

const cd = makeCd();
const originals = new Map(walk(cd.folder).map((path) => [`CD/${relative(cd.folder, path)}`, readFileSync(path)]));
const dicomPaths = [...cd.kinds].filter(([, kind]) => kind !== 'not-dicom').map(([path]) => `CD/${path}`);
const otherPaths = [...cd.kinds].filter(([, kind]) => kind === 'not-dicom').map(([path]) => `CD/${path}`);

async function dropCd(page: Page) {
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(cd.folder);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
}

async function share(page: Page): Promise<string> {
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 120_000 });
  return (await page.getByTestId('share-link').getAttribute('href'))!;
}

/** The zip a clinician downloads, entry by entry. */
async function exportZip(viewer: Page): Promise<Record<string, Uint8Array>> {
  const downloading = viewer.waitForEvent('download', { timeout: 120_000 });
  await viewer.getByTestId('export-dicom').click();
  return unzipSync(new Uint8Array(readFileSync((await (await downloading).path())!)));
}

/** README.TXT maps each exported name to the path the file had on the CD. */
function byOriginalPath(zip: Record<string, Uint8Array>): Map<string, Uint8Array> {
  const readme = new TextDecoder().decode(zip['README.TXT']);
  return new Map([...readme.matchAll(/^(\S+) <- (.+)$/gm)].map(([, now, was]) => [was.trimEnd(), zip[now]]));
}

async function openFresh(browser: Browser, link: string) {
  const context = await browser.newContext({ acceptDownloads: true });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  return { context, viewer };
}

test('a CD of every kind of object: every count on the review, every series in the viewer, every DICOM file exported bit-identical', async ({ browser, page }) => {
  expect(dicomPaths).toHaveLength(33);
  await dropCd(page);

  // The review: five series (two of them without pictures), six documents, three files that are not DICOM.
  const rows = await page.getByTestId('review-series').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('td:nth-child(3)')!.textContent!.trim(), Number(tr.getAttribute('data-image-count')), Number(tr.getAttribute('data-object-count'))])
  );
  expect(rows).toEqual([
    ['1 Chest with pixels', 3, 0],
    ['2 Chest, no pixels', 0, 20],
    ['3 Padded UIDs', 1, 0],
    [expect.stringMatching(/^4 /), 1, 0],
    ['950 Vendor data', 0, 1]
  ]);
  await expect(page.getByTestId('review-document')).toHaveCount(6);
  await expect(page.getByTestId('include-document')).toHaveCount(6);
  const totals = page.getByTestId('totals');
  await expect(totals).toContainText('5 images in 33 files');
  await expect(totals).toContainText('with 27 other DICOM objects');
  await expect(totals).toContainText('Will not be shared: 3 files (3 not DICOM)');
  const skipped = await page.getByTestId('skipped-file').evaluateAll((lis) => lis.map((li) => [li.querySelector('code')!.textContent, li.getAttribute('data-code')]));
  expect(skipped).toEqual(otherPaths.map((p) => [p, 'not-dicom']));
  await expect(page.getByTestId('left-out-warning')).toHaveCount(0);
  await expect(page.getByTestId('multiple-patients')).toHaveCount(0);
  const link = await share(page);

  // A fresh browser: every series is listed, those without pictures with their objects.
  const { context, viewer } = await openFresh(browser, link);
  const series = await viewer.getByTestId('series').evaluateAll((items) =>
    items.map((b) => [Number(b.getAttribute('data-image-count')), Number(b.getAttribute('data-object-count'))])
  );
  expect(series).toEqual([
    [3, 0],
    [0, 20],
    [1, 0],
    [1, 0],
    [0, 1]
  ]);
  await expect(viewer.getByTestId('document')).toHaveCount(6);
  await expect(viewer.getByTestId('not-shared')).toHaveAttribute('data-omitted', '3');
  await viewer.getByTestId('series').nth(1).click();
  await expect(viewer.getByTestId('objects').getByTestId('object')).toHaveCount(20);
  await viewer.getByTestId('object').first().click();
  await expect(viewer.getByTestId('tag-browser').locator('[data-tag="(0008,0016)"]')).toContainText('1.2.840.10008.5.1.4.1.1.2');
  await viewer.keyboard.press('Escape');
  await viewer.getByTestId('series').nth(4).click();
  await viewer.getByTestId('object').click();
  await expect(viewer.getByTestId('tag-browser').locator('[data-tag="(0008,0016)"]')).toContainText('1.3.6.1.4.1.5962.99.1.2001.1');
  await viewer.keyboard.press('Escape');

  // The export: every DICOM file, bit-identical, and nothing that is not DICOM.
  const zip = await exportZip(viewer);
  await context.close();
  const exported = byOriginalPath(zip);
  for (const path of dicomPaths) expect(sha256(exported.get(path) ?? new Uint8Array()), path).toBe(sha256(originals.get(path)!));
  for (const path of otherPaths) expect(exported.has(path), path).toBe(false);
  expect(Object.keys(zip).some((name) => name.startsWith('NOT_DICOM/'))).toBe(false);
  expect(new TextDecoder().decode(zip['README.TXT'])).toContain('  CD/VIEWER/VIEWER.EXE (not DICOM)');

  // Its DICOMDIR, read by dcmtk, points at every DICOM object in the zip.
  const dir = mkdtempSync(join(tmpdir(), 'discless-cd-export-'));
  for (const [name, bytes] of Object.entries(zip)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const dump = execFileSync('dcmdump', ['-q', join(dir, 'DICOMDIR')], { encoding: 'latin1' });
  const ids = [...dump.matchAll(/\(0004,1500\) CS \[([^\]]+)\]/g)].map((m) => m[1].replaceAll('\\', '/'));
  expect(ids).toHaveLength(32);
  const named = new Set(Object.keys(zip).filter((n) => n.startsWith('DICOM/')));
  expect(new Set(ids)).toEqual(named);
});

test('files that are not DICOM go too when staff tick them, exported unchanged under their own paths', async ({ browser, page }) => {
  await dropCd(page);
  await page.getByTestId('include-other-files').check();
  await expect(page.getByTestId('totals')).toContainText('5 images in 36 files');
  await expect(page.getByTestId('totals')).toContainText('3 files that are not DICOM, as they are');
  const link = await share(page);

  const { context, viewer } = await openFresh(browser, link);
  await expect(viewer.getByTestId('other-files')).toHaveAttribute('data-count', '3');
  await expect(viewer.getByTestId('not-shared')).toHaveCount(0);
  const zip = await exportZip(viewer);
  await context.close();
  const exported = byOriginalPath(zip);
  for (const path of [...dicomPaths, ...otherPaths]) expect(sha256(exported.get(path) ?? new Uint8Array()), path).toBe(sha256(originals.get(path)!));
  expect(Object.keys(zip).filter((name) => name.startsWith('NOT_DICOM/')).sort()).toEqual(['NOT_DICOM/CD/AUTORUN.INF', 'NOT_DICOM/CD/INDEX.HTM', 'NOT_DICOM/CD/VIEWER/VIEWER.EXE']);
});

test('a damaged DICOM file beside the CD is named prominently above the confirm box, with a true reason', async ({ page }) => {
  const folder = join(mkdtempSync(join(tmpdir(), 'discless-cd-damaged-')), 'CD');
  execFileSync('cp', ['-r', cd.folder, folder]);
  writeFileSync(join(folder, 'DICOM', 'CUT'), readFileSync(join(SAMPLES, 'MR_truncated.dcm')));
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  const warning = page.getByTestId('left-out-warning');
  await expect(warning).toBeVisible({ timeout: 60_000 });
  await expect(warning).toHaveAttribute('data-count', '1');
  await expect(warning).toContainText('1 damaged (cut short)');
  // Above the box staff tick to confirm, so it is read before sharing.
  const warningBox = (await warning.boundingBox())!;
  const confirmBox = (await page.getByTestId('confirm-identity').boundingBox())!;
  expect(warningBox.y).toBeLessThan(confirmBox.y);
  await expect(page.locator('[data-testid=skipped-file][data-code=truncated]')).toContainText('CD/DICOM/CUT');
  await expect(page.getByTestId('totals')).toContainText('Will not be shared: 4 files (3 not DICOM, 1 damaged (cut short))');
});
