// A test hook, documented in README "Automation contract": renders one frame of a DICOM file at 1:1
// through the product's own decode worker, image loader and cornerstone drawing, and returns the
// canvas pixels, so tests/e2e/render-reference.spec.ts can compare them with dcmtk's rendering.
import { createDisclessLoader, disclessImageId } from './loader';

export interface RenderedFrame {
  width: number;
  height: number;
  /** The canvas's RGBA bytes, row by row. */
  rgba: Uint8ClampedArray;
}

export async function renderFrame(bytes: ArrayBuffer, frame: number): Promise<RenderedFrame> {
  const { default: cornerstone } = await import('cornerstone-core');
  const loaded = await createDisclessLoader(async () => bytes)(disclessImageId('render-probe', frame)).promise;
  // Square pixels: cornerstone stretches an image whose pixel spacing differs by row and column, and
  // a pixel-for-pixel comparison needs the stored grid.
  const image = { ...loaded, rowPixelSpacing: undefined, columnPixelSpacing: undefined };
  const canvas = document.createElement('canvas');
  canvas.width = image.columns;
  canvas.height = image.rows;
  // The default viewport of a canvas the image's size: scale 1, no pan, the image's own window.
  cornerstone.renderToCanvas(canvas, image);
  const rgba = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  return { width: canvas.width, height: canvas.height, rgba };
}
