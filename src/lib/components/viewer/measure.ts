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

export interface Length {
  value: number;
  unit: 'mm' | 'px';
}

/** Written for the page's language by formatLength ($lib/format). */
export function measureLength(a: Point, b: Point, size: PixelSize): Length {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const { rowPixelSpacing: row, columnPixelSpacing: column } = size;
  if (row && column && row > 0 && column > 0) return { value: Math.hypot(dx * column, dy * row), unit: 'mm' };
  return { value: Math.hypot(dx, dy), unit: 'px' };
}
