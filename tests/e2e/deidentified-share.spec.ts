// A de-identified share for a second opinion (issue 13), checked from the outside with dcmtk. The CD
// of tests/fixtures/make-deid-cd.sh (several series, a key object selection, a presentation state and
// an SR referencing the images, a PDF, a private class, a bare big endian image, an ultrasound image
// with burned-in text) is shared de-identified through the staff page, opened in a fresh browser and
// exported. Then, without any of this project's code: no original name, ID, birth date, accession
// number, institution, referring physician or UID is in any exported file (raw bytes searched),
// every reference of the key object selection, the presentation state and the SR resolves to an
// exported instance, dcmdump reads every file, and each image's Pixel Data is the original's.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dcmtkPixelDataHash } from '../../src/lib/core/dicom/test-helpers';
import { walk } from './support/sender-flow';

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');
const PSEUDONYM = 'Teaching case 12';
/** As names are shown (family name in capitals): the pseudonym is written as Patient's Name. */
const SHOWN = 'TEACHING CASE 12';
const IDENTIFYING = ['Tester', 'TESTER', 'Cecilia', 'CD-0042', '19610714', 'ACC-77', 'JFK IMAGING', 'Referrer', 'Rita'];

function makeCd(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'discless-deid-e2e-')), 'CD');
  execFileSync('bash', [join(import.meta.dirname, '../fixtures/make-deid-cd.sh'), folder], { env: { ...process.env, DICOM_SAMPLES: SAMPLES } });
  return folder;
}

interface Element {
  tag: string;
  vr: string;
  name: string;
  value: string;
}

