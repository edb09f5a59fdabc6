// How the image is shown, beyond which image: window/level, zoom, pan, inversion, and what a drag
// does. Kept free of cornerstone so the gestures are testable in Node; the Viewport applies it.

import type { Point } from './measure';

export type DragTool = 'scroll' | 'window' | 'zoom' | 'pan' | 'measure';

export interface WindowLevel {
  center: number;
  width: number;
}

/** Common presets (Hounsfield units): what radiologists reach for first on CT. Named by the messages preset_<key>. */
export const WINDOW_PRESETS = {
  soft: { center: 40, width: 400, modalities: ['CT'] },
  lung: { center: -600, width: 1500, modalities: ['CT'] },
  bone: { center: 480, width: 2500, modalities: ['CT'] },
  brain: { center: 40, width: 80, modalities: ['CT'] }
} as const satisfies Record<string, WindowLevel & { modalities: readonly string[] }>;
export type WindowPreset = keyof typeof WINDOW_PRESETS;

export function presetsFor(modality: string): [WindowPreset, WindowLevel][] {
  return (Object.entries(WINDOW_PRESETS) as [WindowPreset, (typeof WINDOW_PRESETS)[WindowPreset]][]).filter(([, p]) => (p.modalities as readonly string[]).includes(modality));
}

const ZOOM_MIN = 0.1;
const ZOOM_MAX = 20;
/** A 200 px drag doubles or halves the zoom. */
const ZOOM_PX_PER_DOUBLING = 200;

export class ViewState {
  tool = $state<DragTool>('scroll');
  /** null: the image's own window (from the file, or its pixel range). */
  window = $state<WindowLevel | null>(null);
  /** Relative to fitting the image to the viewport. */
  zoom = $state(1);
  pan = $state({ x: 0, y: 0 });
  invert = $state(false);
  /** A distance line on the shown image, in image pixel coordinates. */
  measurement = $state<{ a: Point; b: Point } | null>(null);

  reset(): void {
    this.window = null;
    this.zoom = 1;
    this.pan = { x: 0, y: 0 };
    this.invert = false;
    this.measurement = null;
  }

  /** Drag right widens the window, drag down raises the level, at a rate that suits the range. */
  adjustWindow(dx: number, dy: number, base: WindowLevel, range: number): void {
    const from = this.window ?? base;
    const rate = Math.max(range, 1) / 500;
    this.window = { center: from.center + dy * rate, width: Math.max(1, from.width + dx * rate) };
  }

  zoomBy(factor: number): void {
    this.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, this.zoom * factor));
  }

  /** Drag up zooms in. */
  zoomByDrag(dy: number): void {
    this.zoomBy(2 ** (-dy / ZOOM_PX_PER_DOUBLING));
  }

  /** `dx`, `dy` in screen pixels; the Viewport converts by the current scale. */
  panBy(dx: number, dy: number): void {
    this.pan = { x: this.pan.x + dx, y: this.pan.y + dy };
  }
}
