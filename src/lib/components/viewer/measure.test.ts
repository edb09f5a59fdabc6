import { describe, expect, it } from 'vitest';
import { measureLength } from './measure';

describe('measureLength', () => {
  it('uses the row and column spacing separately (non-square pixels)', () => {
    // 30 columns of 0.5 mm across, 40 rows of 0.75 mm down: sqrt(15² + 30²) mm.
    const length = measureLength({ x: 0, y: 0 }, { x: 30, y: 40 }, { columnPixelSpacing: 0.5, rowPixelSpacing: 0.75 });
    expect(length.unit).toBe('mm');
    expect(length.value).toBeCloseTo(Math.hypot(15, 30), 9);
  });

  it('falls back to pixels, never millimetres, when the image gives no spacing', () => {
    expect(measureLength({ x: 0, y: 0 }, { x: 3, y: 4 }, {})).toEqual({ value: 5, unit: 'px' });
  });
});
