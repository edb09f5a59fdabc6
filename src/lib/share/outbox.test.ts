import { afterEach, describe, expect, it, vi } from 'vitest';
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
    const outbox = await openOutbox();
    const body = await outbox.begin(0);
    body.append(new Uint8Array([7, 8]));
    expect([...new Uint8Array(await (await body.finish()).arrayBuffer())]).toEqual([7, 8]);
    await outbox.clear();
  });

  describe('on a private file system', () => {
    afterEach(() => vi.unstubAllGlobals());

    /** An origin private file system in memory: folders of files whose bytes a File snapshot reads. */
    function fakeFileSystem() {
      type Folder = Map<string, Folder | number[]>;
      /** Removals under way in each folder: Chromium will not remove a folder while one is. */
      const removing = new WeakMap<Folder, number>();
      class FakeFileHandle {
        constructor(private readonly bytes: number[]) {}
        async createSyncAccessHandle(): Promise<SyncHandle> {
          const bytes = this.bytes;
          bytes.length = 0;
          return { write: (chunk, { at }) => (chunk.forEach((b, k) => (bytes[at + k] = b)), chunk.length), truncate: (n) => (bytes.length = n), flush() {}, close() {} };
        }
        async getFile() {
          // A real File from this handle fails to read once the file changes; the copy stands for that.
          const snapshot = [...this.bytes];
          const live = this.bytes;
          return { arrayBuffer: async () => (live.join() === snapshot.join() ? new Uint8Array(snapshot).buffer : Promise.reject(new Error('NotReadableError'))) };
        }
      }
      const folder = (entries: Folder): unknown => ({
        async getDirectoryHandle(name: string, { create = false } = {}) {
          if (!entries.has(name) && create) entries.set(name, new Map());
          if (!(entries.get(name) instanceof Map)) throw new DOMException('missing', 'NotFoundError');
          return folder(entries.get(name) as Folder);
        },
        async getFileHandle(name: string) {
          if (!entries.has(name)) entries.set(name, []);
          return new FakeFileHandle(entries.get(name) as number[]);
        },
        async removeEntry(name: string) {
          const entry = entries.get(name);
          if (entry instanceof Map && removing.get(entry)) throw new DOMException('busy', 'NoModificationAllowedError');
          removing.set(entries, (removing.get(entries) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 1));
          entries.delete(name);
          removing.set(entries, removing.get(entries)! - 1);
        },
        async *keys() {
          yield* [...entries.keys()];
        }
      });
      const root: Folder = new Map();
      vi.stubGlobal('FileSystemFileHandle', FakeFileHandle);
      vi.stubGlobal('navigator', { storage: { getDirectory: async () => folder(root) } });
      return root;
    }

    it('keeps a slow upload readable while later objects are written and uploaded', async () => {
      fakeFileSystem();
      const outbox = await openOutbox();
      const bodies = [];
      for (let n = 0; n < 12; n++) {
        const body = await outbox.begin(n);
        body.append(new Uint8Array([n, n + 1]));
        bodies.push(await body.finish());
        if (n > 0) outbox.uploaded(n);
      }
      expect([...new Uint8Array(await bodies[0].arrayBuffer())]).toEqual([0, 1]);
      await outbox.clear();
    });

    it('leaves no folder behind when the last object is cleared while its file is still being removed', async () => {
      const root = fakeFileSystem();
      const outbox = await openOutbox();
      const body = await outbox.begin(0);
      body.append(new Uint8Array([1]));
      await body.finish();
      outbox.uploaded(0);
      await outbox.clear();
      expect([...(root.get('discless-outbox') as Map<string, unknown>).keys()]).toEqual([]);
    });

    it('removes what a share left behind a day ago but not what another tab is writing', async () => {
      const root = fakeFileSystem();
      const yesterday = `${Date.now() - 25 * 3600_000}-a`;
      const otherTab = `${Date.now() - 60_000}-b`;
      root.set('discless-outbox', new Map<string, unknown>([[yesterday, new Map()], [otherTab, new Map()], ['slot-0', []]]) as never);
      const outbox = await openOutbox();
      const left = [...(root.get('discless-outbox') as Map<string, unknown>).keys()];
      expect(left).toContain(otherTab);
      expect(left).not.toContain(yesterday);
      expect(left).not.toContain('slot-0');
      await outbox.clear();
      expect([...(root.get('discless-outbox') as Map<string, unknown>).keys()]).toEqual([otherTab]);
    });
  });
});
