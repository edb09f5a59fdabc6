// Indexes dropped files in an indexing worker: sniff the first bytes, parse the rest, and turn every
// failure into a skipped file with a reason staff can read. Several workers each index a batch; the
// page merges their results (src/lib/indexing/pool.ts).

import { DicomError } from '../core/dicom/errors';
import { indexFile, sniffDicom, type IndexedFile } from '../core/dicom/index-file';
import { SNIFF_BYTES, notDicomMessage } from '../core/dicom/sniff';
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
}

export async function indexOne({ path, file }: DroppedFile): Promise<IndexedFile | SkippedFile> {
  const skip = (code: string, reason: string): SkippedFile => ({ path, size: file.size, code, reason });
  try {
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    if (!sniffDicom(head)) return skip('not-dicom', notDicomMessage(head));
    return indexFile(path, new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    if (error instanceof DicomError) return skip(error.code, error.message);
    return skip('unreadable', 'This file could not be read from the disc or folder.');
  }
}

/** Reports the number of files done since the last report, at most every 100 ms. */
export async function indexBatch(files: DroppedFile[], onDone: (newlyDone: number) => void = () => {}): Promise<IndexedBatch> {
  const batch: IndexedBatch = { files: [], skipped: [] };
  let lastReport = Date.now();
  let unreported = 0;
  for (const dropped of files) {
    const result = await indexOne(dropped);
    if ('code' in result) batch.skipped.push(result);
    else batch.files.push(result);
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
