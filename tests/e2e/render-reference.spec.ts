// Correctness against an outside reference: every image in ../shared/dicom-samples that dcmtk can
// render is rendered in Chromium by the production build (decode worker, wasm codecs, image loader,
// cornerstone) at 1:1 and the file's own window, read back, and compared with dcmj2pnm's rendering
// made here, at test time. Grey: within 1 level; colour: within 1 level per channel.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import { dcmtkFrames, type Raster } from './support/dcmtk-reference';
import { unsupportedSyntaxFile } from './support/unsupported-file';

// The package's full declarations (the project's dicom-parser.d.ts types only what the indexer uses).
const parseDicom = (dicomParser as unknown as { parseDicom(bytes: Uint8Array): DataSet }).parseDicom;

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');

interface Sample {
  file: string;
  syntax: string;
  frames: number;
  photometric: string;
}
const samples: Sample[] = readFileSync(join(SAMPLES, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter((cells) => cells[8] !== '' && !cells[12].startsWith('MALFORMED'))
  .map((cells) => ({ file: cells[0], syntax: cells[6], frames: Number(cells[9]), photometric: cells[11] }));

/** What dcmtk 3.6.7 cannot render (the MANIFEST notes say so): these get the sanity test below. */
const NO_DCMTK_REFERENCE = new Set(['HTJ2KLossless_08_RGB.dcm', 'gdcm-US-ALOKA-16.dcm']);

/**
 * The dcmj2pnm VOI options for the file's own window: the first window in the file, else (no window)
 * the frame's minimum to maximum, as the viewer does. dcmtk 3.6.7 applies an enhanced object's
 * rescale from its functional groups but does not offer its window to `+Wi`, so that one is given.
 */
function voiOptions(sample: Sample): string[] {
  if (sample.photometric === 'RGB' || sample.photometric.startsWith('YBR') || sample.photometric === 'PALETTE COLOR') return [];
  const dataSet = parseDicom(readFileSync(join(SAMPLES, sample.file)));
  if (dataSet.elements.x00281050 && dataSet.elements.x00281051) return ['+Wi', '1'];
  const shared = dataSet.elements.x52009229?.items?.[0]?.dataSet;
  const voi = shared?.elements.x00289132?.items?.[0]?.dataSet;
  if (!voi) return ['+Wm'];
  return ['+Ww', voi.string('x00281050', 0)!, voi.string('x00281051', 0)!];
}

interface Rendered {
  width: number;
  height: number;
  rgba: string;
}

/** Renders every frame of a file (a sample's name, or a path) through the product's test hook (README, Automation contract). */
function render(page: Page, file: string, frames: number): Promise<Rendered[]> {
  const base64 = readFileSync(file.startsWith('/') ? file : join(SAMPLES, file)).toString('base64');
  return page.evaluate(
    async ({ base64, frames }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const hook = (window as unknown as { disclessRenderFrame: (b: ArrayBuffer, f: number) => Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> }).disclessRenderFrame;
      const out = [];
      for (let frame = 0; frame < frames; frame++) {
        const { width, height, rgba } = await hook(bytes.slice().buffer, frame);
        let text = '';
        for (let i = 0; i < rgba.length; i += 0x8000) text += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
        out.push({ width, height, rgba: btoa(text) });
      }
      return out;
    },
    { base64, frames }
  );
}

/** Largest difference over all pixels and channels between the canvas and dcmtk's raster, and where. */
function maxDifference(rendered: Rendered, reference: Raster): { max: number; where: string } {
  expect([rendered.width, rendered.height]).toEqual([reference.width, reference.height]);
  const rgba = Buffer.from(rendered.rgba, 'base64');
  let worst = { max: 0, where: '' };
  for (let p = 0; p < reference.width * reference.height; p++) {
    for (let c = 0; c < 3; c++) {
      const expected = reference.pixels[p * reference.channels + (reference.channels === 1 ? 0 : c)];
      const difference = Math.abs(rgba[p * 4 + c] - expected);
      if (difference > worst.max) {
        const at = `x ${p % reference.width}, y ${Math.floor(p / reference.width)}, channel ${c}`;
        worst = { max: difference, where: `${at}: viewer ${rgba[p * 4 + c]}, dcmtk ${expected}` };
      }
    }
  }
  return worst;
}

let page: Page;
const work = mkdtempSync(join(tmpdir(), 'discless-dcmtk-'));
const differences: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  // The hook is installed with the viewer's image loader; no share is needed to use it.
  await page.goto('/v');
  await page.waitForFunction(() => 'disclessRenderFrame' in window, null, { timeout: 30_000 });
});

