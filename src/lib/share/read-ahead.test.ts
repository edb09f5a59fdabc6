import { describe, expect, it } from 'vitest';
import { FileQueue, WHOLE_FILE_BYTES } from './read-ahead';

/** A File that counts how often it is read and can hold its read until released. */
function countedFile(bytes: Uint8Array, log: number[], i: number): File {
  const file = new File([bytes as BlobPart], `f${i}`);
  const read = file.arrayBuffer.bind(file);
  return Object.assign(file, { arrayBuffer: () => (log.push(i), read()) });
}

describe('FileQueue', () => {
  it('gives every file whole, in order, reading the next ones ahead within the budget', async () => {
    const log: number[] = [];
    const files = Array.from({ length: 10 }, (_, i) => countedFile(new Uint8Array(100).fill(i), log, i));
    const queue = new FileQueue(files, 350);
    expect(Array.from(await queue.take(0))).toEqual(new Array(100).fill(0));
    // 0 taken: 1..3 (300 bytes) are being read ahead, not 4.
    expect(log).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < 10; i++) expect((await queue.take(i))[0]).toBe(i);
    expect([...log].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads no file twice and reads nothing ahead past a file that is streamed', async () => {
    const log: number[] = [];
    const big = { size: WHOLE_FILE_BYTES + 1, arrayBuffer: () => (log.push(1), Promise.reject(new Error('not whole'))) } as unknown as File;
    const files = [countedFile(new Uint8Array(10), log, 0), big, countedFile(new Uint8Array(10), log, 2)];
    const queue = new FileQueue(files);
    expect(queue.whole(1)).toBe(false);
    await queue.take(0);
    expect(log).toEqual([0]);
    expect((await queue.take(2)).length).toBe(10);
    expect(log).toEqual([0, 2]);
  });
});
