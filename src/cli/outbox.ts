// Where a sealed object waits for its upload on this computer: a file in a private temporary folder,
// uploaded as a Blob backed by that file (fs.openAsBlob), as the browser's outbox writes to its
// private file system (src/lib/share/outbox.ts). In memory, the objects in flight and their copies
// held about 370 MB for any share; on disk they hold none. A few slot files are reused in turn, so
// the disk holds no more than the objects in flight, and only ciphertext; the folder is removed at
// the end, and at exit if the upload stopped.

import { closeSync, mkdtempSync, openAsBlob, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisclessError } from '../lib/core/errors';
import type { ObjectBody, Outbox } from '../lib/share/outbox';

class SlotFile implements ObjectBody {
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

export async function openFileOutbox(slots: number): Promise<Outbox> {
  const folder = mkdtempSync(join(tmpdir(), 'discless-outbox-'));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  process.once('exit', remove);
  return {
    begin: async (n) => new SlotFile(join(folder, `slot-${n % slots}`)),
    clear: async () => {
      remove();
      process.off('exit', remove);
    }
  };
}
