// Every file of a share in order, each checked against its SHA-256, read at the store's speed: the
// records the files need are fetched in Range requests of SPAN_RECORDS records, SPANS_AHEAD of them
// in flight ahead of the file being put together, each opened as soon as it arrives; a file's
// checksum is computed while the next file is put together, and a file is handed on only once it
// matched. The export reads the whole study this way (export-zip.ts). Memory holds the spans in
// flight and two files, whatever the size of the study.

import type { ShareReader } from './share-reader';
import { fileExtents } from '../core/manifest';

/** 4 MiB of plaintext per Range request (16 records of 256 KiB). */
export const SPAN_RECORDS = 16;
/** Range requests in flight ahead of the file being put together. */
export const SPANS_AHEAD = 4;

export interface VerifiedFile {
  index: number;
  bytes: Uint8Array;
}

interface Span {
  n: number;
  first: number;
  last: number;
}

/** The records files `indexes` need, in order and each once, cut into spans of one object. */
function plan(reader: ShareReader, indexes: number[]): Span[] {
  const { files, objectSize, recordSize } = reader.manifest;
  const spans: Span[] = [];
  for (const index of indexes) {
    for (const { object: n, offset, length } of fileExtents(files[index], objectSize)) {
      for (let r = Math.floor(offset / recordSize); r <= Math.floor((offset + length - 1) / recordSize); r++) {
        const span = spans.at(-1);
        if (span && span.n === n && r <= span.last) continue;
        if (span && span.n === n && r === span.last + 1 && span.last - span.first + 1 < SPAN_RECORDS) span.last = r;
        else spans.push({ n, first: r, last: r });
      }
    }
  }
  return spans;
}

export async function* verifiedFiles(reader: ShareReader, indexes = reader.manifest.files.map((_, i) => i)): AsyncGenerator<VerifiedFile> {
  const { files, objectSize, recordSize } = reader.manifest;
  const spans = plan(reader, indexes);
  const pending: Promise<Uint8Array[]>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < SPANS_AHEAD && next < spans.length) {
      const { n, first, last } = spans[next++];
      const opened = reader.openRecords(n, first, last);
      // Awaited in turn below; a failure of one further ahead must not surface as unhandled.
      opened.catch(() => {});
      pending.push(opened);
    }
  };
  let current: Span | null = null;
  let records: Uint8Array[] = [];
  let taken = 0;
  const record = async (n: number, r: number): Promise<Uint8Array> => {
    while (!current || current.n !== n || r < current.first || r > current.last) {
      fill();
      if (taken >= spans.length) throw new Error('read past the planned records');
      current = spans[taken++];
      records = await pending.shift()!;
    }
    return records[r - current.first];
  };

  // The file before, with its checksum under way while this one is put together.
  let checking: { file: VerifiedFile; check: Promise<void> } | null = null;
  try {
    for (const index of indexes) {
      const bytes = new Uint8Array(files[index].size);
      let at = 0;
      for (const { object: n, offset, length } of fileExtents(files[index], objectSize)) {
        for (let done = 0; done < length; ) {
          const plain = await record(n, Math.floor((offset + done) / recordSize));
          const from = (offset + done) % recordSize;
          const piece = plain.subarray(from, Math.min(plain.length, from + length - done));
          bytes.set(piece, at);
          at += piece.length;
          done += piece.length;
        }
      }
      const check = reader.verify(index, bytes);
      check.catch(() => {});
      if (checking) {
        await checking.check;
        yield checking.file;
      }
      checking = { file: { index, bytes }, check };
    }
    if (checking) {
      await checking.check;
      yield checking.file;
    }
  } finally {
    // Stopped early (a damaged file, or the consumer gave up): nothing further is waited for.
    next = spans.length;
  }
}
