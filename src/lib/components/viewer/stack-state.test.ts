import { beforeAll, describe, expect, it } from 'vitest';
import { language } from '$lib/i18n';
import { StackState } from './stack-state.svelte';

beforeAll(() => language.use('en'));

const stack = (count: number) => {
  const state = new StackState();
  state.reset(count);
  return state;
};

describe('StackState', () => {
  it('labels the current image', () => {
    const state = stack(5);
    expect(state.label).toBe('Image 3 of 5');
    state.step(2);
    expect(state.label).toBe('Image 5 of 5');
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
    state.go(0);
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
    expect(state.index).toBe(6);
    for (let i = 0; i < 4; i++) state.wheel(25);
    expect(state.index).toBe(7);
    state.wheel(3, 1); // three lines, as Firefox reports a notch
    expect(state.index).toBe(8);
    state.wheel(-100); // the 20 px left over going down does not delay going up
    expect(state.index).toBe(7);
  });

  it('moves one image per 10 px of vertical drag, carrying the remainder', () => {
    const state = stack(10);
    state.dragBy(9);
    expect(state.index).toBe(5);
    state.dragBy(26);
    expect(state.index).toBe(8);
    state.dragBy(-25);
    expect(state.index).toBe(6);
    state.dragBy(9);
    state.dragEnd();
    state.dragBy(9);
    expect(state.index).toBe(6);
  });

  it('returns to the middle image on reset', () => {
    const state = stack(10);
    state.go(7);
    state.reset(4);
    expect([state.index, state.count, state.label]).toEqual([2, 4, 'Image 3 of 4']);
    state.reset(1);
    expect(state.index).toBe(0);
    state.reset(0);
    expect([state.index, state.label]).toEqual([0, 'No images']);
  });
});
