// Indexes dropped files in an indexing worker: sniff the first bytes, parse the rest, and turn every
// failure into a skipped file with a reason staff can read. Several workers each index a batch; the
// page merges their results (src/lib/indexing/pool.ts).

import { DicomError } from '../core/dicom/errors';
import { indexFile, indexHead, sniffDicom, type IndexedFile } from '../core/dicom/index-file';
import { endsEncapsulatedPixels } from '../core/dicom/parse';
import { SNIFF_BYTES, notDicomMessage } from '../core/dicom/sniff';
import type { FileHeads } from '../core/deid/source';
import type { SkippedFile } from '../core/dicom/study-index';

export interface DroppedFile {
  path: string;
  file: File;
}

export interface IndexProgress {
  done: number;
  total: number;
  /** Files indexed per second since indexing began. */
  perSecond: number;
}

export interface IndexedBatch {
  files: IndexedFile[];
  skipped: SkippedFile[];
  heads: FileHeads;
}

/** Enough for the header of most images. Each read costs a round trip through the browser's file
 *  machinery and the bytes it copies: reading 256 KiB of every 530 KB CT slice took 1.4 s of a 600-file
 *  share's 3.8 s, so the header is first looked for in 16 KiB, then in 256 KiB. */
const FIRST_HEAD_BYTES = 16 * 1024;
const HEAD_BYTES = 256 * 1024;

async function read(file: File, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

/** A header longer than this is not kept: the file is read again when it is de-identified. */
const KEPT_HEAD_BYTES = 64 * 1024;

/**
 * The header of an indexed file, kept for a de-identified share, which reads every header twice
 * more (src/lib/core/deid/source.ts, heldSource): the bytes before its Pixel Data, or all of a
 * small file without pixels, and at least its first SNIFF_BYTES (what the rewriter reads first).
 */
function keptHead(indexed: IndexedFile, bytes: Uint8Array, size: number): Uint8Array | undefined {
  const end = Math.max(indexed.pixelData?.offset ?? size, Math.min(size, SNIFF_BYTES));
  return end <= bytes.length && end <= KEPT_HEAD_BYTES ? bytes.slice(0, end) : undefined;
}

async function indexWithHead({ path, file }: DroppedFile): Promise<{ result: IndexedFile | SkippedFile; head?: Uint8Array }> {
  const skip = (code: string, reason: string) => ({ result: { path, size: file.size, code, reason } });
  try {
    let head = await read(file, 0, FIRST_HEAD_BYTES);
    if (!sniffDicom(head.subarray(0, SNIFF_BYTES))) return skip('not-dicom', notDicomMessage(head));
    // An image is indexed from its header; the pixels are read once, when the share is made.
    let early = file.size > head.length ? indexHead(path, head, file.size) : null;
    if (!early && file.size > head.length) {
      head = await read(file, 0, HEAD_BYTES);
      early = file.size > head.length ? indexHead(path, head, file.size) : null;
    }
    if (early && (!early.pixelData?.encapsulated || endsEncapsulatedPixels(await read(file, file.size - 8, file.size)))) {
      return { result: early, head: keptHead(early, head, file.size) };
    }
    const bytes = file.size > head.length ? new Uint8Array(await file.arrayBuffer()) : head;
    const indexed = indexFile(path, bytes);
    return { result: indexed, head: keptHead(indexed, bytes, file.size) };
  } catch (error) {
    if (error instanceof DicomError) return skip(error.code, error.message);
    return skip('unreadable', 'This file could not be read from the disc or folder.');
  }
}

export async function indexOne(dropped: DroppedFile): Promise<IndexedFile | SkippedFile> {
  return (await indexWithHead(dropped)).result;
}

/** Reports the number of files done since the last report, at most every 100 ms. */
export async function indexBatch(files: DroppedFile[], onDone: (newlyDone: number) => void = () => {}): Promise<IndexedBatch> {
  const batch: IndexedBatch = { files: [], skipped: [], heads: {} };
  let lastReport = Date.now();
  let unreported = 0;
  for (const dropped of files) {
    const { result, head } = await indexWithHead(dropped);
    if ('code' in result) batch.skipped.push(result);
    else batch.files.push(result);
    if (head) batch.heads[result.path] = head;
    unreported++;
    if (Date.now() - lastReport > 100) {
      lastReport = Date.now();
      onDone(unreported);
      unreported = 0;
    }
  }
  if (unreported) onDone(unreported);
  return batch;
}
