import { DicomError } from '../dicom/errors';
import { applyBitsStored, typedSamples } from './grey';
import type { PixelLayout } from './types';

/**
 * Turns a frame of three-sample pixels (RGB, YBR_FULL or YBR_FULL_422; either planar configuration)
 * into 8-bit RGBA.
 */
export function threeSamplesToRgba(raw: Uint8Array, layout: PixelLayout): Uint8Array {
  if (layout.photometric === 'YBR_FULL_422') {
    return threeSamplesToRgba(upsample422(eightBitSamples(raw, layout), layout), { ...layout, photometric: 'YBR_FULL', planarConfiguration: 0 });
  }
  const samples = eightBitSamples(raw, layout);
  const pixels = layout.rows * layout.columns;
  const planar = layout.planarConfiguration === 1;
  const rgba = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = samples[planar ? c * pixels + p : p * 3 + c];
    rgba[p * 4 + 3] = 255;
  }
  if (layout.photometric === 'YBR_FULL') ybrFullToRgb(rgba);
  return rgba;
}

/**
 * PS3.3 C.7.6.3.1.2: YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels in a row; each pixel
 * of the pair takes the pair's chrominance.
 */
function upsample422(samples: ArrayLike<number>, layout: PixelLayout): Uint8Array {
  const { rows, columns } = layout;
  if (columns % 2 !== 0 || samples.length < rows * columns * 2) {
    throw new DicomError('malformed', 'This YBR_FULL_422 image has an odd width or too little data.');
  }
  const full = new Uint8Array(rows * columns * 3);
  for (let pair = 0; pair < (rows * columns) / 2; pair++) {
    const at = pair * 4;
    const out = pair * 6;
    full[out] = samples[at];
    full[out + 3] = samples[at + 1];
    full[out + 1] = full[out + 4] = samples[at + 2];
    full[out + 2] = full[out + 5] = samples[at + 3];
  }
  return full;
}

function eightBitSamples(raw: Uint8Array, layout: PixelLayout): ArrayLike<number> {
  if (layout.bitsAllocated === 8 && layout.bitsStored === 8) return raw;
  if (layout.bitsAllocated !== 8 && layout.bitsAllocated !== 16) {
    throw new DicomError('unsupported', `${layout.bitsAllocated}-bit colour images cannot be shown yet.`);
  }
  const samples = typedSamples(raw, { ...layout, pixelRepresentation: 0 });
  applyBitsStored(samples, { ...layout, pixelRepresentation: 0 });
  const shift = Math.max(0, layout.bitsStored - 8);
  return Uint8Array.from(samples, (value) => value >> shift);
}

/** PS3.3 C.7.6.3.1.2: YBR_FULL is full-range ITU-R BT.601, as JFIF uses. */
function ybrFullToRgb(rgba: Uint8Array): void {
  for (let i = 0; i < rgba.length; i += 4) {
    const y = rgba[i];
    const cb = rgba[i + 1] - 128;
    const cr = rgba[i + 2] - 128;
    rgba[i] = clamp(y + 1.402 * cr);
    rgba[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    rgba[i + 2] = clamp(y + 1.772 * cb);
  }
}

function clamp(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
