// Where a sealed object waits for its upload on this computer: a file in a private temporary folder,
// uploaded as a Blob backed by that file (fs.openAsBlob), as the browser's outbox writes to its
// private file system (src/lib/share/outbox.ts). In memory, the objects in flight and their copies
// held about 370 MB for any share; on disk they hold none. Each object has a file of its own, removed
// once the store has it (createShare calls `uploaded`): uploads finish out of order, so a file reused
// by number could be rewritten while an earlier, slower upload still reads it. The folder, which only
// ever holds ciphertext, is removed at the end, and at exit if the upload stopped.

import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisclessError } from '../lib/core/errors';
import type { ObjectBody, Outbox } from '../lib/share/outbox';

class ObjectFile implements ObjectBody {
  private readonly fd: number;
  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w', 0o600);
  }

  append(bytes: Uint8Array): void {
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
    } catch (error) {
      closeSync(this.fd);
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new DisclessError('disk-full', `There is not enough free space in ${tmpdir()} to prepare the upload.`);
      }
      throw error;
    }
  }

  async finish(): Promise<Blob> {
    closeSync(this.fd);
    return openAsBlob(this.path);
  }
}

export class FileOutbox implements Outbox {
  private readonly folder = mkdtempSync(join(tmpdir(), 'discless-outbox-'));
  private readonly remove = () => rmSync(this.folder, { recursive: true, force: true });

  constructor() {
    process.once('exit', this.remove);
  }

  private path(n: number) {
    return join(this.folder, `object-${n}`);
  }

  async begin(n: number): Promise<ObjectBody> {
    return new ObjectFile(this.path(n));
  }

  /** The store holds object n: its file is no longer needed. */
  uploaded(n: number): void {
    rmSync(this.path(n), { force: true });
  }

  async clear(): Promise<void> {
    this.remove();
    process.off('exit', this.remove);
  }
}
