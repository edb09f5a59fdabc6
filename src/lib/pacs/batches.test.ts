import { describe, expect, it } from 'vitest';
import { DisclessError } from '../core/errors';
import { BatchReader, halves } from './batches';
import type { PacsInstance } from './instances';

const instances = (sizes: number[]): PacsInstance[] =>
  sizes.map((size, index) => ({ index, size, sopInstanceUid: `1.${index}`, sopClassUid: '1', studyUid: '9', seriesUid: '8' }));
const bytes = (list: PacsInstance[]) => async (i: number) => new Uint8Array(list[i].size);
const indexes = (batch: { items: { instance: PacsInstance }[] } | null) => batch?.items.map((item) => item.instance.index) ?? null;

describe('STOW-RS batches', () => {
  it('fill up to the byte limit and the count, a larger file alone, and end with null', async () => {
    const list = instances([4, 4, 4, 20, 1, 1, 1]);
    const reader = new BatchReader([...list], bytes(list), () => {}, 2, 10);
    const got = [];
    for (let b = await reader.next(); b; b = await reader.next()) got.push(indexes(b));
    expect(got).toEqual([[0, 1], [2], [3], [4, 5], [6]]);
  });

  it('read the next batch ahead when asked, once', async () => {
    const list = instances([4, 4, 4]);
    const reads: number[] = [];
    const reader = new BatchReader([...list], async (i) => (reads.push(i), new Uint8Array(4)), () => {}, 1, 100);
    expect(indexes(await reader.next())).toEqual([0]);
    reader.prefetch();
    reader.prefetch();
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toEqual([0, 1]);
    expect(indexes(await reader.next())).toEqual([1]);
  });

  it('report a damaged file and go on; put files back when the store does not answer', async () => {
    const list = instances([1, 1, 1]);
    const damaged: number[] = [];
    let offline = true;
    const reader = new BatchReader(
      [...list],
      async (i) => {
        if (i === 0) throw new DisclessError('damaged', 'checksum');
        if (i === 2 && offline) throw new DisclessError('offline', 'no network');
        return new Uint8Array(1);
      },
      (instance) => damaged.push(instance.index),
      10,
      100
    );
    await expect(reader.next()).rejects.toMatchObject({ code: 'offline' });
    offline = false;
    expect(indexes(await reader.next())).toEqual([1, 2]);
    expect(damaged).toEqual([0]);
  });

  it('halve a batch by count', () => {
    const list = instances([1, 1, 1]);
    const batch = { items: list.map((instance) => ({ instance, bytes: new Uint8Array(1) })), serverErrors: 1, alone: false };
    expect(halves(batch).map(indexes)).toEqual([[0, 1], [2]]);
  });
});
