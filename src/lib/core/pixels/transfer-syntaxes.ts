import type { DataSet, Element } from 'dicom-parser';
import { DicomError } from '../dicom/errors';
import { decodeJpegLossless } from './codecs/jpeg-lossless';
import { decodeRle } from './codecs/rle';
import { decodeWithWasm, type WasmCodec, type WasmUrl } from './codecs/wasm';
import { encapsulatedFrame } from './encapsulated';
import type { PixelLayout } from './types';

/** One frame's samples laid out as an uncompressed little-endian file stores them, and that layout. */
export interface FrameSamples {
  /** A fresh buffer the caller may keep or transfer; 1-bit frames hold one byte (0 or 1) per pixel. */
  bytes: Uint8Array;
  /** The file's layout, as the decoded samples now are (a codec may change planar configuration or
   *  colour space). */
  layout: PixelLayout;
}

export interface DecodeOptions {
  wasmUrl?: WasmUrl;
}

/** Returns one frame's samples; compressed syntaxes decode their fragments to the uncompressed layout. */
export type FrameReader = (
  dataSet: DataSet,
  pixelData: Element,
  frame: number,
  layout: PixelLayout,
  options: DecodeOptions
) => FrameSamples | Promise<FrameSamples>;

const readLittleEndian: FrameReader = (dataSet, pixelData, frame, layout) => ({
  bytes:
    layout.bitsAllocated === 1
      ? unpackBits(dataSet.byteArray, pixelData, frame, layout)
      : copyFrame(dataSet.byteArray, pixelData, frame, layout),
  layout
});

const readBigEndian: FrameReader = (dataSet, pixelData, frame, layout, options) => {
  const { bytes } = readLittleEndian(dataSet, pixelData, frame, layout, options) as FrameSamples;
  // OB data (8-bit samples) is byte-ordered already; only wider words were written big end first.
  const width = layout.bitsAllocated / 8;
  if (width > 1) {
    for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  }
  return { bytes, layout };
};

const codestream = (dataSet: DataSet, pixelData: Element, frame: number, layout: PixelLayout) =>
  encapsulatedFrame(dataSet, pixelData, frame, layout.frames);

const readRle: FrameReader = (dataSet, pixelData, frame, layout) =>
  decodeRle(codestream(dataSet, pixelData, frame, layout), layout);

const readJpegLossless: FrameReader = (dataSet, pixelData, frame, layout) =>
  decodeJpegLossless(codestream(dataSet, pixelData, frame, layout), layout);

/**
 * A wasm codec's reader. `colour` is what three decoded samples are: libjpeg converts YCbCr to RGB
 * itself, and JPEG 2000 codecs undo the reversible or irreversible colour transform (YBR_RCT, YBR_ICT).
 */
function wasmReader(codec: WasmCodec, name: string, colour: (photometric: string) => string): FrameReader {
  return async (dataSet, pixelData, frame, layout, { wasmUrl }) => {
    const decoded = await decodeWithWasm(codec, name, codestream(dataSet, pixelData, frame, layout), layout, wasmUrl);
    if (layout.samplesPerPixel !== 3) return decoded;
    return { bytes: decoded.bytes, layout: { ...decoded.layout, photometric: colour(layout.photometric) } };
  };
}

const asRgb = () => 'RGB';
const undoJ2kTransform = (photometric: string) => (photometric === 'YBR_RCT' || photometric === 'YBR_ICT' ? 'RGB' : photometric);
// JPEG-LS keeps every sample at full resolution: a 4:2:2 label describes the original, not these samples.
const fullResolution = (photometric: string) => (photometric.startsWith('YBR_FULL') ? 'YBR_FULL' : photometric);

const readJpeg = wasmReader('libjpeg-turbo', 'JPEG', asRgb);

/** .51 holds 8- or 12-bit DCT JPEG; the libjpeg-turbo build kept here decodes 8-bit only. */
const readJpegExtended: FrameReader = async (dataSet, pixelData, frame, layout, options) => {
  if (layout.bitsStored <= 8) return readJpeg(dataSet, pixelData, frame, layout, options);
  const { decodeJpegExtended } = await import('./codecs/jpeg-extended');
  return decodeJpegExtended(codestream(dataSet, pixelData, frame, layout), layout);
};

const readJpegLs = wasmReader('charls', 'JPEG-LS', fullResolution);
const readJpeg2000 = wasmReader('openjpeg', 'JPEG 2000', undoJ2kTransform);
const readHtj2k = wasmReader('openjph', 'HTJ2K', undoJ2kTransform);

/**
 * Each syntax's reader or, for those without a codec, what the patient is told cannot be shown.
 * A Map rather than an object literal, so a file naming its syntax "toString" finds nothing.
 */
const SYNTAXES = new Map<string, FrameReader | string>([
  ['1.2.840.10008.1.2', readLittleEndian],
  ['1.2.840.10008.1.2.1', readLittleEndian],
  // dicom-parser hands back the inflated data set, so pixels read as plain explicit little endian.
  ['1.2.840.10008.1.2.1.99', readLittleEndian],
  ['1.2.840.10008.1.2.2', readBigEndian],
  ['1.2.840.10008.1.2.4.50', readJpeg],
  ['1.2.840.10008.1.2.4.51', readJpegExtended],
  ['1.2.840.10008.1.2.4.57', readJpegLossless],
  ['1.2.840.10008.1.2.4.70', readJpegLossless],
  ['1.2.840.10008.1.2.4.80', readJpegLs],
  ['1.2.840.10008.1.2.4.81', readJpegLs],
  ['1.2.840.10008.1.2.4.90', readJpeg2000],
  ['1.2.840.10008.1.2.4.91', readJpeg2000],
  ['1.2.840.10008.1.2.4.92', 'Multi-component JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.93', 'Multi-component JPEG 2000 images'],
  ['1.2.840.10008.1.2.4.201', readHtj2k],
  ['1.2.840.10008.1.2.4.202', readHtj2k],
  ['1.2.840.10008.1.2.4.203', readHtj2k],
  ['1.2.840.10008.1.2.5', readRle],
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

/** The reader for a transfer syntax; throws `unsupported`, in words a patient can follow, when there is none. */
export function frameReader(transferSyntaxUid: string): FrameReader {
  const syntax = SYNTAXES.get(transferSyntaxUid);
  if (typeof syntax === 'function') return syntax;
  throw new DicomError(
    'unsupported',
    syntax
      ? `${syntax} (transfer syntax ${transferSyntaxUid}) cannot be shown yet.`
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
  // YBR_FULL_422 stores two luminance samples and one pair of chrominance samples per two pixels.
  const samples = layout.photometric === 'YBR_FULL_422' ? 2 : layout.samplesPerPixel;
  const size = layout.rows * layout.columns * samples * (layout.bitsAllocated / 8);
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
