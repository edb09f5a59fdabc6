// Where a sealed object waits for its upload. As an in-memory Blob, each uploaded object's bytes
// stayed in Chromium's browser process long after its upload: after the QR of a 318 MB share, a
// memory-infra dump showed blob_storage holding 319 MB, all ten objects (+700 MB for a 1 GB share),
// and a forced garbage collection in the worker after each upload did not release them. So the
// records of an object are written to a file in the origin private file system instead, and the
// upload sends that file: a handle to it pins nothing in memory. A few slots are reused in turn, so
// the disk holds no more than the objects in flight, and only ciphertext.
//
// Where the private file system or its synchronous handles are missing (Node's tests, older
// browsers), objects are in-memory Blobs as before.

import { DisclessError } from '../core/errors';

/** Builds one object's body record by record. */
export interface ObjectBody {
  append(bytes: Uint8Array): void;
  /** The finished body; the slot it came from is rewritten only after `slots` more objects. */
  finish(): Promise<Blob>;
}

export interface Outbox {
  begin(n: number): Promise<ObjectBody>;
  /** Deletes what the slots hold, once every object is uploaded. */
  clear(): Promise<void>;
}

const DIRECTORY = 'discless-outbox';

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

/** `slots` must exceed the objects that can be waiting or in flight at once. */
export async function openOutbox(slots: number): Promise<Outbox> {
  const memory: Outbox = { begin: async () => new MemoryBody(), clear: async () => {} };
  const canWriteFiles = typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;
  if (!canWriteFiles || !navigator.storage?.getDirectory) return memory;
  let directory: FileSystemDirectoryHandle;
  try {
    directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECTORY, { create: true });
  } catch {
    return memory;
  }
  return {
    async begin(n: number) {
      try {
        const file = await directory.getFileHandle(`slot-${n % slots}`, { create: true });
        const handle = await (file as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle();
        return new FileBody(file, handle);
      } catch {
        // The slot is still locked by an attempt that failed half-way in this worker.
        return new MemoryBody();
      }
    },
    async clear() {
      for (let slot = 0; slot < slots; slot++) await directory.removeEntry(`slot-${slot}`).catch(() => {});
    }
  };
}
