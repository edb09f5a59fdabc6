// Builds the zip of original files in the reader worker: README.TXT, every file under its DICOM
// File-set name (core/dicomdir), then the DICOMDIR, which needs keys from every file. client-zip
// writes it as a stream, pulled by whoever takes it (a Blob, a picked file, or the service worker
// feeding a download), so only the file being written is in memory; it switches to Zip64 past 4 GiB,
// and fixZip64Footer past 65,535 entries. Entries are stored, not deflated: DICOM pixel data hardly
// compresses and the receiving PACS wants the files as they were. The files are read in order with
// Range requests ahead of the zip (study-stream.ts), and each is checked against the manifest's
// SHA-256 before it is added; a mismatch aborts the export, so no zip with a bad file is ever handed
// out or left on disk.

import { makeZip } from 'client-zip';
import { FileSet } from '../core/dicomdir/file-set';
import { readmeBytes } from '../core/dicomdir/readme';
import { DisclessError } from '../core/errors';
import { ExportKeeper } from './export-keeper';
import type { ShareReader } from './share-reader';
import { verifiedFiles, type VerifiedFile } from './study-stream';
import { fixZip64Footer } from './zip64-footer';

export interface ExportProgress {
  /** 'checking': a streamed download reads every file once before the download starts. */
  phase: 'checking' | 'writing';
  done: number;
  total: number;
}

/** A Blob to download (null), a file the user picked, or a port to the service worker's download. */
export type ExportTarget = FileSystemFileHandle | MessagePort | null;

/** Zip output is handed to Blob storage in rolls of this size. */
const ROLL_BYTES = 16 * 1024 * 1024;

/**
 * The zip, made as it is read. `files` gives every file in order, checked (by default straight from
 * the store); `dicomdir` is given when an earlier pass read every file already.
 */
export function zipStream(
  reader: ShareReader,
  fileSet: FileSet,
  onProgress: (p: ExportProgress) => void,
  files: AsyncIterable<VerifiedFile> = verifiedFiles(reader),
  dicomdir?: Uint8Array
): ReadableStream<Uint8Array> {
  const { manifest } = reader;
  const total = manifest.files.length;
  const lastModified = new Date();
  async function* entries() {
    yield { name: 'README.TXT', input: readmeBytes(manifest, fileSet), lastModified };
    let done = 0;
    for await (const { index, bytes } of files) {
      // With `dicomdir`, an earlier pass took every file's keys already.
      if (!dicomdir) fileSet.add(index, bytes);
      yield { name: fileSet.names[index], input: bytes, lastModified };
      onProgress({ phase: 'writing', done: ++done, total });
    }
    yield { name: 'DICOMDIR', input: dicomdir ?? fileSet.dicomdir(), lastModified };
  }
  return makeZip(entries()).pipeThrough(fixZip64Footer(total + 2));
}

/** The files a check pass kept, in order; one it could not keep is read from the store again. */
async function* keptFiles(reader: ShareReader, keeper: ExportKeeper | null): AsyncGenerator<VerifiedFile> {
  for (let index = 0; index < reader.manifest.files.length; index++) {
    yield { index, bytes: keeper?.read(index) ?? (await reader.readFile(index)) };
  }
}

/**
 * A Blob made of Blobs: every ROLL_BYTES the pending chunks become a Blob, which Chromium keeps in
 * its blob storage (browser process) rather than in this worker's heap. The browser as a whole
 * still holds the zip until it is saved: the fallback where no service worker can stream it.
 */
async function toBlob(zip: ReadableStream<Uint8Array>): Promise<Blob> {
  const rolls: Blob[] = [];
  let pending: Uint8Array[] = [];
  let bytes = 0;
  const roll = () => {
    rolls.push(new Blob(pending as BlobPart[]));
    pending = [];
    bytes = 0;
  };
  await zip.pipeTo(
    new WritableStream({
      write(chunk) {
        pending.push(chunk);
        bytes += chunk.length;
        if (bytes >= ROLL_BYTES) roll();
      },
      close: roll
    })
  );
  return new Blob(rolls, { type: 'application/zip' });
}

