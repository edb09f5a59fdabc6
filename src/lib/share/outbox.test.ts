import { describe, expect, it } from 'vitest';
import { DisclessError } from '../core/errors';
import { FileBody, openOutbox, type SyncHandle } from './outbox';

/** A sync access handle over memory that accepts at most `room` bytes, as a nearly full disk. */
function fakeHandle(room = Infinity) {
  const bytes: number[] = [];
  const state = { closed: false, size: 0 };
  const handle: SyncHandle = {
    write(chunk, { at }) {
      if (at + chunk.length > room) throw new DOMException('full', 'QuotaExceededError');
      chunk.forEach((b, k) => (bytes[at + k] = b));
      return chunk.length;
    },
    truncate(size) {
      state.size = size;
    },
    flush() {},
    close() {
      state.closed = true;
    }
  };
  const file = { getFile: async () => new File([new Uint8Array(bytes.slice(0, state.size))], 'slot-0') } as unknown as FileSystemFileHandle;
  return { handle, file, state };
}

describe('outbox', () => {
  it('writes records one after another and gives the finished file', async () => {
    const { handle, file, state } = fakeHandle();
    const body = new FileBody(file, handle);
    body.append(new Uint8Array([1, 2, 3]));
    body.append(new Uint8Array([4, 5]));
    const blob = await body.finish();
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    expect(state.closed).toBe(true);
  });

  it('rejects a record the disk has no room for with disk-full and releases the slot', () => {
    const { handle, file, state } = fakeHandle(4);
    const body = new FileBody(file, handle);
    body.append(new Uint8Array([1, 2, 3]));
    const error = (() => {
      try {
        body.append(new Uint8Array([4, 5]));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DisclessError);
    expect((error as DisclessError).code).toBe('disk-full');
    expect(state.closed).toBe(true);
  });

  it('keeps objects in memory where there is no private file system', async () => {
    const outbox = await openOutbox(4);
    const body = await outbox.begin(0);
    body.append(new Uint8Array([7, 8]));
    expect([...new Uint8Array(await (await body.finish()).arrayBuffer())]).toEqual([7, 8]);
    await outbox.clear();
  });
});
