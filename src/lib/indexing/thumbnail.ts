// A series' thumbnail, made in the indexing worker from its middle image: small enough to travel in
// the manifest (docs/SPEC.md §5.2), so the viewer can show every series before downloading any image.

import { DicomError } from '../core/dicom/errors';
import { MAX_THUMBNAIL_CHARS } from '../core/manifest';
import { decodeFrame, type DecodedFrame } from '../core/pixels/decode-frame';
import type { DecodeOptions } from '../core/pixels/transfer-syntaxes';

export const THUMBNAIL_SIZE = 96;

export interface ThumbnailRequest {
  file: File;
  frame: number;
}

export interface ThumbnailPixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** Grey images are windowed as the file suggests (else over their full range), then scaled down. */
export function thumbnailPixels(frame: DecodedFrame, max = THUMBNAIL_SIZE): ThumbnailPixels {
  const scale = Math.min(1, max / Math.max(frame.rows, frame.columns));
  const width = Math.max(1, Math.round(frame.columns * scale));
  const height = Math.max(1, Math.round(frame.rows * scale));
  const rgba = new Uint8ClampedArray(width * height * 4);
  const { slope, intercept } = frame;
  const lo = frame.minPixelValue * slope + intercept;
  const hi = frame.maxPixelValue * slope + intercept;
  const centre = frame.windowCenter ?? (lo + hi) / 2;
  const span = Math.max(1, frame.windowWidth ?? hi - lo);
  for (let y = 0; y < height; y++) {
    const row = Math.min(frame.rows - 1, Math.floor(y / scale));
    for (let x = 0; x < width; x++) {
      const source = row * frame.columns + Math.min(frame.columns - 1, Math.floor(x / scale));
      const at = (y * width + x) * 4;
      if (frame.color) {
        rgba.set(frame.pixelData.subarray(source * 4, source * 4 + 3), at);
      } else {
        const value = frame.pixelData[source] * slope + intercept;
        const grey = Math.round(((value - (centre - span / 2)) / span) * 255);
        rgba[at] = rgba[at + 1] = rgba[at + 2] = frame.invert ? 255 - grey : grey;
      }
      rgba[at + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** A JPEG data URL, or null when the image cannot be decoded here or the result is too large. */
export async function makeThumbnail({ file, frame }: ThumbnailRequest, codecs: DecodeOptions): Promise<string | null> {
  let pixels: ThumbnailPixels;
  try {
    pixels = thumbnailPixels(await decodeFrame(new Uint8Array(await file.arrayBuffer()), frame, codecs));
  } catch (error) {
    if (error instanceof DicomError) return null;
    throw error;
  }
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  canvas.getContext('2d')!.putImageData(new ImageData(pixels.rgba, pixels.width, pixels.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 });
  const url = new FileReaderSync().readAsDataURL(blob);
  return url.length <= MAX_THUMBNAIL_CHARS ? url : null;
}
