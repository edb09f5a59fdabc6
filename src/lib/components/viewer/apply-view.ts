// Puts a ViewState onto a cornerstone viewport. The image's own default (fit, window from the file,
// MONOCHROME1 inversion) is the base; the user's changes are applied on top of it.

import type { Image, Viewport } from 'cornerstone-core';
import type { ViewState, WindowLevel } from './view-state.svelte';

/**
 * cornerstone's linear window is DICOM's LINEAR_EXACT; people and presets speak DICOM's LINEAR
 * (PS3.3 C.11.2.1.2), whose centre is 0.5 and width 1 more. ViewState holds DICOM values.
 */
export function fromCornerstone(voi: Viewport['voi']): WindowLevel {
  return { center: voi.windowCenter + 0.5, width: voi.windowWidth + 1 };
}

function toCornerstone(window: WindowLevel): Viewport['voi'] {
  return { windowCenter: window.center - 0.5, windowWidth: Math.max(1, window.width - 1) };
}

export function baseWindow(base: Viewport): WindowLevel {
  return fromCornerstone(base.voi);
}

/** The range of modality values the image can show: how fast a window drag moves. */
export function valueRange(image: Image): number {
  return (image.maxPixelValue - image.minPixelValue) * (image.slope || 1);
}

export function viewportFor(base: Viewport, view: ViewState): Viewport {
  const scale = base.scale * view.zoom;
  return {
    ...base,
    scale,
    // A window the user chose replaces the file's, including a non-linear VOI LUT (e.g. SIGMOID).
    ...(view.window ? { voi: toCornerstone(view.window), voiLUT: undefined } : {}),
    // MONOCHROME1 is already inverted by default: the user's invert flips whatever the base is.
    invert: base.invert !== view.invert,
    translation: { x: view.pan.x / scale, y: view.pan.y / scale }
  };
}
