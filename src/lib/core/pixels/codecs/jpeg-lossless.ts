import { DicomError } from '../../dicom/errors';
import type { PixelLayout } from '../types';
import { fitSampleWidth } from './wasm';

/** JPEG lossless, processes 14 and 14 SV1 (.57, .70), through jpeg-lossless-decoder-js. */
export async function decodeJpegLossless(
  codestream: Uint8Array,
  layout: PixelLayout
): Promise<{ bytes: Uint8Array; layout: PixelLayout }> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  const width = layout.bitsAllocated <= 8 ? 1 : 2;
  let decoded: Uint8Array | Uint16Array;
  try {
    decoded = new Decoder().decode(codestream.buffer as ArrayBuffer, codestream.byteOffset, codestream.length, width);
  } catch {
    throw new DicomError('malformed', 'The JPEG lossless image data in this file is damaged.');
  }
  const expected = layout.rows * layout.columns * layout.samplesPerPixel * width;
  if (decoded.byteLength !== expected) {
    throw new DicomError('malformed', 'The JPEG lossless image data does not match the image size the file states.');
  }
  return { bytes: fitSampleWidth(new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength), width, layout), layout: { ...layout, planarConfiguration: 0 } };
}
