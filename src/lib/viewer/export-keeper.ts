// Where a streamed download keeps the files its check pass verified, so that writing the zip reads
// them from this device instead of fetching and opening the whole study a second time. A streamed
// download cannot be withdrawn once the browser has begun it, so every file is checked before it
// starts (export-zip.ts); keeping what was checked makes that first pass the only one that reads
// the store. The bytes go to one file in the origin private file system, written and read with a
// synchronous handle (this runs in the reader worker), and the file is deleted when the export ends,
// however it ends; one an export left behind (a closed tab) is deleted by the next export.
//
// They are the study's own files, the same bytes the user is saving, held only while the export runs.
// Where the private file system is missing or full, a file that could not be kept is read from the
// store again.

import type { SyncHandle } from '../share/outbox';

const DIRECTORY = 'discless-export';

interface ReadableSyncHandle extends SyncHandle {
  read(into: Uint8Array, options: { at: number }): number;
}

export class ExportKeeper {
  private at = 0;
  private readonly places = new Map<number, { at: number; size: number }>();
  private full = false;

  private constructor(
    private readonly directory: FileSystemDirectoryHandle,
    private readonly name: string,
    private readonly handle: ReadableSyncHandle
  ) {}

  /** A keeper, or null where this browser has no private file system for it. */
  static async open(): Promise<ExportKeeper | null> {
    const canWriteFiles = typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;
    if (!canWriteFiles || !navigator.storage?.getDirectory) return null;
    try {
      const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECTORY, { create: true });
      // Files of exports that never ended; one still in use by another tab is locked and stays.
      const stale: string[] = [];
      for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) stale.push(name);
      for (const name of stale) await directory.removeEntry(name).catch(() => {});
      const name = `export-${crypto.randomUUID()}`;
      const file = await directory.getFileHandle(name, { create: true });
      const handle = await (file as unknown as { createSyncAccessHandle(): Promise<ReadableSyncHandle> }).createSyncAccessHandle();
      return new ExportKeeper(directory, name, handle);
    } catch {
      return null;
    }
  }

  /** Keeps file `index`; a full disk stops the keeping, not the export. */
  add(index: number, bytes: Uint8Array): void {
    if (this.full) return;
    let written = 0;
    try {
      written = this.handle.write(bytes, { at: this.at });
    } catch {
      // QuotaExceededError, or the disk itself is full.
    }
    if (written !== bytes.length) {
      this.full = true;
      return;
    }
    this.places.set(index, { at: this.at, size: bytes.length });
    this.at += written;
  }

  /** File `index` as kept, or null if it was not. */
  read(index: number): Uint8Array | null {
    const place = this.places.get(index);
    if (!place) return null;
    const bytes = new Uint8Array(place.size);
    return this.handle.read(bytes, { at: place.at }) === place.size ? bytes : null;
  }

  async dispose(): Promise<void> {
    this.handle.close();
    await this.directory.removeEntry(this.name).catch(() => {});
  }
}