/**
 * Straight into a file the user picked (File System Access API). Chromium writes to a swap file and
 * only replaces the target on close, so an aborted export leaves no partial zip; the empty file the
 * picker made is removed.
 */
async function toFile(zip: ReadableStream<Uint8Array>, handle: FileSystemFileHandle): Promise<void> {
  try {
    await zip.pipeTo(await handle.createWritable());
  } catch (error) {
    await (handle as { remove?: () => Promise<void> }).remove?.().catch(() => {});
    throw error;
  }
}

const HANDOVER_CHUNK = 4 * 1024 * 1024;
const HANDOVER_BYTES = 16 * 1024 * 1024;

/** The same bytes in chunks of at least `size` (the last may be smaller). */
function inChunksOf(size: number): TransformStream<Uint8Array, Uint8Array> {
  let parts: Uint8Array[] = [];
  let bytes = 0;
  const flush = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (bytes === 0) return;
    const out = new Uint8Array(bytes);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    parts = [];
    bytes = 0;
    controller.enqueue(out);
  };
  return new TransformStream({
    transform(chunk, controller) {
      parts.push(chunk);
      bytes += chunk.length;
      if (bytes >= size) flush(controller);
    },
    flush
  });
}

/** Gives the service worker the stream (download-stream.ts); resolves once it holds it. */
function handOver(port: MessagePort, stream: ReadableStream<Uint8Array>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DisclessError('download-stopped', 'The download could not start.')), 10_000);
    port.onmessage = ({ data }) => {
      if (data !== 'received') return;
      clearTimeout(timer);
      resolve();
    };
    port.postMessage({ stream }, [stream as unknown as Transferable]);
  });
}

/**
 * A download the browser writes to disk as the service worker passes it on. Once it has begun, a
 * bad file could only break it half-way, so every file is read and checked first; the checked files
 * are kept on this device meanwhile (export-keeper.ts), and the zip is written from them, so the
 * store is read once.
 */
async function toServiceWorker(reader: ShareReader, fileSet: FileSet, onProgress: (p: ExportProgress) => void, port: MessagePort): Promise<void> {
  const total = reader.manifest.files.length;
  const keeper = await ExportKeeper.open();
  try {
    let done = 0;
    for await (const { index, bytes } of verifiedFiles(reader)) {
      fileSet.add(index, bytes);
      keeper?.add(index, bytes);
      onProgress({ phase: 'checking', done: ++done, total });
    }
    // Up to HANDOVER_BYTES wait for the service worker, in chunks of HANDOVER_CHUNK: each chunk
    // crosses to it as a message of its own, and with one file per chunk (0.5 MB for a CT slice)
    // the zip of 318 MB took 4.8–6.7 s to hand over instead of 3.2–3.8 s.
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({}, new ByteLengthQueuingStrategy({ highWaterMark: HANDOVER_BYTES }));
    await handOver(port, readable);
    onProgress({ phase: 'writing', done: 0, total });
    try {
      await zipStream(reader, fileSet, onProgress, keptFiles(reader, keeper), fileSet.dicomdir()).pipeThrough(inChunksOf(HANDOVER_CHUNK)).pipeTo(writable);
    } catch (error) {
      // Anything but our own errors comes from the download's side: the user cancelled it.
      throw error instanceof DisclessError ? error : new DisclessError('download-stopped', 'The download was stopped before it finished.');
    }
  } finally {
    port.close();
    await keeper?.dispose();
  }
}

/** The zip as a Blob to download when `target` is null; otherwise null once it is written there. */
export async function exportZip(reader: ShareReader, onProgress: (p: ExportProgress) => void, target: ExportTarget = null): Promise<Blob | null> {
  const fileSet = new FileSet(reader.manifest);
  if (target instanceof MessagePort) await toServiceWorker(reader, fileSet, onProgress, target);
  else if (target) await toFile(zipStream(reader, fileSet, onProgress), target);
  else return toBlob(zipStream(reader, fileSet, onProgress));
  return null;
}
