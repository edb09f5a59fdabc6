// Builds the zip of original files in the reader worker. Entries are stored, not deflated: DICOM
// pixel data hardly compresses and the receiving PACS wants the files as they were.

import { Zip, ZipPassThrough } from 'fflate';
import type { ShareReader } from './share-reader';

export interface ExportProgress {
  done: number;
  total: number;
}

/** A sender's paths must not escape the folder the receiver unzips into. */
export function safeZipPath(path: string, fallback: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length ? parts.join('/') : fallback;
}

export async function exportZip(reader: ShareReader, onProgress: (p: ExportProgress) => void): Promise<Blob> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  const files = reader.manifest.files;
  const used = new Set<string>();
  for (const [i, file] of files.entries()) {
    let name = safeZipPath(file.path, `file-${i}.dcm`);
    if (used.has(name)) name = `${name}-${i}`;
    used.add(name);
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(await reader.readFile(i, 8), true);
    if (failure) throw failure;
    onProgress({ done: i + 1, total: files.length });
  }
  zip.end();
  if (failure) throw failure;
  return new Blob(chunks as BlobPart[], { type: 'application/zip' });
}
