// Every compressed sample decodes to what dcmtk decodes it to. The references are made here, at test
// time, by dcmtk's own decompressors (dcmdjpeg, dcmdjpls, dcmdrle; no HTJ2K in dcmtk 3.6.7), so the
// test commits no pixel values: for lossless syntaxes the stored values must be identical.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFrame } from './decode-frame';

// The package's full declarations (the project's dicom-parser.d.ts types only what the indexer uses).
const parseDicom = (dicomParser as unknown as { parseDicom(bytes: Uint8Array): DataSet }).parseDicom;

const SAMPLES = new URL('../../../../../shared/dicom-samples/', import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const work = mkdtempSync(join(tmpdir(), 'discless-codecs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** dcmtk's decompression of `name` to explicit little endian, read back as that file's frames. */
async function dcmtkFrames(name: string, tool: string) {
  const out = join(work, name.replaceAll('/', '_'));
  execFileSync(tool, ['+te', new URL(name, SAMPLES).pathname, out]);
  const bytes = new Uint8Array(readFileSync(out));
  const frames = Number(parseDicom(bytes).intString('x00280008') ?? 1) || 1;
  const decoded = [];
  for (let frame = 0; frame < frames; frame++) decoded.push(await decodeFrame(bytes, frame));
  return decoded;
}

async function ours(name: string, frames: number) {
  const bytes = sample(name);
  const decoded = [];
  for (let frame = 0; frame < frames; frame++) decoded.push(await decodeFrame(bytes, frame));
  return decoded;
}

describe('lossless syntaxes (and 12-bit JPEG) decode to exactly the stored values dcmtk decodes', () => {
  it.each([
    ['CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', 'dcmdjpeg'], // two frames, no offset table
    ['JPEG-LL.dcm', 'dcmdjpeg'],
    ['JPGLosslessP14SV1_1s_1f_8b.dcm', 'dcmdjpeg'],
    ['MR_small_jpeg_ls_lossless.dcm', 'dcmdjpls'],
    ['MR_small_RLE.dcm', 'dcmdrle'],
    // Lossy, but decoded by hand (codecs/jpeg-extended.ts) with the IJG integer inverse DCT that
    // dcmtk's libijg12 uses, so value for value the same.
    ['JPGExtended.dcm', 'dcmdjpeg']
  ])('%s', async (name, tool) => {
    const reference = await dcmtkFrames(name, tool);
    const decoded = await ours(name, reference.length);
    expect(decoded.length).toBe(reference.length);
    for (let frame = 0; frame < reference.length; frame++) {
      expect(decoded[frame].pixelData.constructor).toBe(reference[frame].pixelData.constructor);
      expect(Buffer.from(decoded[frame].pixelData.buffer).equals(Buffer.from(reference[frame].pixelData.buffer))).toBe(true);
      expect([decoded[frame].minPixelValue, decoded[frame].maxPixelValue]).toEqual([
        reference[frame].minPixelValue,
        reference[frame].maxPixelValue
      ]);
    }
  });
});

describe('lossy and colour syntaxes decode to within one level of dcmtk', () => {
  // Colour: both sides are RGBA by now (dcmtk's output converted by the uncompressed path, already tested).
  it.each([
    ['SC_rgb_jpeg_dcmtk.dcm', 'dcmdjpeg'],
    ['examples_ybr_color.dcm', 'dcmdjpeg'],
    ['SC_rgb_jls_lossy_line.dcm', 'dcmdjpls']
  ])('%s', async (name, tool) => {
    const reference = await dcmtkFrames(name, tool);
    const decoded = await ours(name, reference.length);
    for (let frame = 0; frame < reference.length; frame++) {
      expect(maxDifference(decoded[frame].pixelData, reference[frame].pixelData), `frame ${frame}`).toBeLessThanOrEqual(1);
    }
  });
});

describe('JPEG 2000', () => {
  it('decodes lossless YBR_RCT to RGB and lossy grey with its sign', async () => {
    const [colour] = await ours('examples_jpeg2k.dcm', 1);
    expect(colour).toMatchObject({ rows: 480, columns: 640, color: true });
    const [grey] = await ours('JPEG2000.dcm', 1);
    expect(grey.pixelData).toBeInstanceOf(Int16Array);
    expect(grey).toMatchObject({ rows: 1024, columns: 256, color: false });
  });

  it('decodes HTJ2K', async () => {
    const [htj2k] = await ours('HTJ2KLossless_08_RGB.dcm', 1);
    expect(htj2k).toMatchObject({ rows: 480, columns: 640, color: true });
  });
});

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
