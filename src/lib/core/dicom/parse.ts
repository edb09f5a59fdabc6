// Runs dicom-parser on untrusted bytes and turns every way it can fail into a DicomError (what counts
// as damage: damage.ts). It never loops without consuming bytes, so work is bounded by the file size;
// only deeply nested sequences can exhaust the stack, which surfaces as a RangeError and is reported
// as damage.

import dicomParser, { type DpDataSet } from 'dicom-parser';
import { Inflate } from 'fflate';
import { checkExtents, classify, dropTrailingJunk, endsInsideElement, failureText, fits, isFailure, MESSAGES } from './damage';
import { DicomError } from './errors';
import { metaString, readMeta } from './file-meta';
import { TS_BIG_ENDIAN, TS_DEFLATED, TS_EXPLICIT_LE, TS_IMPLICIT_LE, detectBareSyntax, looksExplicitAt, looksImplicitAt, notDicomMessage } from './sniff';

export { MESSAGES, TS_BIG_ENDIAN, TS_DEFLATED };

/** Inflating more than this is refused: a few KiB of deflate can claim gigabytes (a "zip bomb"). */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** Transfer syntaxes whose data set dicom-parser would misread as explicit VR little endian. */
const UNREADABLE_TS: Record<string, string> = {
  '1.2.840.113619.5.2': 'a GE-specific encoding',
  '1.2.840.10008.1.2.4.95': 'JPIP referenced deflate'
};

export interface ParsedFile {
  /** The main data set. Its byteArray is the file, a subarray of it (see `base`), or inflated bytes. */
  ds: DpDataSet;
  /** The File Meta Information (group 0002), or null for a bare data set. */
  meta: DpDataSet | null;
  /** Offset of ds.byteArray[0] within the file (non-zero when the data set was parsed on its own). */
  base: number;
  transferSyntaxUid: string;
  /** The data set was deflated: its offsets do not point into the file. */
  deflated: boolean;
}

/** Thrown when a file's head does not take the parser to Pixel Data: the whole file is needed. */
class NeedsWholeFile extends Error {}

/**
 * `start`: where the data set begins in `bytes` (after File Meta when `bytes` is a whole file).
 * `headOnly`: `bytes` is a file's head; stop at the Pixel Data header, which must be in it.
 */
function runParser(bytes: Uint8Array, ts: string, bareSyntax?: string, start = 0, headOnly = false): DpDataSet {
  const options = { ...(bareSyntax ? { TransferSyntaxUID: bareSyntax } : {}), ...(headOnly ? { untilTag: 'x7fe00010' } : {}) };
  if (headOnly) {
    let ds: DpDataSet | undefined;
    try {
      ds = dicomParser.parseDicom(bytes, options);
    } catch {
      // Cut off by the end of the head, or damaged: the whole file tells which.
    }
    if (!ds?.elements.x7fe00010) throw new NeedsWholeFile();
    return ds;
  }
  try {
    return dicomParser.parseDicom(bytes, options);
  } catch (e) {
    const partial = isFailure(e) ? e.dataSet : undefined;
    const px = partial?.elements.x7fe00010;
    if (partial && px) {
      if (!fits(px, partial.byteArray.length)) throw new DicomError('truncated', MESSAGES.truncatedPixels);
      return partial; // the pixel data was read in full: only what follows it is broken
    }
    if (partial && endsInsideElement(partial, bareSyntax ?? ts, start)) throw new DicomError('truncated', MESSAGES.truncated);
    throw classify(e, ts);
  }
}

