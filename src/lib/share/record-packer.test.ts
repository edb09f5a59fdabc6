import { describe, expect, it } from 'vitest';
import { RecordPacker } from './record-packer';

describe('RecordPacker', () => {
  it('cuts chunks of any size into whole records and keeps the rest', async () => {
    const packer = new RecordPacker(4);
    const records: number[][] = [];
    const collect = async (r: Uint8Array) => void records.push([...r]);
    await packer.push(Uint8Array.of(1, 2, 3), collect);
    await packer.push(Uint8Array.of(4, 5, 6, 7, 8, 9, 10, 11), collect);
    await packer.push(new Uint8Array(0), collect);
    expect(records).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8]
    ]);
    expect([...packer.rest()]).toEqual([9, 10, 11]);
  });

  it('hands out records that later chunks do not overwrite', async () => {
    const packer = new RecordPacker(2);
    const records: Uint8Array[] = [];
    await packer.push(Uint8Array.of(1, 2, 3, 4), async (r) => void records.push(r));
    expect(records.map((r) => [...r])).toEqual([
      [1, 2],
      [3, 4]
    ]);
  });

  it('hands out a record wholly inside a chunk as a view of it, and copies only records across chunks', async () => {
    const packer = new RecordPacker(4);
    const records: Uint8Array[] = [];
    const chunk = Uint8Array.of(1, 2, 3, 4, 5, 6);
    await packer.push(chunk, async (r) => void records.push(r));
    await packer.push(Uint8Array.of(7, 8, 9, 10, 11, 12, 13, 14), async (r) => void records.push(r));
    expect(records.map((r) => [...r])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12]
    ]);
    expect(records[0].buffer).toBe(chunk.buffer);
    expect(records[1].buffer).not.toBe(chunk.buffer);
    expect([...packer.rest()]).toEqual([13, 14]);
  });
});
