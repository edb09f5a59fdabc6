// Distance between two points of an image, in millimetres when the image says how large its pixels
// are (Pixel Spacing), else in pixels: a length is never shown in mm without a known scale.

export interface Point {
  x: number;
  y: number;
}

export interface PixelSize {
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
}

export function measureLength(a: Point, b: Point, size: PixelSize): string {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const { rowPixelSpacing: row, columnPixelSpacing: column } = size;
  if (row && column && row > 0 && column > 0) return `${Math.hypot(dx * column, dy * row).toFixed(1)} mm`;
  return `${Math.hypot(dx, dy).toFixed(0)} px`;
}
