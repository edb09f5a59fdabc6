import { describe, expect, it } from 'vitest';
import { presetsFor, ViewState } from './view-state.svelte';

describe('ViewState', () => {
  it('widens the window when dragged right and raises the level when dragged down', () => {
    const view = new ViewState();
    view.adjustWindow(100, 50, { center: 40, width: 400 }, 4000);
    expect(view.window!.width).toBeGreaterThan(400);
    expect(view.window!.center).toBeGreaterThan(40);
  });

  it('never lets the window width reach zero', () => {
    const view = new ViewState();
    view.adjustWindow(-100000, 0, { center: 40, width: 400 }, 4000);
    expect(view.window!.width).toBe(1);
  });

  it('zooms in on an upward drag and stays within bounds', () => {
    const view = new ViewState();
    view.zoomByDrag(-200);
    expect(view.zoom).toBeCloseTo(2);
    for (let i = 0; i < 100; i++) view.zoomBy(2);
    expect(view.zoom).toBe(20);
  });

  it('resets window, zoom, pan and inversion', () => {
    const view = new ViewState();
    view.adjustWindow(10, 10, { center: 0, width: 100 }, 100);
    view.zoomBy(3);
    view.panBy(5, 6);
    view.invert = true;
    view.reset();
    expect([view.window, view.zoom, view.pan, view.invert]).toEqual([null, 1, { x: 0, y: 0 }, false]);
  });

  it('offers CT presets for CT and none for CR', () => {
    expect(presetsFor('CT').map(([name]) => name)).toEqual(['soft', 'lung', 'bone', 'brain']);
    expect(presetsFor('CR')).toEqual([]);
  });
});
