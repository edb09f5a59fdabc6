// The order, read-ahead and checking of verifiedFiles, over a share laid out as layoutFiles lays one
// out (files back to back across records and objects), with tiny records so that many files share a
// record and cross object boundaries. The reader here answers openRecords from memory; the real
// store and ShareReader are exercised end to end by tests/e2e/export-*.spec.ts.

import { describe, expect, it } from 'vitest';
import { toHex } from '../core/bytes';
import { DisclessError } from '../core/errors';
import { layoutFiles, type Manifest } from '../core/manifest';
import type { ShareReader } from './share-reader';
import { SPAN_RECORDS, SPANS_AHEAD, verifiedFiles } from './study-stream';

const RECORD = 16;
const OBJECT = RECORD * 40;

async function sha256(bytes: Uint8Array) {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

async function share(sizes: number[], damaged: number | null = null) {
  const originals = sizes.map((size, i) => Uint8Array.from({ length: size }, (_, k) => (i * 7 + k) & 0xff));
  const { placements, objectSizes } = layoutFiles(sizes, OBJECT);
  const objects = objectSizes.map((size) => new Uint8Array(size));
  placements.forEach((p, i) => {
    let left = originals[i];
    for (let n = p.object, at = p.offset; left.length > 0; n++, at = 0) {
      const take = Math.min(left.length, OBJECT - at);
      objects[n].set(left.subarray(0, take), at);
      left = left.subarray(take);
    }
  });
  const files = await Promise.all(sizes.map(async (size, i) => ({ size, ...placements[i], path: `f${i}`, sha256: await sha256(originals[i]) })));
  if (damaged !== null) files[damaged].sha256 = '0'.repeat(64);
  const manifest = { files, objectSize: OBJECT, recordSize: RECORD } as unknown as Manifest;
  const requests: { n: number; first: number; last: number }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const reader = {
    manifest,
    async openRecords(n: number, first: number, last: number) {
      requests.push({ n, first, last });
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return Array.from({ length: last - first + 1 }, (_, k) => objects[n].slice((first + k) * RECORD, (first + k + 1) * RECORD));
    },
    async verify(index: number, bytes: Uint8Array) {
      if ((await sha256(bytes)) !== files[index].sha256) throw new DisclessError('damaged', `The file ${files[index].path} was damaged.`);
    }
  } as unknown as ShareReader;
  return { reader, originals, requests, mostInFlight: () => mostInFlight };
}

describe('verifiedFiles', () => {
  const sizes = [5, 40, 1, 0, 700, 33, 16, 16, 300, 9];

  it('gives every file in order, bit-identical, across shared records and object boundaries', async () => {
    const { reader, originals } = await share(sizes);
    const out = [];
    for await (const file of verifiedFiles(reader)) out.push(file);
    expect(out.map((f) => f.index)).toEqual(sizes.map((_, i) => i));
    out.forEach((f) => expect(f.bytes).toEqual(originals[f.index]));
  });

  it('fetches every record once, in spans of one object, with a bounded number in flight', async () => {
    const { reader, requests, mostInFlight } = await share(sizes);
    for await (const _ of verifiedFiles(reader));
    const records = requests.flatMap(({ n, first, last }) => Array.from({ length: last - first + 1 }, (_, k) => `${n}:${first + k}`));
    expect(new Set(records).size).toBe(records.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(records).toHaveLength(Math.ceil((total % OBJECT) / RECORD) + Math.floor(total / OBJECT) * (OBJECT / RECORD));
    for (const { first, last } of requests) expect(last - first + 1).toBeLessThanOrEqual(SPAN_RECORDS);
    expect(mostInFlight()).toBeGreaterThan(1);
    expect(mostInFlight()).toBeLessThanOrEqual(SPANS_AHEAD);
  });

  it('stops at a damaged file, naming it, having handed on only the files before it', async () => {
    const { reader } = await share(sizes, 4);
    const out: number[] = [];
    const reading = (async () => {
      for await (const file of verifiedFiles(reader)) out.push(file.index);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'damaged', message: expect.stringContaining('f4') });
    expect(out).toEqual([0, 1, 2, 3]);
  });

  it('reads only the files asked for', async () => {
    const { reader, originals } = await share(sizes);
    const out = [];
    for await (const file of verifiedFiles(reader, [4, 8])) out.push(file);
    expect(out.map((f) => f.index)).toEqual([4, 8]);
    expect(out[1].bytes).toEqual(originals[8]);
  });
});
