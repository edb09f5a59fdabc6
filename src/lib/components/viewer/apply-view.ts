// Puts a ViewState onto a cornerstone viewport. The image's own default (fit, window from the file,
// MONOCHROME1 inversion) is the base; the user's changes are applied on top of it.

import type { Image, Viewport } from 'cornerstone-core';
import type { ViewState, WindowLevel } from './view-state.svelte';

export function baseWindow(base: Viewport): WindowLevel {
  return { center: base.voi.windowCenter, width: base.voi.windowWidth };
}

/** The range of modality values the image can show: how fast a window drag moves. */
export function valueRange(image: Image): number {
  return (image.maxPixelValue - image.minPixelValue) * (image.slope || 1);
}

export function viewportFor(base: Viewport, view: ViewState): Viewport {
  const scale = base.scale * view.zoom;
  const window = view.window ?? baseWindow(base);
  return {
    ...base,
    scale,
    voi: { windowCenter: window.center, windowWidth: window.width },
    // MONOCHROME1 is already inverted by default: the user's invert flips whatever the base is.
    invert: base.invert !== view.invert,
    translation: { x: view.pan.x / scale, y: view.pan.y / scale }
  };
}
