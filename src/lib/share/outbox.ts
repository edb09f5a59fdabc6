// Where a sealed object waits for its upload. As an in-memory Blob, each uploaded object's bytes
// stayed in Chromium's browser process long after its upload: after the QR of a 318 MB share, a
// memory-infra dump showed blob_storage holding 319 MB, all ten objects (+700 MB for a 1 GB share),
// and a forced garbage collection in the worker after each upload did not release them. So the
// records of an object are written to a file in the origin private file system instead, and the
// upload sends that file: a handle to it pins nothing in memory. Each object has a file of its own,
// deleted once the store has it: uploads finish out of order, so a file reused by number could be
// rewritten while an earlier, slower upload (or its retry) still reads it. The disk holds no more
// than the objects in flight, and only ciphertext. Each share writes into a folder of its own, so
// two tabs sharing at once never meet; folders a closed tab left behind are removed after a day.
//
// Where the private file system or its synchronous handles are missing (Node's tests, older
// browsers), objects are in-memory Blobs as before.

import { DisclessError } from '../core/errors';

/** Builds one object's body record by record. */
export interface ObjectBody {
  append(bytes: Uint8Array): void;
  /** The finished body, readable until `uploaded` is called for its object. */
  finish(): Promise<Blob>;
}

export interface Outbox {
  begin(n: number): Promise<ObjectBody>;
  /** The store holds object n: its bytes are no longer needed. */
  uploaded(n: number): void;
  /** Deletes whatever is left, once the upload ends or stops. */
  clear(): Promise<void>;
}

const DIRECTORY = 'discless-outbox';
const LEFT_BEHIND_MS = 24 * 3600_000;

class MemoryBody implements ObjectBody {
  private readonly parts: BlobPart[] = [];
  append(bytes: Uint8Array) {
    this.parts.push(bytes as BlobPart);
  }
  async finish() {
    return new Blob(this.parts, { type: 'application/octet-stream' });
  }
}

export interface SyncHandle {
  write(bytes: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export class FileBody implements ObjectBody {
  private at = 0;
  constructor(
    private readonly file: FileSystemFileHandle,
    private readonly handle: SyncHandle
  ) {}
  append(bytes: Uint8Array) {
    let written = 0;
    try {
      written = this.handle.write(bytes, { at: this.at });
    } catch {
      // QuotaExceededError, or the disk itself is full.
    }
    if (written !== bytes.length) {
      this.handle.close();
      throw new DisclessError('disk-full', 'There is not enough free space on this computer to prepare the upload.');
    }
    this.at += written;
  }
  async finish() {
    this.handle.truncate(this.at);
    this.handle.flush();
    this.handle.close();
    return this.file.getFile();
  }
}

export async function openOutbox(): Promise<Outbox> {
  const memory: Outbox = { begin: async () => new MemoryBody(), uploaded: () => {}, clear: async () => {} };
  const canWriteFiles = typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;
  if (!canWriteFiles || !navigator.storage?.getDirectory) return memory;
  let outboxes: FileSystemDirectoryHandle;
  let directory: FileSystemDirectoryHandle;
  const name = `${Date.now()}-${crypto.randomUUID()}`;
  try {
    outboxes = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECTORY, { create: true });
    await removeLeftBehind(outboxes);
    directory = await outboxes.getDirectoryHandle(name, { create: true });
  } catch {
    return memory;
  }
  // Chromium refuses to remove a folder while the removal of a file in it is under way
  // (NoModificationAllowedError), which left each share's folder behind: clear() waits for them.
  const removals: Promise<void>[] = [];
  return {
    async begin(n: number) {
      try {
        const file = await directory.getFileHandle(`object-${n}`, { create: true });
        const handle = await (file as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle();
        return new FileBody(file, handle);
      } catch {
        // The file is still locked by an attempt that failed half-way in this worker.
        return new MemoryBody();
      }
    },
    uploaded(n: number) {
      removals.push(directory.removeEntry(`object-${n}`).catch(() => {}));
    },
    async clear() {
      await Promise.all(removals);
      await outboxes.removeEntry(name, { recursive: true }).catch(() => {});
    }
  };
}

async function removeLeftBehind(outboxes: FileSystemDirectoryHandle) {
  const entries = (outboxes as unknown as { keys(): AsyncIterable<string> }).keys();
  for await (const entry of entries) {
    const started = Number(entry.split('-')[0]);
    // Entries without a start time are the numbered slots of earlier versions.
    if (!(started > Date.now() - LEFT_BEHIND_MS)) await outboxes.removeEntry(entry, { recursive: true }).catch(() => {});
  }
}
