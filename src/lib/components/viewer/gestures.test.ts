import { describe, expect, it, vi } from 'vitest';
import { GestureTracker, type GestureHandlers } from './gestures';

function tracker() {
  const on: GestureHandlers = { drag: vi.fn(), pinch: vi.fn(), pan: vi.fn(), doubleTap: vi.fn(), end: vi.fn() };
  return { on, gestures: new GestureTracker(on) };
}

const touch = (pointerId: number, clientX: number, clientY: number, timeStamp = 0) => ({ pointerId, pointerType: 'touch', clientX, clientY, timeStamp });

describe('GestureTracker', () => {
  it('reports a one-finger drag as movement since the last event', () => {
    const { on, gestures } = tracker();
    gestures.start(touch(1, 100, 100));
    gestures.move(touch(1, 100, 130));
    gestures.move(touch(1, 110, 140));
    gestures.finish(touch(1, 110, 140));
    expect(on.drag).toHaveBeenNthCalledWith(1, 0, 30, 'touch');
    expect(on.drag).toHaveBeenNthCalledWith(2, 10, 10, 'touch');
    expect(on.end).toHaveBeenCalledOnce();
  });

  it('reports two fingers spreading as a pinch above 1 and moving together as a pan', () => {
    const { on, gestures } = tracker();
    gestures.start(touch(1, 100, 100));
    gestures.start(touch(2, 200, 100));
    gestures.move(touch(2, 300, 100));
    expect(on.pinch).toHaveBeenLastCalledWith(2);
    gestures.move(touch(1, 150, 100));
    gestures.move(touch(2, 350, 100));
    expect(on.pan).toHaveBeenLastCalledWith(25, 0);
    expect(on.drag).not.toHaveBeenCalled();
  });

  it('reports two quick taps in one place as a double tap, and not a slow pair', () => {
    const { on, gestures } = tracker();
    for (const t of [0, 200]) {
      gestures.start(touch(1, 50, 50, t));
      gestures.finish(touch(1, 50, 50, t + 20));
    }
    expect(on.doubleTap).toHaveBeenCalledOnce();
    for (const t of [1000, 1600]) {
      gestures.start(touch(1, 50, 50, t));
      gestures.finish(touch(1, 50, 50, t + 20));
    }
    expect(on.doubleTap).toHaveBeenCalledOnce();
  });

  it('does not count a drag as a tap', () => {
    const { on, gestures } = tracker();
    gestures.start(touch(1, 50, 50, 0));
    gestures.move(touch(1, 50, 90, 10));
    gestures.finish(touch(1, 50, 90, 20));
    gestures.start(touch(1, 50, 90, 100));
    gestures.finish(touch(1, 50, 90, 120));
    expect(on.doubleTap).not.toHaveBeenCalled();
  });
});
