// Layouts no sample file has, written with the tiny Part-10 writer in ./testing.
import { describe, expect, it } from 'vitest';
import { DicomError } from '../dicom/errors';
import { decodeFrame } from './decode-frame';
import { expandSegmentedLut } from './palette';
import { part10, uint16Bytes, type Attribute } from './testing/part10';

function image(rows: number, columns: number, pixels: Uint8Array, extra: Attribute[] = []): Uint8Array {
  return part10([
    ['00280010', 'US', [rows]],
    ['00280011', 'US', [columns]],
    ['7fe00010', 'OB', pixels],
    ...extra
  ]);
}
const grey = (bits: number, stored: number, signed: number): Attribute[] => [
  ['00280002', 'US', [1]],
  ['00280004', 'CS', 'MONOCHROME2'],
  ['00280100', 'US', [bits]],
  ['00280101', 'US', [stored]],
  ['00280102', 'US', [stored - 1]],
  ['00280103', 'US', [signed]]
];
const colour = (photometric: string, planar: number): Attribute[] => [
  ['00280002', 'US', [3]],
  ['00280004', 'CS', photometric],
  ['00280006', 'US', [planar]],
  ['00280100', 'US', [8]],
  ['00280101', 'US', [8]],
  ['00280102', 'US', [7]],
  ['00280103', 'US', [0]]
];

describe('VOI LUT function', () => {
  it('is read from the file, LINEAR when absent or unknown', async () => {
    const window: Attribute[] = [
      ['00281050', 'DS', '40'],
      ['00281051', 'DS', '400']
    ];
    const withFunction = (name: string) => image(1, 1, Uint8Array.of(1), [...grey(8, 8, 0), ...window, ['00281056', 'CS', name]]);
    expect((await decodeFrame(withFunction('SIGMOID'), 0)).voiLutFunction).toBe('SIGMOID');
    expect((await decodeFrame(withFunction('LINEAR_EXACT'), 0)).voiLutFunction).toBe('LINEAR_EXACT');
    expect((await decodeFrame(withFunction('CUBIC'), 0)).voiLutFunction).toBe('LINEAR');
    expect((await decodeFrame(image(1, 1, Uint8Array.of(1), grey(8, 8, 0)), 0)).voiLutFunction).toBe('LINEAR');
  });
});

describe('grey layouts', () => {
  it('sign-extends 12 stored bits and drops junk above them', async () => {
    // 0xf800 = junk in the top nibble over 0x800 (-2048); 0x17ff = junk over 0x7ff (2047).
    const decoded = await decodeFrame(image(1, 3, uint16Bytes([0xf800, 0x17ff, 0xffff]), grey(16, 12, 1)), 0);
    expect(decoded.pixelData).toBeInstanceOf(Int16Array);
    expect(Array.from(decoded.pixelData)).toEqual([-2048, 2047, -1]);
    expect([decoded.minPixelValue, decoded.maxPixelValue]).toEqual([-2048, 2047]);
  });

  it('masks unsigned data and honours a High Bit below the top', async () => {
    const attributes = grey(16, 10, 0).map((a): Attribute => (a[0] === '00280102' ? ['00280102', 'US', [11]] : a));
    // Stored bits 2..11: 0x0ffc holds 1023; the low two bits and the top nibble are junk.
    const decoded = await decodeFrame(image(1, 2, uint16Bytes([0xfffe, 0x0004]), attributes), 0);
    expect(Array.from(decoded.pixelData)).toEqual([1023, 1]);
  });

  it('reads signed 8-bit pixels', async () => {
    const decoded = await decodeFrame(image(1, 2, Uint8Array.of(0x80, 0x7f), grey(8, 8, 1)), 0);
    expect(decoded.pixelData).toBeInstanceOf(Int8Array);
    expect(Array.from(decoded.pixelData)).toEqual([-128, 127]);
  });

  it('unpacks 1-bit frames that do not start on a byte boundary', async () => {
    // Two 3x3 frames: bits 0-8 then 9-17, least significant bit first.
    const frameA = [1, 0, 1, 0, 1, 0, 1, 0, 1];
    const frameB = [0, 1, 1, 1, 0, 0, 0, 1, 1];
    const bits = [...frameA, ...frameB];
    const packed = new Uint8Array(4);
    bits.forEach((bit, i) => (packed[i >> 3] |= bit << (i & 7)));
    const file = image(3, 3, packed, [...grey(1, 1, 0), ['00280008', 'IS', '2']]);
    expect(Array.from((await decodeFrame(file, 0)).pixelData)).toEqual(frameA);
    expect(Array.from((await decodeFrame(file, 1)).pixelData)).toEqual(frameB);
  });

  it('reads Float Pixel Data', async () => {
    const values = Float32Array.of(-1.5, 0, 1000.25);
    const file = part10([
      ['00280010', 'US', [1]],
      ['00280011', 'US', [3]],
      ['00280100', 'US', [32]],
      ['7fe00008', 'OF', new Uint8Array(values.buffer)]
    ]);
    const decoded = await decodeFrame(file, 0);
    expect(decoded.pixelData).toEqual(values);
    expect([decoded.minPixelValue, decoded.maxPixelValue]).toEqual([-1.5, 1000.25]);
  });

  it('refuses Pixel Data shorter than the frames it claims', async () => {
    // Two 2x2 16-bit frames need 16 bytes; only 12 are there.
    const file = image(2, 2, new Uint8Array(12), [...grey(16, 16, 0), ['00280008', 'IS', '2']]);
    expect((await decodeFrame(file, 0)).pixelData.length).toBe(4);
    await expect(decodeFrame(file, 1)).rejects.toThrow(expect.objectContaining({ code: 'malformed' }));
  });
});

