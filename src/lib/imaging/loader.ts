// cornerstone-core image loader for `discless:<fileKey>#<frame>` image ids.
import type { Image, ImageLoader } from 'cornerstone-core';
import type { DecodedFrame } from '$lib/core/pixels/types';
import { decode } from './decoder';

/** Resolves a file key to the file's bytes. Each call must give a buffer the loader may consume. */
export type FileSource = (fileKey: string) => Promise<ArrayBuffer>;

const SCHEME = 'discless';

// Test hook (README "Automation contract"): `window.disclessRenderFrame(bytes, frame)` renders a frame
// at 1:1 and returns its pixels. Its code is a separate chunk, loaded only when called.
if (typeof window !== 'undefined') {
  Object.assign(window, {
    disclessRenderFrame: async (bytes: ArrayBuffer, frame: number) => (await import('./render-probe')).renderFrame(bytes, frame)
  });
}

export function disclessImageId(fileKey: string, frame: number): string {
  return `${SCHEME}:${fileKey}#${frame}`;
}

export function parseDisclessImageId(imageId: string): { fileKey: string; frame: number } {
  const match = /^discless:(.*)#(\d+)$/s.exec(imageId);
  if (!match) throw new Error(`Not a Discless image id: ${imageId}`);
  return { fileKey: match[1], frame: Number(match[2]) };
}

/** The loader function itself; registerDisclessLoader hands it to cornerstone. */
export function createDisclessLoader(source: FileSource): ImageLoader {
  return (imageId) => {
    const load = async () => {
      const { fileKey, frame } = parseDisclessImageId(imageId);
      return toCornerstoneImage(imageId, await decode(await source(fileKey), frame));
    };
    return { promise: load() };
  };
}

/**
 * Decoded images kept for scrolling back and prefetched ahead. Cornerstone's default (1 GB) is more
 * than a phone's tab may hold: forty prefetched 3000×3000 radiographs are 720 MB. A CT slice is 0.5 MB.
 */
const DECODED_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * Lets cornerstone load `discless:` image ids through `source`. Images then go through cornerstone's
 * own cache (cornerstone.loadAndCacheImage), sized by their pixel bytes. Browser only: cornerstone-core
 * touches `window` when imported, so it is imported here, lazily.
 */
export async function registerDisclessLoader(source: FileSource): Promise<void> {
  const { default: cornerstone } = await import('cornerstone-core');
  // A new source (another share) reuses the same file keys: images cached from the last one must go.
  cornerstone.imageCache.purgeCache();
  cornerstone.imageCache.setMaximumSizeBytes(DECODED_CACHE_BYTES);
  cornerstone.registerImageLoader(SCHEME, createDisclessLoader(source));
}

export function toCornerstoneImage(imageId: string, frame: DecodedFrame): Image {
  const { pixelData } = frame;
  const [windowCenter, windowWidth] = displayWindow(frame);
  const sigmoid = frame.voiLutFunction === 'SIGMOID' && !frame.color && frame.windowWidth !== null;
  return {
    imageId,
    minPixelValue: frame.minPixelValue,
    maxPixelValue: frame.maxPixelValue,
    slope: frame.slope,
    intercept: frame.intercept,
    windowCenter,
    windowWidth,
    getPixelData: () => pixelData,
    rows: frame.rows,
    columns: frame.columns,
    height: frame.rows,
    width: frame.columns,
    color: frame.color,
    rowPixelSpacing: frame.pixelSpacing?.[0],
    columnPixelSpacing: frame.pixelSpacing?.[1],
    invert: frame.invert,
    sizeInBytes: pixelData.byteLength,
    voiLUT: sigmoid ? sigmoidLut(frame) : undefined
  };
}

/**
 * [center, width] in modality units (after slope and intercept), as cornerstone expects. cornerstone's
 * linear window is DICOM's LINEAR_EXACT (PS3.3 C.11.2.1.3.2); DICOM's default LINEAR function
 * (C.11.2.1.2.1) maps c - 0.5 ± (w - 1) / 2 instead, so that window is handed over shifted.
 */
function displayWindow(frame: DecodedFrame): [number, number] {
  // cornerstone reads 128/255 on a colour image as "no window" and draws its pixels untouched.
  if (frame.color) return [128, 255];
  if (frame.windowCenter !== null && frame.windowWidth !== null) {
    if (frame.voiLutFunction !== 'LINEAR') return [frame.windowCenter, frame.windowWidth];
    // A LINEAR window of width 1 is a threshold at c - 0.5; cornerstone needs a width above 0.
    return [frame.windowCenter - 0.5, Math.max(frame.windowWidth - 1, 1e-3)];
  }
  // No window in the file: span the frame's whole range of values.
  const low = frame.minPixelValue * frame.slope + frame.intercept;
  const high = frame.maxPixelValue * frame.slope + frame.intercept;
  return [(low + high) / 2, Math.max(1, Math.abs(high - low))];
}

/** PS3.3 C.11.2.1.3.1: SIGMOID maps x to 255 / (1 + exp(-4 (x - c) / w)), as a table over the frame's values. */
function sigmoidLut(frame: DecodedFrame): { firstValueMapped: number; numBitsPerEntry: number; lut: number[] } {
  const ends = [frame.minPixelValue, frame.maxPixelValue].map((v) => v * frame.slope + frame.intercept);
  const first = Math.floor(Math.min(...ends));
  const count = Math.ceil(Math.max(...ends)) - first + 1;
  const lut = Array.from({ length: count }, (_, i) =>
    Math.round(255 / (1 + Math.exp((-4 * (first + i - frame.windowCenter!)) / frame.windowWidth!)))
  );
  return { firstValueMapped: first, numBitsPerEntry: 8, lut };
}
