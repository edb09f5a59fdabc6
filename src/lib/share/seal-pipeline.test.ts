import { describe, expect, it } from 'vitest';
import { equalBytes } from '../core/bytes';
import { deriveShareKeys } from '../core/keys';
import { openAll, RECORD_SIZE } from '../core/stream';
import type { ObjectUploader } from './object-uploader';
import { openOutbox } from './outbox';
import { SealPipeline } from './seal-pipeline';

const keys = await deriveShareKeys(Uint8Array.from({ length: 32 }, (_, i) => i));
const R = RECORD_SIZE;

function records(count: number, last: number) {
  return Array.from({ length: count }, (_, i) => Uint8Array.from({ length: i === count - 1 ? last : R }, (_, k) => (i * 31 + k) & 0xff));
}

async function run(count: number, stored: Set<number>) {
  const plain = records(count, 1000);
  const objects = Array.from({ length: Math.ceil(count / 3) }, () => ({ size: 0, salt: '' }));
  const queued: { n: number; body: Uint8Array }[] = [];
  const uploader = { enqueue: async (n: number, body: Blob) => void queued.push({ n, body: new Uint8Array(await body.arrayBuffer()) }) } as unknown as ObjectUploader;
  const pipeline = new SealPipeline({ keys, objects, stored, recordsPerObject: 3, lastRecord: count - 1 }, await openOutbox(), uploader);
  for (const record of plain) await pipeline.push(record);
  await pipeline.drain();
  return { plain, objects, queued };
}

describe('SealPipeline', () => {
  it('seals records into objects of recordsPerObject, in order, each queued once when whole', async () => {
    const { plain, objects, queued } = await run(8, new Set());
    expect(queued.map((q) => q.n)).toEqual([0, 1, 2]);
    for (const { n, body } of queued) {
      const opened = await openAll(keys, { kind: 'object', index: n }, body);
      const expected = plain.slice(n * 3, n * 3 + 3);
      expect(equalBytes(opened, new Uint8Array(expected.flatMap((r) => [...r])))).toBe(true);
      expect(objects[n].salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('leaves out objects the store holds already', async () => {
    const { queued, objects } = await run(8, new Set([1]));
    expect(queued.map((q) => q.n)).toEqual([0, 2]);
    expect(objects[1].salt).toBe('');
  });

  it('stops with the upload failure, and seals nothing after it', async () => {
    const failing = { enqueue: async () => Promise.reject(new Error('store down')) } as unknown as ObjectUploader;
    const pipeline = new SealPipeline({ keys, objects: [{ size: 0, salt: '' }, { size: 0, salt: '' }], stored: new Set(), recordsPerObject: 1, lastRecord: 1 }, await openOutbox(), failing);
    const pushing = (async () => {
      for (const record of records(2, 10)) await pipeline.push(record);
      await pipeline.drain();
    })();
    await expect(pushing).rejects.toThrow('store down');
  });
});
