import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../dicom/errors';
import { decodeFrame, type DecodedFrame } from './decode-frame';
import { part10 } from './testing/part10';

// CI checks out shared/ beside the repository, as here.
const SAMPLES = new URL('../../../../../shared/dicom-samples/', import.meta.url);
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const decode = (name: string, frame = 0) => decodeFrame(sample(name), frame);
const md5 = (view: ArrayBufferView) =>
  createHash('md5').update(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)).digest('hex');
/** MD5 of every frame's stored values back to back: equals the MD5 of the file's native Pixel Data. */
const allFramesMd5 = async (name: string) => {
  const bytes = sample(name);
  const hash = createHash('md5');
  for (let frame = 0, frames = 1; frame < frames; frame++) {
    const decoded = await decodeFrame(bytes, frame);
    frames = decoded.frames;
    const { buffer, byteOffset, byteLength } = decoded.pixelData;
    hash.update(new Uint8Array(buffer, byteOffset, byteLength));
  }
  return hash.digest('hex');
};
const rgbMd5 = ({ pixelData }: DecodedFrame) =>
  md5(Uint8Array.from({ length: (pixelData.length / 4) * 3 }, (_, i) => pixelData[Math.floor(i / 3) * 4 + (i % 3)]));

async function thrown(run: () => Promise<unknown>): Promise<DicomError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DicomError);
    return error as DicomError;
  }
  throw new Error('expected an DicomError');
}

