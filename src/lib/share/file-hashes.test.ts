import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileHashes } from './file-hashes';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, k) => (k * seed) & 0xff);

describe('FileHashes', () => {
  it('hashes whole and streamed files and reports them in file order', async () => {
    const reported: [number, string][] = [];
    const hashes = new FileHashes((i, digest) => reported.push([i, digest]));
    const files = [bytes(5_000_000, 3), bytes(10, 5), bytes(300_000, 7), bytes(0, 1)];
    await hashes.add(0, files[0]);
    await hashes.add(1, files[1]);
    const streamed: number[] = [];
    const size = await hashes.stream(2, new File([files[2] as BlobPart], 'f'), async (chunk) => void streamed.push(chunk.length));
    expect(size).toBe(files[2].length);
    expect(streamed.reduce((a, b) => a + b, 0)).toBe(files[2].length);
    await hashes.add(3, files[3]);
    const all = await hashes.all();
    expect(all).toEqual(files.map(sha));
    expect(reported).toEqual(files.map((f, i) => [i, sha(f)]));
  });

  it('stops with what the report throws (a file that changed since the first attempt)', async () => {
    const hashes = new FileHashes((i) => {
      if (i === 1) throw new Error('file-changed');
    });
    await hashes.add(0, bytes(10, 1));
    await hashes.add(1, bytes(10, 2));
    await hashes.add(2, bytes(10, 3));
    await expect(hashes.all()).rejects.toThrow('file-changed');
  });
});
