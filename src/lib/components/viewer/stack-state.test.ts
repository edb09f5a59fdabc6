import { describe, expect, it } from 'vitest';
import { prefetchOrder, StackState } from './stack-state.svelte';

const stack = (count: number) => {
  const state = new StackState();
  state.reset(count);
  return state;
};

describe('StackState', () => {
  it('labels the current image', () => {
    const state = stack(5);
    expect(state.label).toBe('Image 1 of 5');
    state.step(2);
    expect(state.label).toBe('Image 3 of 5');
    expect(stack(0).label).toBe('No images');
  });

  it('stays inside the stack', () => {
    const state = stack(3);
    state.step(-1);
    expect(state.index).toBe(0);
    state.step(10);
    expect(state.index).toBe(2);
    state.reset(0);
    state.step(1);
    expect(state.index).toBe(0);
  });

  it('moves for stack keys only', () => {
    const state = stack(50);
    const after = (key: string) => (state.key(key), state.index);
    expect(after('ArrowDown')).toBe(1);
    expect(after('ArrowRight')).toBe(2);
    expect(after('ArrowUp')).toBe(1);
    expect(after('ArrowLeft')).toBe(0);
    expect(after('PageDown')).toBe(5);
    expect(after('PageUp')).toBe(0);
    expect(after('End')).toBe(49);
    expect(after('Home')).toBe(0);
    expect(state.key('a')).toBe(false);
    expect(state.key('toString')).toBe(false);
  });

  it('moves one image per wheel notch and adds up trackpad deltas', () => {
    const state = stack(10);
    state.wheel(100);
    expect(state.index).toBe(1);
    for (let i = 0; i < 4; i++) state.wheel(25);
    expect(state.index).toBe(2);
    state.wheel(3, 1); // three lines, as Firefox reports a notch
    expect(state.index).toBe(3);
    state.wheel(-100); // the 20 px left over going down does not delay going up
    expect(state.index).toBe(2);
  });

  it('moves one image per 10 px of vertical drag, carrying the remainder', () => {
    const state = stack(10);
    state.dragBy(9);
    expect(state.index).toBe(0);
    state.dragBy(26);
    expect(state.index).toBe(3);
    state.dragBy(-25);
    expect(state.index).toBe(1);
    state.dragBy(9);
    state.dragEnd();
    state.dragBy(9);
    expect(state.index).toBe(1);
  });

  it('returns to the first image on reset', () => {
    const state = stack(10);
    state.go(7);
    state.reset(4);
    expect([state.index, state.count, state.label]).toEqual([0, 4, 'Image 1 of 4']);
  });
});

describe('prefetchOrder', () => {
  it('fetches the nearest images first, ahead before behind', () => {
    expect(prefetchOrder(5, 10, 5)).toEqual([6, 4, 7, 3, 8]);
  });

  it('runs on past the ends of the stack', () => {
    expect(prefetchOrder(0, 4, 10)).toEqual([1, 2, 3]);
    expect(prefetchOrder(3, 4, 10)).toEqual([2, 1, 0]);
  });
});