interface ManifestRow {
  file: string;
  syntax: string;
  rows: number;
  columns: number;
  frames: number;
  notes: string;
}
const manifest: ManifestRow[] = readFileSync(new URL('MANIFEST.tsv', SAMPLES), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter((cells) => cells[8] !== '')
  .map((cells) => {
    const [rows, columns] = cells[8].split('x').map(Number);
    return { file: cells[0], syntax: cells[6], rows, columns, frames: Number(cells[9]), notes: cells[12] };
  });
const native = manifest.filter((row) => NATIVE.has(row.syntax) && !row.notes.startsWith('MALFORMED'));
const compressed = manifest.filter((row) => !NATIVE.has(row.syntax));

describe('decodeFrame on every image sample, compressed or not', () => {
  it('covers the samples the issue names', async () => {
    expect(native.length).toBeGreaterThanOrEqual(40);
    expect(compressed.length).toBeGreaterThanOrEqual(10);
  });

  it.each([...native, ...compressed])('$file has the manifest size and frame count', async ({ file, rows, columns, frames }) => {
    const bytes = sample(file);
    for (const frame of new Set([0, frames - 1])) {
      const decoded = await decodeFrame(bytes, frame);
      expect([decoded.rows, decoded.columns, decoded.frames]).toEqual([rows, columns, frames]);
      expect(decoded.pixelData.length).toBe(rows * columns * (decoded.color ? 4 : 1));
    }
  });
});

describe('stored values agree with dcmtk', () => {
  // MD5s from: dcmdump -q +W /tmp/px FILE && md5sum /tmp/px/FILE.0.raw
  // (dcmdump inflates deflated files before writing; bits stored = allocated in all of these, so raw = stored.)
  it.each([
    ['CT1_UNC.explicit_little_endian.dcm', 'f3a3d0e739e5f4fbeddd1452b81f4d89'],
    ['CTImage.dcm', '0aa7fb0355e5f9e0fc2e255a2ba6a031'],
    ['CT_small.dcm', '45df16134454b381f79cc64eecdb072c'],
    ['MR_small_implicit.dcm', 'dc9943d2b303bf18ab512dfdd6df0559'],
    ['image_dfl.dcm', '22c9be23446a7be61a90d3578f3c9739'],
    ['rtdose.dcm', '5d8836986c43b4a16603c48cec2e9c2d'],
    // 12 and 10 bits stored, but dcmtk shows no bit above them set, so masking leaves the raw words.
    ['emri_small.dcm', '35c5e95fce41d3229ada2d616dabeb2d'],
    ['gdcm-CR-MONO1-10-chest.dcm', '1f772b4849727a9750931b60d920436f']
  ])('%s', async (file, expected) => {
    expect(await allFramesMd5(file)).toBe(expected);
  });

  it('reads signed 16-bit CT with its range', async () => {
    // od -A n -v -t d2 /tmp/px/CTImage.dcm.0.raw | tr -s ' ' '\n' | sort -n | sed -n '2p;$p'  → -2000, 2402
    const ct = await decode('CTImage.dcm');
    expect(ct.pixelData).toBeInstanceOf(Int16Array);
    expect([ct.minPixelValue, ct.maxPixelValue]).toEqual([-2000, 2402]);
  });

  it('reads 32-bit unsigned RT dose per frame', async () => {
    // od -A n -v -t u4 -j $((14*400)) -N 400 /tmp/px/rtdose.dcm.0.raw | tr -s ' ' '\n' | sort -n | sed -n '2p;$p'
    const dose = await decode('rtdose.dcm', 14);
    expect(dose.pixelData).toBeInstanceOf(Uint32Array);
    expect([dose.minPixelValue, dose.maxPixelValue]).toEqual([796000, 1251000]);
  });

  it('unpacks 1-bit segmentation frames', async () => {
    // Set bits in frame F: od -A n -v -t u1 -j $((F*32768)) -N 32768 /tmp/px/liver.dcm.0.raw |
    //   tr -s ' ' '\n' | awk '{for(x=$1;x;x=int(x/2))n+=x%2}END{print n}'
    const ones: number[] = [];
    for (const frame of [0, 1, 2]) ones.push(Array.from((await decode('liver.dcm', frame)).pixelData).reduce((a, b) => a + b, 0));
    expect(ones).toEqual([36233, 35645, 35220]);
    expect((await decode('liver.dcm', 2)).maxPixelValue).toBe(1);
  });

  it('decodes explicit big endian exactly like the implicit little endian copy', async () => {
    const big = await decode('MR_small_bigendian.dcm');
    const little = await decode('MR_small_implicit.dcm');
    expect(big.pixelData).toBeInstanceOf(Int16Array);
    expect(Array.from(big.pixelData)).toEqual(Array.from(little.pixelData));
    expect(big).toEqual(little);
  });

  it('keeps RGB as dcmtk renders it', async () => {
    // dcmj2pnm FILE out.ppm && tail -c $((W*H*3)) out.ppm | md5sum
    expect(rgbMd5(await decode('examples_rgb_color.dcm'))).toBe('da5284e6bf95807eb683ec64666eee93');
  });

  it('applies a 16-bit palette as dcmtk does', async () => {
    // dcmj2pnm examples_palette.dcm out.ppm && tail -c 840000 out.ppm | md5sum
    const palette = await decode('examples_palette.dcm');
    expect(palette.color).toBe(true);
    expect(rgbMd5(palette)).toBe('7175cf6fa30aea016a1f3e6a3247984f');
  });

  it('expands a segmented palette', async () => {
    // dcmtk and gdcm here cannot render segmented palettes; this MD5 is of our own output, checked by eye
    // (grey ultrasound with green markers), and guards against regressions.
    const us = await decode('gdcm-US-ALOKA-16.dcm');
    expect(us.color).toBe(true);
    expect(rgbMd5(us)).toBe('30dfc2eb13ee775be548716044dd5eca');
  });
});

describe('display attributes', () => {
  it('reads window, rescale and spacing from the top level', async () => {
    // dcmdump CTImage.dcm | grep -E '0028,(0030|1050|1051|1052|1053)'
    expect(await decode('CTImage.dcm')).toMatchObject({
      windowCenter: 40,
      windowWidth: 400,
      slope: 1,
      intercept: -1024,
      pixelSpacing: [0.675781, 0.675781],
      invert: false,
      color: false,
      photometric: 'MONOCHROME2'
    });
  });

  it('leaves window and spacing null when the file has none', async () => {
    expect(await decode('image_dfl.dcm')).toMatchObject({ windowCenter: null, windowWidth: null, pixelSpacing: null });
  });

  it('inverts MONOCHROME1', async () => {
    expect(await decode('gdcm-CR-MONO1-10-chest.dcm')).toMatchObject({ invert: true, windowCenter: 550, windowWidth: 1024 });
  });

  it('reads spacing from shared functional groups of enhanced objects', async () => {
    // dcmdump liver.dcm | grep 0028,0030  → nested in (5200,9229) > (0028,9110)
    expect((await decode('liver.dcm')).pixelSpacing).toEqual([0.810547, 0.810547]);
  });

  it('keeps non-integer rescale slopes', async () => {
    expect(await decode('dicomdir-pcir/77654033/CR1/6154')).toMatchObject({ slope: 0.684, intercept: 200, invert: true });
  });
});

describe('failures are typed', () => {
  it('names the transfer syntax it cannot decode', async () => {
    const mpeg = part10([['7fe00010', 'OB', new Uint8Array(8)]], '1.2.840.10008.1.2.4.100');
    const error = await thrown(() => decodeFrame(mpeg, 0));
    expect(error).toMatchObject({ code: 'unsupported', message: 'MPEG-2 videos (transfer syntax 1.2.840.10008.1.2.4.100) cannot be shown yet.' });
    const unknown = await thrown(() => decodeFrame(part10([['7fe00010', 'OB', new Uint8Array(8)]], '1.2.3.4'), 0));
    expect(unknown.message).toBe('Images stored with transfer syntax 1.2.3.4 cannot be shown.');
  });

  it('reports a file cut inside its Pixel Data as truncated', async () => {
    expect((await thrown(() => decode('MR_truncated.dcm'))).code).toBe('truncated');
    const whole = sample('CT_small.dcm');
    expect((await thrown(() => decodeFrame(whole.subarray(0, whole.length - 1000), 0))).code).toBe('truncated');
  });

  it('reports a file cut inside its header as truncated', async () => {
    expect((await thrown(() => decodeFrame(sample('CT_small.dcm').subarray(0, 700), 0))).code).toBe('truncated');
  });

  it('rejects files that are not DICOM', async () => {
    expect((await thrown(() => decodeFrame(new TextEncoder().encode('hello '.repeat(40)), 0))).code).toBe('not-dicom');
  });

  it('refuses files without an image', async () => {
    expect((await thrown(() => decode('test-SR.dcm'))).code).toBe('unsupported');
  });

  it('refuses a frame the file does not have', async () => {
    expect((await thrown(() => decode('emri_small.dcm', 10))).code).toBe('malformed');
    expect((await thrown(() => decode('CT_small.dcm', -1))).code).toBe('malformed');
  });
});
