import type { GreyPixels, PixelLayout } from './types';

/** Views a frame's little-endian samples as the typed array its Bits Allocated and sign call for. */
export function typedSamples(raw: Uint8Array, layout: PixelLayout): GreyPixels {
  // Typed array views need an aligned, exclusively owned buffer; a codec may hand back a view.
  const buffer =
    raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength
      ? (raw.buffer as ArrayBuffer)
      : raw.slice().buffer;
  const signed = layout.pixelRepresentation === 1;
  if (layout.float) {
    return layout.bitsAllocated === 32
      ? new Float32Array(buffer)
      : Float32Array.from(new Float64Array(buffer));
  }
  switch (layout.bitsAllocated) {
    case 1:
    case 8:
      return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
    case 16:
      return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
    default:
      return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
  }
}

/**
 * Keeps only the Bits Stored bits ending at High Bit, sign-extending signed data: bits above them may
 * hold overlays or junk, which would otherwise show up as wildly wrong values.
 */
export function applyBitsStored(pixels: GreyPixels, layout: PixelLayout): void {
  const { bitsAllocated, bitsStored, highBit, pixelRepresentation } = layout;
  if (layout.float || bitsStored === bitsAllocated) return;
  const allocatedMask = bitsAllocated === 32 ? 0xffffffff : (1 << bitsAllocated) - 1;
  const shift = highBit + 1 - bitsStored;
  const unused = 32 - bitsStored;
  for (let i = 0; i < pixels.length; i++) {
    const bits = (pixels[i] & allocatedMask) >>> shift;
    pixels[i] = pixelRepresentation === 1 ? (bits << unused) >> unused : (bits << unused) >>> unused;
  }
}

export function minMax(pixels: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : [0, 0];
}