test.afterAll(async () => {
  console.log(`Per-file maximum difference from dcmj2pnm (grey levels):\n${differences.join('\n')}`);
  await page.close();
  rmSync(work, { recursive: true, force: true });
});

for (const sample of samples.filter((s) => !NO_DCMTK_REFERENCE.has(s.file))) {
  test(`${sample.file} matches dcmj2pnm within one level`, async () => {
    const voi = voiOptions(sample);
    const reference = dcmtkFrames(join(SAMPLES, sample.file), sample.syntax, sample.frames, voi, mkdtempSync(join(work, 'f-')));
    const rendered = await render(page, sample.file, sample.frames);
    const frames = rendered.map((frame, i) => ({ frame: i, ...maxDifference(frame, reference[i]) }));
    const worst = frames.reduce((a, b) => (b.max > a.max ? b : a));
    differences.push(`${sample.file}\t${voi.join(' ') || '(colour)'}\t${worst.max}`);
    expect(worst.max, `frame ${worst.frame}, ${worst.where}`).toBeLessThanOrEqual(1);
  });
}

// No sample carries a VOI LUT Function: CTImage.dcm (window 40/400) gets one with dcmodify. dcmtk 3.6.7
// applies SIGMOID from the file; it does not know LINEAR_EXACT, whose c/w equals LINEAR's c + 0.5/w + 1.
for (const [name, voi] of [
  ['SIGMOID', ['+Wi', '1']],
  ['LINEAR_EXACT', ['+Ww', '40.5', '401']]
] as const) {
  test(`VOI LUT function ${name} matches dcmj2pnm within one level`, async () => {
    const dir = mkdtempSync(join(work, 'voi-'));
    const file = join(dir, `CTImage_${name}.dcm`);
    copyFileSync(join(SAMPLES, 'CTImage.dcm'), file);
    execFileSync('dcmodify', ['-nb', '-i', `(0028,1056)=${name}`, file], { stdio: 'pipe' });
    const [reference] = dcmtkFrames(file, '1.2.840.10008.1.2', 1, [...voi], dir);
    const [rendered] = await render(page, file, 1);
    const { max, where } = maxDifference(rendered, reference);
    differences.push(`CTImage.dcm with ${name}\t${voi.join(' ')}\t${max}`);
    expect(max, where).toBeLessThanOrEqual(1);
  });
}

test('images dcmtk cannot render still draw: HTJ2K colour and a segmented palette', async () => {
  for (const file of NO_DCMTK_REFERENCE) {
    const [frame] = await render(page, file, 1);
    expect([frame.width, frame.height]).toEqual([640, 480]);
    const rgba = Buffer.from(frame.rgba, 'base64');
    // Not blank, not grey only: some pixel has channels that differ, as a colour image must.
    expect(rgba.some((value) => value !== rgba[0])).toBe(true);
    expect(rgba.some((_, i) => i % 4 === 0 && (rgba[i] !== rgba[i + 1] || rgba[i + 1] !== rgba[i + 2]))).toBe(true);
  }
});

test('an image the viewer cannot decode is named, not drawn blank', async () => {
  const base64 = unsupportedSyntaxFile(SAMPLES).toString('base64');
  const error = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const hook = (window as unknown as { disclessRenderFrame: (b: ArrayBuffer, f: number) => Promise<unknown> }).disclessRenderFrame;
    return hook(bytes.buffer, 0).then(
      () => null,
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message })
    );
  }, base64);
  expect(error).toEqual({ code: 'unsupported', message: expect.stringContaining('transfer syntax 1.2.840.10008.1.2.4.92') });
});

test('codecs load on demand: uncompressed CT fetches no wasm, JPEG 2000 fetches only its own', async ({ browser }) => {
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const wasm: string[] = [];
  fresh.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname.split('/').pop()!);
  });
  await fresh.goto('/v');
  await fresh.waitForFunction(() => 'disclessRenderFrame' in window, null, { timeout: 30_000 });
  expect(await render(fresh, 'CT_small.dcm', 1)).toHaveLength(1);
  expect(wasm).toEqual([]);
  expect(await render(fresh, 'examples_jpeg2k.dcm', 1)).toHaveLength(1);
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^openjpegwasm_decode-.*\.wasm$/);
  await context.close();
});
