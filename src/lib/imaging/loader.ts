// cornerstone-core image loader for `discless:<fileKey>#<frame>` image ids.
import type { Image, ImageLoader } from 'cornerstone-core';
import type { DecodedFrame } from '$lib/core/pixels/types';
import { decode } from './decoder';

/** Resolves a file key to the file's bytes. Each call must give a buffer the loader may consume. */
export type FileSource = (fileKey: string) => Promise<ArrayBuffer>;

const SCHEME = 'discless';

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
 * Lets cornerstone load `discless:` image ids through `source`. Images then go through cornerstone's
 * own cache (cornerstone.loadAndCacheImage), sized by their pixel bytes. Browser only: cornerstone-core
 * touches `window` when imported, so it is imported here, lazily.
 */
export async function registerDisclessLoader(source: FileSource): Promise<void> {
  const { default: cornerstone } = await import('cornerstone-core');
  // A new source (another share) reuses the same file keys: images cached from the last one must go.
  cornerstone.imageCache.purgeCache();
  cornerstone.registerImageLoader(SCHEME, createDisclessLoader(source));
}

export function toCornerstoneImage(imageId: string, frame: DecodedFrame): Image {
  const { pixelData } = frame;
  const [windowCenter, windowWidth] = displayWindow(frame);
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
    sizeInBytes: pixelData.byteLength
  };
}

/** [center, width] in modality units (after slope and intercept), as cornerstone expects. */
function displayWindow(frame: DecodedFrame): [number, number] {
  // cornerstone reads 128/255 on a colour image as "no window" and draws its pixels untouched.
  if (frame.color) return [128, 255];
  if (frame.windowCenter !== null && frame.windowWidth !== null) return [frame.windowCenter, frame.windowWidth];
  // No window in the file: span the frame's whole range of values.
  const low = frame.minPixelValue * frame.slope + frame.intercept;
  const high = frame.maxPixelValue * frame.slope + frame.intercept;
  return [(low + high) / 2, Math.max(1, Math.abs(high - low))];
}
