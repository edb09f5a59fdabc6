import { DicomError } from '../../dicom/errors';
import type { PixelLayout } from '../types';

/**
 * DICOM RLE (PS3.5 Annex G): a 64-byte header of little-endian segment offsets, then one PackBits
 * segment per byte of each sample, most significant byte first. Returns the frame in the
 * uncompressed little-endian layout, one plane per sample (planar configuration 1).
 */
export function decodeRle(frame: Uint8Array, layout: PixelLayout): { bytes: Uint8Array; layout: PixelLayout } {
  const width = layout.bitsAllocated / 8;
  const pixels = layout.rows * layout.columns;
  const segmentCount = layout.samplesPerPixel * width;
  if (!Number.isInteger(width) || frame.length < 64) throw damaged();
  const header = new DataView(frame.buffer, frame.byteOffset, 64);
  if (header.getUint32(0, true) !== segmentCount) throw damaged();
  const out = new Uint8Array(pixels * segmentCount);
  for (let segment = 0; segment < segmentCount; segment++) {
    const start = header.getUint32(4 + segment * 4, true);
    const end = segment + 1 < segmentCount ? header.getUint32(8 + segment * 4, true) : frame.length;
    if (start < 64 || end < start || end > frame.length) throw damaged();
    const sample = Math.floor(segment / width);
    // Segment 0 of a sample holds its most significant byte, which little endian stores last.
    const byte = width - 1 - (segment % width);
    unpackBits(frame, start, end, out, sample * pixels * width + byte, width, pixels);
  }
  return { bytes: out, layout: { ...layout, planarConfiguration: 1 } };
}

/** PackBits into every `stride`-th byte of `out` from `first`, `count` bytes in all. */
function unpackBits(
  input: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  first: number,
  stride: number,
  count: number
): void {
  let written = 0;
  let i = start;
  while (written < count && i < end) {
    const header = (input[i++] << 24) >> 24;
    if (header >= 0) {
      const run = header + 1;
      if (i + run > end || written + run > count) throw damaged();
      for (let k = 0; k < run; k++) out[first + (written++) * stride] = input[i++];
    } else if (header !== -128) {
      const run = 1 - header;
      if (i >= end || written + run > count) throw damaged();
      const value = input[i++];
      for (let k = 0; k < run; k++) out[first + (written++) * stride] = value;
    }
  }
  if (written !== count) throw damaged();
}

const damaged = () => new DicomError('malformed', 'The RLE-compressed image data in this file is damaged.');