describe('colour layouts', () => {
  const red = [255, 0, 0];
  const teal = [0, 128, 128];

  it('gives the same RGBA for interleaved and planar RGB', async () => {
    const interleaved = await decodeFrame(image(1, 2, Uint8Array.from([...red, ...teal]), colour('RGB', 0)), 0);
    const planar = await decodeFrame(image(1, 2, Uint8Array.of(255, 0, 0, 128, 0, 128), colour('RGB', 1)), 0);
    expect(Array.from(interleaved.pixelData)).toEqual([...red, 255, ...teal, 255]);
    expect(planar.pixelData).toEqual(interleaved.pixelData);
    expect(interleaved).toMatchObject({ color: true, minPixelValue: 0, maxPixelValue: 255 });
  });

  it('shares each pair of pixels\' chrominance in YBR_FULL_422', async () => {
    // Y1 Y2 Cb Cr for two pixels: red-ish chroma for both, different brightness.
    const decoded = await decodeFrame(image(1, 2, Uint8Array.of(76, 150, 85, 255), colour('YBR_FULL_422', 0)), 0);
    const [r1, g1, b1, , r2, g2] = Array.from(decoded.pixelData);
    expect(r1).toBeGreaterThanOrEqual(254);
    expect([g1, b1]).toEqual([0, 0]);
    expect(r2).toBe(255);
    expect(g2).toBeGreaterThan(g1);
  });

  it('converts YBR_FULL to RGB', async () => {
    // Y=76 Cb=85 Cr=255 is pure red in BT.601 full range; neutral chroma keeps grey.
    const decoded = await decodeFrame(image(1, 2, Uint8Array.of(76, 85, 255, 200, 128, 128), colour('YBR_FULL', 0)), 0);
    const [r, g, b, , y1, y2, y3] = Array.from(decoded.pixelData);
    expect(r).toBeGreaterThanOrEqual(254);
    expect(g).toBeLessThanOrEqual(1);
    expect(b).toBeLessThanOrEqual(1);
    expect([y1, y2, y3]).toEqual([200, 200, 200]);
  });

  it('applies an 8-bit palette packed one entry per byte', async () => {
    const descriptor = new Uint8Array(Uint16Array.of(4, 10, 8).buffer);
    const lut = (values: number[]) => Uint8Array.from(values);
    const file = image(1, 3, Uint8Array.of(9, 11, 200), [
      ['00280002', 'US', [1]],
      ['00280004', 'CS', 'PALETTE COLOR'],
      ['00280100', 'US', [8]],
      ['00280101', 'US', [8]],
      ['00280102', 'US', [7]],
      ['00281101', 'OB', descriptor],
      ['00281102', 'OB', descriptor],
      ['00281103', 'OB', descriptor],
      ['00281201', 'OB', lut([1, 2, 3, 4])],
      ['00281202', 'OB', lut([10, 20, 30, 40])],
      ['00281203', 'OB', lut([100, 110, 120, 130])]
    ]);
    // 9 is below the first mapped value (10) so takes entry 0; 200 is past the end so takes the last.
    expect(Array.from((await decodeFrame(file, 0)).pixelData)).toEqual([1, 10, 100, 255, 2, 20, 110, 255, 4, 40, 130, 255]);
  });
});

describe('expandSegmentedLut', () => {
  it('expands discrete and linear segments (PS3.3 C.7.9.2)', () => {
    // discrete [0, 10], then a 4-step ramp up to 50, then discrete [7]
    const words = [0, 2, 0, 10, 1, 4, 50, 0, 1, 7];
    expect(Array.from(expandSegmentedLut(words))).toEqual([0, 10, 20, 30, 40, 50, 7]);
  });

  it('tolerates one trailing padding word', () => {
    expect(Array.from(expandSegmentedLut([0, 1, 5, 0]))).toEqual([5]);
  });

  it('refuses indirect segments and damaged tables', () => {
    expect(() => expandSegmentedLut([0, 1, 5, 2, 1, 0, 0])).toThrow(/indirect/);
    expect(() => expandSegmentedLut([1, 3, 9])).toThrow(DicomError);
    expect(() => expandSegmentedLut([0, 5, 1, 2])).toThrow(DicomError);
    // Three words may not claim more than a whole table's 65536 entries.
    expect(() => expandSegmentedLut([0, 1, 0, ...Array(4).fill([1, 65535, 9]).flat()])).toThrow(DicomError);
  });
});
