import { describe, expect, it } from 'vitest';
import { layoutFiles } from '../core/manifest';
import { fileOrder, middleOf, objectOrder, prefetchOrder } from './fetch-order';

describe('middleOf', () => {
  it('is the lower middle of an even stack', () => {
    expect([0, 1, 2, 3, 4, 5].map(middleOf)).toEqual([0, 0, 1, 1, 2, 2]);
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

describe('fileOrder', () => {
  // Three series: files 0–4, 5–6, and 7 (a multi-frame file of three frames).
  const series = [[0, 1, 2, 3, 4], [5, 6], [7, 7, 7]];

  it('opens at the middle of the first series, then its neighbours, then each other series from its middle', () => {
    expect(fileOrder(series, 0)).toEqual([2, 3, 1, 4, 0, 6, 5, 7]);
  });

  it('puts the series the user picked first, and the others after it in list order', () => {
    expect(fileOrder(series, 1)).toEqual([6, 5, 2, 3, 1, 4, 0, 7]);
  });

  it('starts from the image the user scrolled to', () => {
    expect(fileOrder(series, 0, 4)).toEqual([4, 3, 2, 1, 0, 6, 5, 7]);
  });

  it('lists each file once and copes with no series', () => {
    expect(fileOrder(series, 2)).toEqual([7, 2, 3, 1, 4, 0, 6, 5]);
    expect(fileOrder([], 0)).toEqual([]);
  });
});

describe('objectOrder', () => {
  // Files of 6, 6, 6 and 10 units in objects of 8: file 0 is in object 0, 1 in 0–1, 2 in 1–2, 3 in 2–3.
  const { placements } = layoutFiles([6, 6, 6, 10], 8);
  const manifest = { objectSize: 8, files: placements.map((p, i) => ({ ...p, size: [6, 6, 6, 10][i] })) } as never;

  it('gives the objects in the order the files first need them, each once', () => {
    expect(objectOrder(manifest, [2, 1, 0, 3])).toEqual([1, 2, 0, 3]);
    expect(objectOrder(manifest, [3, 0])).toEqual([2, 3, 0]);
  });

  it('skips files the manifest does not have', () => {
    expect(objectOrder(manifest, [9, 0])).toEqual([0]);
  });
});
