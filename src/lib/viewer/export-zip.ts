// Builds the zip of original files in the reader worker: README.TXT, every file under its DICOM
// File-set name (core/dicomdir), then the DICOMDIR, which needs keys from every file. Entries are
// stored, not deflated: DICOM pixel data hardly compresses and the receiving PACS wants the files as
// they were. Each file is checked against the manifest's SHA-256 (ShareReader.readFile) before it is
// added; a mismatch aborts the export, so no zip with a bad file is ever handed out.

import { Zip, ZipPassThrough } from 'fflate';
import { FileSet } from '../core/dicomdir/file-set';
import { readmeBytes } from '../core/dicomdir/readme';
import type { ShareReader } from './share-reader';

export interface ExportProgress {
  done: number;
  total: number;
}

/** Zip output is handed to Blob storage in rolls of this size. */
export const ROLL_BYTES = 16 * 1024 * 1024;

/**
 * Collects the zip as a Blob made of Blobs: every ROLL_BYTES the pending chunks become a Blob, which
 * Chromium keeps in its blob storage (on disk when large) rather than in this worker's heap. So
 * memory holds one roll and one file, whatever the size of the study.
 */
export class BlobSink {
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

  finish(type: string): Blob {
    this.roll();
    return new Blob(this.rolls, { type });
  }
}

export async function exportZip(reader: ShareReader, onProgress: (p: ExportProgress) => void): Promise<Blob> {
  const { manifest } = reader;
  const fileSet = new FileSet(manifest);
  const sink = new BlobSink();
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

  add('README.TXT', readmeBytes(manifest, fileSet));
  for (let i = 0; i < manifest.files.length; i++) {
    const bytes = await reader.readFile(i, 8);
    fileSet.add(i, bytes);
    add(fileSet.names[i], bytes);
    onProgress({ done: i + 1, total: manifest.files.length });
  }
  add('DICOMDIR', fileSet.dicomdir());
  zip.end();
  if (failure) throw failure;
  return sink.finish('application/zip');
}
