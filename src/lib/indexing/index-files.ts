// Indexes dropped files one at a time in the indexing worker: sniff the first KiB, parse the rest,
// and turn every failure into a skipped file with a reason staff can read.

import { DicomError } from '../core/dicom/errors';
import { indexFile, sniffDicom } from '../core/dicom/index-file';
import { notDicomMessage } from '../core/dicom/sniff';
import { StudyIndexBuilder, type StudyIndex } from '../core/dicom/study-index';

export interface DroppedFile {
  path: string;
  file: File;
}

export interface IndexProgress {
  done: number;
  total: number;
}

const SNIFF_BYTES = 1024;

export async function indexFiles(files: DroppedFile[], onProgress: (p: IndexProgress) => void): Promise<StudyIndex> {
  const builder = new StudyIndexBuilder();
  let lastReport = 0;
  for (const [done, { path, file }] of files.entries()) {
    const skip = (code: string, reason: string) => builder.skip({ path, size: file.size, code, reason });
    try {
      const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
      if (!sniffDicom(head)) {
        skip('not-dicom', notDicomMessage(head));
      } else {
        builder.add(indexFile(path, new Uint8Array(await file.arrayBuffer())));
      }
    } catch (error) {
      if (error instanceof DicomError) skip(error.code, error.message);
      else skip('unreadable', 'This file could not be read from the disc or folder.');
    }
    if (Date.now() - lastReport > 100 || done === files.length - 1) {
      lastReport = Date.now();
      onProgress({ done: done + 1, total: files.length });
    }
  }
  return builder.build();
}