/** dcmdump's elements of a file, at every depth; throws if it reports an error or a warning. */
function dcmdump(path: string): Element[] {
  const out = execFileSync('dcmdump', ['+L', '-M', path], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  return [...out.matchAll(/^ *\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (.*?) +#.*?, \d+ (\S+)$/gm)].map(([, tag, vr, value, name]) => ({ tag, vr, name, value }));
}

function dcmdumpStrict(path: string): Element[] {
  const run = execFileSync('bash', ['-c', 'dcmdump +L -M "$1" 2>&1 >/dev/null', 'dcmdump', path], { encoding: 'latin1' });
  expect(run.trim(), `dcmdump on ${path}`).toBe('');
  return dcmdump(path);
}

const value = (els: Element[], tag: string) => els.find((e) => e.tag === tag)?.value.replace(/^\[|\]$/g, '') ?? '';

async function reviewDeidentified(page: Page, folder: string) {
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('deidentify').check();
  await expect(page.getByTestId('pseudonym')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('pseudonym').fill(PSEUDONYM);
}

async function share(page: Page): Promise<string> {
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 120_000 });
  return (await page.getByTestId('share-link').getAttribute('href'))!;
}

/** Opens the link in a fresh browser, checks the mark, and unpacks the export into a folder. */
async function exportDeidentified(browser: Browser, link: string): Promise<{ dir: string; names: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  await expect(viewer.getByTestId('deidentified')).toContainText('Basic Application Level Confidentiality Profile');
  await expect(viewer.getByTestId('deidentified')).toHaveAttribute('data-codes', /^113100( \d+)*$/);
  await expect(viewer.locator('header h1')).toHaveText(SHOWN);
  const downloading = viewer.waitForEvent('download', { timeout: 120_000 });
  await viewer.getByTestId('export-dicom').click();
  const zip = unzipSync(new Uint8Array(readFileSync((await (await downloading).path())!)));
  await context.close();
  const dir = mkdtempSync(join(tmpdir(), 'discless-deid-export-'));
  for (const [name, bytes] of Object.entries(zip)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return { dir, names: Object.keys(zip) };
}

const cd = makeCd();
const originals = walk(cd).filter((p) => !p.endsWith('DICOMDIR') && /DICOM|LOOSE/.test(p) && !/VIEWER/.test(p));
const originalDumps = new Map(originals.map((p) => [p, dcmdump(p)]));
/** Every UID of the disc that names something of this patient: all but classes, syntaxes and schemes. */
const classLike = (e: Element) => /ClassUID|TransferSyntaxUID|CodingSchemeUID|SOPClass/.test(e.name);
const originalUids = new Set([...originalDumps.values()].flatMap((els) => els.filter((e) => e.vr === 'UI' && /^\[[0-9.]+\]$/.test(e.value) && !classLike(e)).map((e) => e.value.slice(1, -1))));
const classUids = new Set([...originalDumps.values()].flatMap((els) => els.filter(classLike).map((e) => e.value.replace(/^\[|\]$/g, ''))));
/** Images by series and instance number, which the profile keeps: how an exported file finds its original. */
const REFERRING = /KeyObjectSelection|ComprehensiveSR|GrayscaleSoftcopyPresentationState/;
const key = (els: Element[]) => `${value(els, '0020,0011')}/${value(els, '0020,0013')}/${value(els, '0008,0016')}`;

test('a de-identified share: dcmtk finds no identifier or original UID in the export, every reference resolves, pixel data unchanged', async ({ browser, page }) => {
  for (const uid of originalUids) expect(classUids.has(uid), uid).toBe(false);
  expect(originalUids.size).toBeGreaterThan(30);
  await reviewDeidentified(page, cd);

  // The review: the ultrasound image may show the name and is left out unless included; the PDF is left out.
  await expect(page.getByTestId('burned-in')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('burned-in-thumbnail')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('include-burned-in')).not.toBeChecked();
  await expect(page.getByTestId('deid-left-out-file')).toHaveAttribute('data-reason', 'document');
  await expect(page.getByTestId('include-other-files')).toHaveCount(0);
  // Before and after for the first file: the pseudonym replaces the name, the UID is new.
  const preview = page.getByTestId('deid-preview');
  await expect(preview.locator('[data-tag="(0010,0010)"]')).toContainText('Tester^Cecilia', { timeout: 30_000 });
  await expect(preview.locator('[data-tag="(0010,0010)"]')).toContainText(PSEUDONYM);
  await expect(preview.locator('[data-tag="(0008,0018)"] td').nth(1)).toHaveText(/^2\.25\.\d+$/);
  await expect(preview.locator('[data-tag="(0008,0050)"]')).toContainText('ACC-77');

  const link = await share(page);
  // The label and handout name the pseudonym only.
  await expect(page.getByTestId('print-patient')).toHaveText(SHOWN);
  const printed = await page.getByTestId('print-label').innerText();
  for (const v of IDENTIFYING) expect(printed.includes(v), v).toBe(false);
  expect(printed).not.toContain('1961');

  const { dir, names } = await exportDeidentified(browser, link);
  const files = names.filter((n) => /^DICOM\/ST/.test(n));
  // 33 DICOM objects on the disc (and its DICOMDIR): less the PDF and the ultrasound image, not included.
  expect(files).toHaveLength(31);

  // Raw bytes of every exported file, README.TXT and DICOMDIR included.
  for (const name of names) {
    const raw = readFileSync(join(dir, name)).toString('latin1');
    for (const v of IDENTIFYING) expect(raw.includes(v), `${v} in ${name}`).toBe(false);
    for (const uid of originalUids) expect(raw.includes(uid), `${uid} in ${name}`).toBe(false);
  }

  const exported = new Map(files.map((n) => [n, dcmdumpStrict(join(dir, n))]));
  const instances = new Set([...exported.values()].map((els) => value(els, '0008,0018')));
  expect(instances.size).toBe(31);
  let references = 0;
  for (const [name, els] of exported) {
    expect(value(els, '0010,0010'), name).toBe(PSEUDONYM);
    expect(value(els, '0012,0062'), name).toBe('YES');
    const cls = value(els, '0008,0016');
    if (REFERRING.test(cls)) {
      for (const e of els.filter((x) => x.tag === '0008,1155')) {
        references++;
        expect(instances.has(e.value.slice(1, -1)), `${cls} ${e.value}`).toBe(true);
      }
    }
  }
  // As many as the originals hold (the key objects and the SR name each CT image twice).
  const referring = [...originalDumps.values()].filter((els) => REFERRING.test(value(els, '0008,0016')));
  expect(references).toBe(referring.flatMap((els) => els.filter((e) => e.tag === '0008,1155')).length);
  expect(references).toBeGreaterThanOrEqual(13);

  // Every exported image against its original: same transfer syntax, same Pixel Data bytes.
  const byKey = new Map([...originalDumps].filter(([, els]) => els.some((e) => e.tag === '7fe0,0010')).map(([p, els]) => [key(els), p]));
  let images = 0;
  for (const [name, els] of exported) {
    if (!els.some((e) => e.tag === '7fe0,0010')) continue;
    const original = byKey.get(key(els));
    expect(original, name).toBeDefined();
    expect(value(els, '0002,0010')).toBe(value(originalDumps.get(original!)!, '0002,0010'));
    const pixels = dcmtkPixelDataHash(original!);
    expect(pixels, original).not.toBeNull();
    expect(dcmtkPixelDataHash(join(dir, name)), name).toBe(pixels);
    images++;
  }
  expect(images).toBe(5);
  rmSync(dir, { recursive: true, force: true });
});

test('an image that may show the name goes only when staff look at it and include it; its pixels unchanged', async ({ browser, page }) => {
  await reviewDeidentified(page, cd);
  await expect(page.getByTestId('burned-in-thumbnail')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('include-burned-in').check();
  await expect(page.getByTestId('burned-in-file')).toHaveAttribute('data-included', 'true');
  const link = await share(page);
  const { dir, names } = await exportDeidentified(browser, link);
  const us = names.filter((n) => /^DICOM\/ST/.test(n)).find((n) => /UltrasoundImageStorage/.test(value(dcmdumpStrict(join(dir, n)), '0008,0016')));
  expect(us).toBeDefined();
  const pixels = dcmtkPixelDataHash(join(cd, 'DICOM/US/US1'));
  expect(pixels).not.toBeNull();
  expect(dcmtkPixelDataHash(join(dir, us!))).toBe(pixels);
  rmSync(dir, { recursive: true, force: true });
});
