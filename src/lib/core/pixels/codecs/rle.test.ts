// PS3.5 Annex G by hand: segments, PackBits runs, byte order, and damaged input.
import { describe, expect, it } from 'vitest';
import type { PixelLayout } from '../types';
import { decodeRle } from './rle';

const layout = (overrides: Partial<PixelLayout>): PixelLayout => ({
  rows: 1,
  columns: 4,
  frames: 1,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  planarConfiguration: 0,
  photometric: 'MONOCHROME2',
  float: false,
  ...overrides
});

/** An RLE frame: the 64-byte header of segment offsets, then the segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, i) => {
    header.setUint32(4 + i * 4, offset, true);
    offset += segment.length;
  });
  return Uint8Array.from([...new Uint8Array(header.buffer), ...segments.flat()]);
}

describe('decodeRle', () => {
  it('reads literal and repeat runs', () => {
    // 0x01: the next two bytes as they are; 0xff (-1): the next byte twice.
    const { bytes } = decodeRle(rleFrame([[0x01, 7, 9, 0xff, 5]]), layout({}));
    expect(Array.from(bytes)).toEqual([7, 9, 5, 5]);
  });

  it('puts the most significant segment in the high byte of 16-bit samples', () => {
    const { bytes } = decodeRle(rleFrame([[0xfd, 0x12], [0x03, 1, 2, 3, 4]]), layout({ bitsAllocated: 16, bitsStored: 16, highBit: 15 }));
    expect(Array.from(new Uint16Array(bytes.buffer))).toEqual([0x1201, 0x1202, 0x1203, 0x1204]);
  });

  it('gives colour back one plane per sample', () => {
    const red = [0xfd, 255];
    const zero = [0xfd, 0];
    const result = decodeRle(rleFrame([red, zero, zero]), layout({ samplesPerPixel: 3, photometric: 'RGB' }));
    expect(result.layout.planarConfiguration).toBe(1);
    expect(Array.from(result.bytes)).toEqual([255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses a header with the wrong number of segments', () => {
    expect(() => decodeRle(rleFrame([[0x03, 1, 2, 3, 4], [0x03, 1, 2, 3, 4]]), layout({}))).toThrow(
      expect.objectContaining({ code: 'malformed' })
    );
  });

  it('refuses a segment that runs short or overflows the frame', () => {
    expect(() => decodeRle(rleFrame([[0x01, 7, 9]]), layout({}))).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => decodeRle(rleFrame([[0x05, 1, 2, 3, 4, 5, 6]]), layout({}))).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => decodeRle(new Uint8Array(10), layout({}))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });
});
