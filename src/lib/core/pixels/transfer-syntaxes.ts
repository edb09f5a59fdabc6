import type { DataSet, Element } from 'dicom-parser';
import { DicomError } from '../dicom/errors';
import type { PixelLayout } from './types';

/**
 * Returns one frame's samples laid out as an uncompressed little-endian file stores them, in a
 * fresh buffer the caller may keep or transfer; 1-bit frames come back as one byte (0 or 1) per pixel.
 * Codecs plug in here: a compressed syntax gets a reader that decodes its fragments to this layout.
 */
export type FrameReader = (
  dataSet: DataSet,
  pixelData: Element,
  frame: number,
  layout: PixelLayout
) => Uint8Array;

const readLittleEndian: FrameReader = (dataSet, pixelData, frame, layout) =>
  layout.bitsAllocated === 1
    ? unpackBits(dataSet.byteArray, pixelData, frame, layout)
    : copyFrame(dataSet.byteArray, pixelData, frame, layout);

const readBigEndian: FrameReader = (dataSet, pixelData, frame, layout) => {
  const bytes = readLittleEndian(dataSet, pixelData, frame, layout);
  // OB data (8-bit samples) is byte-ordered already; only wider words were written big end first.
  const width = layout.bitsAllocated / 8;
  if (width > 1) {
    for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  }
  return bytes;
};

/**
 * Each syntax's reader or, until it has a codec, what the patient is told cannot be shown.
 * A Map rather than an object literal, so a file naming its syntax "toString" finds nothing.
 */
const SYNTAXES = new Map<string, FrameReader | string>([
  ['1.2.840.10008.1.2', readLittleEndian],
  ['1.2.840.10008.1.2.1', readLittleEndian],
  // dicom-parser hands back the inflated data set, so pixels read as plain explicit little endian.
  ['1.2.840.10008.1.2.1.99', readLittleEndian],
  ['1.2.840.10008.1.2.2', readBigEndian],
  ['1.2.840.10008.1.2.4.50', 'JPEG baseline images'],
  ['1.2.840.10008.1.2.4.51', 'JPEG extended images'],
  ['1.2.840.10008.1.2.4.57', 'JPEG lossless images'],
  ['1.2.840.10008.1.2.4.70', 'JPEG lossless images'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS images'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS images'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.92', 'JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.93', 'JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.201', 'HTJ2K (high-throughput JPEG 2000) images'],
  ['1.2.840.10008.1.2.4.202', 'HTJ2K (high-throughput JPEG 2000) images'],
  ['1.2.840.10008.1.2.4.203', 'HTJ2K (high-throughput JPEG 2000) images'],
  ['1.2.840.10008.1.2.5', 'RLE-compressed images'],
  ['1.2.840.10008.1.2.4.100', 'MPEG-2 videos'],
  ['1.2.840.10008.1.2.4.101', 'MPEG-2 videos'],
  ['1.2.840.10008.1.2.4.102', 'MPEG-4 videos'],
  ['1.2.840.10008.1.2.4.103', 'MPEG-4 videos'],
  ['1.2.840.10008.1.2.4.104', 'MPEG-4 videos'],
  ['1.2.840.10008.1.2.4.105', 'MPEG-4 videos'],
  ['1.2.840.10008.1.2.4.106', 'MPEG-4 videos'],
  ['1.2.840.10008.1.2.4.107', 'HEVC videos'],
  ['1.2.840.10008.1.2.4.108', 'HEVC videos']
]);

/** The reader for a transfer syntax; throws `unsupported`, in words a patient can follow, when there is none yet. */
export function frameReader(transferSyntaxUid: string): FrameReader {
  const syntax = SYNTAXES.get(transferSyntaxUid);
  if (typeof syntax === 'function') return syntax;
  throw new DicomError(
    'unsupported',
    syntax
      ? `${syntax} cannot be shown yet.`
      : `Images stored with transfer syntax ${transferSyntaxUid || '(none given)'} cannot be shown.`
  );
}

function frameBounds(pixelData: Element, first: number, count: number, byteArray: Uint8Array) {
  if (first + count > pixelData.length) {
    throw new DicomError('malformed', 'The Pixel Data is shorter than its rows, columns and frames require.');
  }
  const start = pixelData.dataOffset + first;
  if (start + count > byteArray.length) {
    throw new DicomError('truncated', 'The file ends before the image data does.');
  }
  return start;
}

function copyFrame(byteArray: Uint8Array, pixelData: Element, frame: number, layout: PixelLayout) {
  const size = layout.rows * layout.columns * layout.samplesPerPixel * (layout.bitsAllocated / 8);
  const start = frameBounds(pixelData, frame * size, size, byteArray);
  // Copy rather than view: typed arrays need alignment, and a worker transfers the frame's own buffer.
  return new Uint8Array(byteArray.subarray(start, start + size));
}

/** 1-bit frames (segmentations) are packed least significant bit first and need not start on a byte. */
function unpackBits(byteArray: Uint8Array, pixelData: Element, frame: number, layout: PixelLayout) {
  const count = layout.rows * layout.columns * layout.samplesPerPixel;
  const firstBit = frame * count;
  const firstByte = Math.floor(firstBit / 8);
  const lastByte = Math.ceil((firstBit + count) / 8);
  const start = frameBounds(pixelData, firstByte, lastByte - firstByte, byteArray);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = firstBit + i;
    out[i] = (byteArray[start - firstByte + (bit >> 3)] >> (bit & 7)) & 1;
  }
  return out;
}
