// Builds the zip of original files in the reader worker: README.TXT, every file under its DICOM
// File-set name (core/dicomdir), then the DICOMDIR, which needs keys from every file. Entries are
// stored, not deflated: DICOM pixel data hardly compresses and the receiving PACS wants the files as
// they were. Each file is checked against the manifest's SHA-256 (ShareReader.readFile) before it is
// added; a mismatch aborts the export, so no zip with a bad file is ever handed out or left on disk.

import { Zip, ZipPassThrough } from 'fflate';
import { FileSet } from '../core/dicomdir/file-set';
import { readmeBytes } from '../core/dicomdir/readme';
import type { ShareReader } from './share-reader';

export interface ExportProgress {
  done: number;
  total: number;
}

/** Where the zip goes. `drained` resolves once earlier chunks are stored, to keep the queue short. */
interface ZipSink {
  push(chunk: Uint8Array): void;
  drained(): Promise<void>;
  finish(): Promise<Blob | null>;
  abort(): Promise<void>;
}

/** Zip output is handed to Blob storage in rolls of this size. */
export const ROLL_BYTES = 16 * 1024 * 1024;

/**
 * The default: a Blob made of Blobs. Every ROLL_BYTES the pending chunks become a Blob, which
 * Chromium keeps in its blob storage (browser process) rather than in this worker's heap, so the
 * worker holds one roll and one file whatever the size of the study; the page then downloads it.
 */
class BlobSink implements ZipSink {
  private readonly rolls: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  push(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= ROLL_BYTES) this.roll();
  }

  private roll(): void {
    if (!this.pending.length) return;
    this.rolls.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  async drained(): Promise<void> {}

  async finish(): Promise<Blob> {
    this.roll();
    return new Blob(this.rolls, { type: 'application/zip' });
  }

  async abort(): Promise<void> {}
}

/**
 * Straight into a file the user picked (File System Access API): nothing of the study stays in
 * memory, in the worker or the browser. Chromium writes to a swap file and only replaces the target
 * on close, so an aborted export leaves no partial zip; the empty file the picker made is removed.
 */
class FileSink implements ZipSink {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileSystemFileHandle,
    private readonly writable: FileSystemWritableFileStream
  ) {}

  static async open(handle: FileSystemFileHandle): Promise<FileSink> {
    return new FileSink(handle, await handle.createWritable());
  }

  push(chunk: Uint8Array): void {
    this.chain = this.chain.then(() => this.writable.write(chunk as BufferSource));
  }

  drained(): Promise<void> {
    return this.chain;
  }

  async finish(): Promise<null> {
    await this.chain;
    await this.writable.close();
    return null;
  }

  async abort(): Promise<void> {
    await this.writable.abort().catch(() => {});
    await (this.handle as { remove?: () => Promise<void> }).remove?.().catch(() => {});
  }
}

/** The zip as a Blob to download, or null when it was written to `target`. */
export async function exportZip(
  reader: ShareReader,
  onProgress: (p: ExportProgress) => void,
  target: FileSystemFileHandle | null = null
): Promise<Blob | null> {
  const { manifest } = reader;
  const fileSet = new FileSet(manifest);
  const sink: ZipSink = target ? await FileSink.open(target) : new BlobSink();
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else sink.push(chunk);
  });
  const add = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
    if (failure) throw failure;
  };

  try {
    add('README.TXT', readmeBytes(manifest, fileSet));
    for (let i = 0; i < manifest.files.length; i++) {
      const bytes = await reader.readFile(i, 8);
      fileSet.add(i, bytes);
      add(fileSet.names[i], bytes);
      await sink.drained();
      onProgress({ done: i + 1, total: manifest.files.length });
    }
    add('DICOMDIR', fileSet.dicomdir());
    zip.end();
    if (failure) throw failure;
    return await sink.finish();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