/** Inflates a raw DEFLATE stream, refusing to produce more than `cap` bytes. */
export function inflate(deflated: Uint8Array, cap = MAX_INFLATED_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) {
      throw new DicomError('unsupported', 'This DICOM file is compressed and unpacks to more data than this app can handle.');
    }
    chunks.push(chunk);
  });
  try {
    // Small pushes bound the output produced before the size check runs (deflate expands ≤ 1032×).
    const step = 16 * 1024;
    for (let at = 0; at < deflated.length; at += step) {
      const end = Math.min(deflated.length, at + step);
      stream.push(deflated.subarray(at, end), end === deflated.length);
    }
  } catch (e) {
    if (e instanceof DicomError) throw e;
    if (/unexpected EOF/i.test(failureText(e))) throw new DicomError('truncated', MESSAGES.truncated);
    throw new DicomError('malformed', MESSAGES.malformed);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Checks a parsed data set and, for a whole file, forgets junk after its pixels. */
function finish(ds: DpDataSet, size: number, base: number): void {
  if (size > ds.byteArray.length + base) {
    checkExtents(ds, size - base);
  } else {
    dropTrailingJunk(ds);
    checkExtents(ds);
  }
}

/** A data set without File Meta, in any of the encodings detectBareSyntax recognises. */
function parseBare(bytes: Uint8Array, size: number): ParsedFile {
  const bare = detectBareSyntax(bytes);
  if (!bare) throw new DicomError('not-dicom', notDicomMessage(bytes));
  const deflated = bare === TS_DEFLATED;
  if (deflated && size > bytes.length) throw new NeedsWholeFile();
  const ds = deflated ? runParser(inflate(bytes), bare, TS_EXPLICIT_LE) : runParser(bytes, bare, bare, 0, size > bytes.length);
  finish(ds, deflated ? ds.byteArray.length : size, 0);
  return { ds, meta: null, base: 0, transferSyntaxUid: bare, deflated };
}

/**
 * The data set up to the header of its Pixel Data, read from `head`, the first bytes of a file of
 * `size` bytes; Pixel Data's declared length is checked against `size`. Null when the head is not
 * enough (a long header, a deflated file, no Pixel Data, or damage): then parse the whole file,
 * which also says what is wrong. Indexing reads only this much of each image.
 */
export function parseHead(head: Uint8Array, size: number): ParsedFile | null {
  try {
    return parseFile(head, size);
  } catch {
    return null;
  }
}

/** Whether the last 8 bytes of a file are a Sequence Delimitation Item, as encapsulated pixels end. */
export function endsEncapsulatedPixels(tail: Uint8Array): boolean {
  const end = [0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  return tail.length >= 8 && end.every((b, k) => tail[tail.length - 8 + k] === b);
}

/** Parses a whole file (`size` = its length), or its head (see parseHead). Throws DicomError only. */
export function parseFile(bytes: Uint8Array, size = bytes.length): ParsedFile {
  const headOnly = size > bytes.length;
  const part10 = readMeta(bytes);
  if (!part10) return parseBare(bytes, size);
  const { meta, start } = part10;
  if (start >= bytes.length) throw new DicomError('truncated', MESSAGES.truncated); // header only
  const declared = metaString(meta, 'x00020010');
  if (UNREADABLE_TS[declared]) {
    throw new DicomError('unsupported', `This DICOM file uses ${UNREADABLE_TS[declared]} (${declared}), which this app cannot read.`);
  }

  let ds: DpDataSet;
  let base = 0;
  let ts = declared;
  if (declared === TS_DEFLATED) {
    if (headOnly) throw new NeedsWholeFile();
    // Not dicom-parser's `inflater` option: with it, parsing restarts at byte 0 and reads the
    // preamble and File Meta as data set elements (harmless only when the preamble is zeros), and
    // the inflater could not stop a deflate bomb. The inflated bytes are a bare explicit VR LE set.
    ds = runParser(inflate(bytes.subarray(start)), declared, TS_EXPLICIT_LE);
  } else {
    // Some writers declare explicit VR but write implicit VR, or omit the transfer syntax: look at
    // the first data set element, as dcmtk and pydicom do, and parse the data set on its own.
    const implicit =
      declared !== TS_IMPLICIT_LE && declared !== TS_BIG_ENDIAN && !looksExplicitAt(bytes, start) && looksImplicitAt(bytes, start);
    const actual = implicit ? TS_IMPLICIT_LE : declared || TS_EXPLICIT_LE;
    if (start === meta.position && actual === declared) {
      ds = runParser(bytes, declared, undefined, start, headOnly);
    } else {
      ds = runParser(bytes.subarray(start), declared, actual, 0, headOnly);
      base = start;
      ts = declared || actual;
    }
  }
  finish(ds, declared === TS_DEFLATED ? ds.byteArray.length : size, base);
  return { ds, meta, base, transferSyntaxUid: ts, deflated: declared === TS_DEFLATED };
}
