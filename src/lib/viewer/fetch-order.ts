// The order in which the viewer fetches a share (issue 5): the middle image of the series shown,
// then the rest of that series nearest first, then the other series in list order, each from its
// middle. Pure, so the order is tested without a browser.

import { fileExtents, type Manifest } from '../core/manifest';

/** The image a stack opens at: its middle one, which shows the most of a study at a glance. */
export const middleOf = (count: number): number => Math.floor(count / 2);

/** Images to fetch after the shown one: nearest first, alternating ahead and behind, up to `limit`. */
export function prefetchOrder(index: number, count: number, limit: number): number[] {
  const order: number[] = [];
  for (let d = 1; order.length < limit && (index + d < count || index - d >= 0); d++) {
    if (index + d < count) order.push(index + d);
    if (index - d >= 0 && order.length < limit) order.push(index - d);
  }
  return order;
}

/**
 * Files in the order the viewer wants them. `series` lists, per series in list order, the file of
 * each image (a multi-frame file appears once per frame); `current` is the series shown and `index`
 * its image shown. Each file appears once, where it is first needed.
 */
export function fileOrder(series: number[][], current: number, index = middleOf(series[current]?.length ?? 0)): number[] {
  const stackOrder = (files: number[], at: number) => (files.length ? [at, ...prefetchOrder(at, files.length, files.length)] : []).map((i) => files[i]);
  const others = series.flatMap((files, s) => (s === current ? [] : stackOrder(files, middleOf(files.length))));
  return [...new Set([...stackOrder(series[current] ?? [], index), ...others])];
}

/** The objects holding `files`, in the order the files first need them. */
export function objectOrder(manifest: Pick<Manifest, 'files' | 'objectSize'>, files: number[]): number[] {
  const objects = files.flatMap((i) => (manifest.files[i] ? fileExtents(manifest.files[i], manifest.objectSize).map((e) => e.object) : []));
  return [...new Set(objects)];
}
