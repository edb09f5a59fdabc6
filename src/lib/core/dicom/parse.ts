// Runs dicom-parser on untrusted bytes and turns every way it can fail into a DicomError.
//
// dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects, and silently accepts some
// damage (an implicit-VR element longer than the file, a sequence cut off by the end of the file), so
// after parsing we check every element's extent ourselves. It never loops without consuming bytes,
// so work is bounded by the file size; only deeply nested sequences can exhaust the stack, which
// surfaces as a RangeError and is reported as damage.

import dicomParser, { type DpDataSet, type DpElement, type DpParseFailure } from 'dicom-parser';
import { Inflate } from 'fflate';
import { DicomError } from './errors';
import {
  TS_BIG_ENDIAN,
  TS_DEFLATED,
  TS_EXPLICIT_LE,
  TS_IMPLICIT_LE,
  detectBareSyntax,
  encodingOf,
  hasBareMagic,
  hasPreamble,
  looksExplicitAt,
  looksImplicitAt,
  notDicomMessage,
  readElementHeader
} from './sniff';
import { latin1 } from './charset';
import { trimValue } from './values';

export { TS_BIG_ENDIAN, TS_DEFLATED };
const UNDEFINED_LENGTH = 0xffffffff;

/** Inflating more than this is refused: a few KiB of deflate can claim gigabytes (a "zip bomb"). */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** Transfer syntaxes whose data set dicom-parser would misread as explicit VR little endian. */
const UNREADABLE_TS: Record<string, string> = {
  '1.2.840.113619.5.2': 'a GE-specific encoding',
  '1.2.840.10008.1.2.4.95': 'JPIP referenced deflate'
};

export const MESSAGES = {
  truncatedPixels: 'This DICOM file is damaged: it ends before its pixel data does.',
  truncated: 'This DICOM file is damaged: it ends part-way through (it was probably not copied completely).',
  malformed: 'This DICOM file is damaged and cannot be read.'
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

function failureText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function isFailure(e: unknown): e is DpParseFailure {
  return typeof e === 'object' && e !== null && 'exception' in e;
}

/** Maps a dicom-parser exception to our error: running off the end of the buffer means truncation. */
function classify(e: unknown, ts: string): DicomError {
  if (e instanceof DicomError) return e;
  const text = failureText(isFailure(e) ? e.exception : e);
  if (/past end|overread|overrun|eof|premature|cannot be greater than or equal/i.test(text)) {
    return new DicomError('truncated', MESSAGES.truncated);
  }
  if (ts && !ts.startsWith('1.2.840.10008.')) {
    return new DicomError(
      'unsupported',
      `This DICOM file uses a manufacturer-specific encoding (${ts}) that this app cannot read.`
    );
  }
  return new DicomError('malformed', MESSAGES.malformed);
}

function fits(el: DpElement, size: number): boolean {
  return el.length !== UNDEFINED_LENGTH && el.dataOffset + el.length <= size;
}

/**
 * dicom-parser's warning that the file ended inside a sequence or item of undefined length. It also
 * warns when an implicit VR element ends the file and it cannot peek past it to guess whether it
 * is a sequence: that element is whole, so that warning says nothing about damage.
 */
function isCutOffWarning(warning: string): boolean {
  return /eof encountered/i.test(warning) && !/peeking to determine VR/i.test(warning);
}

/**
 * Throws `truncated` if any element, at any nesting depth, claims bytes past the end of the data.
 * `pixelRoom`: for a data set read from a file's head up to its Pixel Data header, how many bytes
 * the whole file has from ds.byteArray[0]; Pixel Data's value is checked against that.
 */
export function checkExtents(ds: DpDataSet, pixelRoom?: number): void {
  const px = ds.elements.x7fe00010;
  if (pixelRoom !== undefined) {
    if (px && px.length !== UNDEFINED_LENGTH && px.dataOffset + px.length > pixelRoom) throw new DicomError('truncated', MESSAGES.truncatedPixels);
  } else if (px && !fits(px, ds.byteArray.length)) {
    throw new DicomError('truncated', MESSAGES.truncatedPixels);
  }
  if (ds.warnings?.some(isCutOffWarning)) throw new DicomError('truncated', MESSAGES.truncated);
  const stack: DpDataSet[] = [ds];
  while (stack.length > 0) {
    const set = stack.pop()!;
    for (const el of Object.values(set.elements)) {
      if (!el || typeof el.dataOffset !== 'number') continue; // synthetic transfer syntax element
      if (el === px && pixelRoom !== undefined) continue;
      if (!fits(el, set.byteArray.length)) throw new DicomError('truncated', MESSAGES.truncated);
      for (const item of el.items ?? []) if (item.dataSet) stack.push(item.dataSet);
    }
  }
}

/**
 * Forgets unreadable elements that follow complete pixel data: the pixels are what matter, and junk
 * that some CD writers append must not reject a good image (the file is shared bit-identical anyway).
 */
function dropTrailingJunk(ds: DpDataSet): void {
  const px = ds.elements.x7fe00010;
  if (!px || !fits(px, ds.byteArray.length)) return;
  const end = px.dataOffset + px.length;
  for (const [tag, el] of Object.entries(ds.elements)) {
    if (el && el.dataOffset >= end && !fits(el, ds.byteArray.length)) delete ds.elements[tag];
  }
  if (ds.warnings) ds.warnings = ds.warnings.filter((w) => !isCutOffWarning(w));
}

/**
 * Whether a data set that failed to parse stops inside an element: the element after the last one
 * read (at `start` when none was) claims more bytes than the file has, or its header is cut off.
 */
function endsInsideElement(partial: DpDataSet, syntax: string, start: number): boolean {
  const bytes = partial.byteArray;
  let next = start;
  for (const el of Object.values(partial.elements)) {
    if (el && typeof el.dataOffset === 'number' && el.length !== UNDEFINED_LENGTH) next = Math.max(next, el.dataOffset + el.length);
  }
  if (next >= bytes.length) return false;
  const header = readElementHeader(bytes, next, encodingOf(syntax));
  if (!header) return bytes.length - next < 12;
  return header.length !== UNDEFINED_LENGTH && next + header.size + header.length > bytes.length;
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

/** File Meta of a Part-10 file is small; this much is copied when a writer dropped the preamble. */
const MAX_META_BYTES = 64 * 1024;

/**
 * The File Meta and where the data set starts, or null for a bare data set. A file that starts with
 * "DICM" lost its preamble: dicom-parser only reads File Meta after one, so it gets one put back.
 */
function readMeta(bytes: Uint8Array): { meta: DpDataSet; start: number } | null {
  const missing = hasPreamble(bytes) ? 0 : hasBareMagic(bytes) ? 128 : -1;
  if (missing < 0) return null;
  let header = bytes;
  if (missing) {
    header = new Uint8Array(missing + Math.min(bytes.length, MAX_META_BYTES));
    header.set(bytes.subarray(0, header.length - missing), missing);
  }
  let meta: DpDataSet;
  try {
    meta = dicomParser.readPart10Header(header);
  } catch (e) {
    throw classify(e, '');
  }
  const end = metaEnd(meta, header);
  checkExtents(meta);
  return { meta, start: end - missing };
}

/**
 * Where File Meta ends. dicom-parser reads File Meta up to the first tag above group 0002, so a
 * damaged tag inside it hides the transfer syntax, and a data set that starts with group 0001 (a
 * private set of the sender's) is read as File Meta. Like dcmtk, trust File Meta Information Group
 * Length (0002,0000) when the bytes it points at start a data set element (a group from 0008 on),
 * else walk the group 0002 elements; then keep exactly the group 0002 elements before that end.
 */
function metaEnd(meta: DpDataSet, header: Uint8Array): number {
  const stopped = meta.position ?? header.length;
  const explicitLe = encodingOf(TS_EXPLICIT_LE);
  let walked = 132;
  for (let el = readElementHeader(header, walked, explicitLe); el?.group === 0x0002 && el.length !== UNDEFINED_LENGTH; ) {
    walked += el.size + el.length;
    el = readElementHeader(header, walked, explicitLe);
  }
  let end = walked;
  const length = meta.elements.x00020000;
  if (length?.length === 4 && length.dataOffset + 4 <= header.length) {
    const view = new DataView(header.buffer, header.byteOffset);
    const declared = length.dataOffset + 4 + view.getUint32(length.dataOffset, true);
    const group = declared + 8 <= header.length ? view.getUint16(declared, true) : 0;
    if (group >= 0x0008 && group !== 0xfffe) end = declared;
  }
  for (const [tag, el] of Object.entries(meta.elements)) {
    if (!tag.startsWith('x0002') || (el && el.dataOffset >= end)) delete meta.elements[tag];
  }
  if (end > stopped) {
    try {
      const rest = dicomParser.parseDicom(header.subarray(stopped, end), { TransferSyntaxUID: TS_EXPLICIT_LE });
      for (const [tag, el] of Object.entries(rest.elements)) {
        if (tag.startsWith('x0002') && !meta.elements[tag] && el) meta.elements[tag] = { ...el, dataOffset: el.dataOffset + stopped };
      }
    } catch {
      // Unreadable between the stop and the end: the transfer syntax may stay unknown, and the data
      // set is then read by looking at its first element.
    }
  }
  return end;
}

/** The File Meta of a Part-10 file, or null for a bare data set or unreadable File Meta. */
export function readFileMeta(bytes: Uint8Array): DpDataSet | null {
  try {
    return readMeta(bytes)?.meta ?? null;
  } catch {
    return null;
  }
}

function metaString(meta: DpDataSet, tag: string): string {
  const el = meta.elements[tag];
  if (!el || !fits(el, meta.byteArray.length)) return '';
  return trimValue(latin1(meta.byteArray.subarray(el.dataOffset, el.dataOffset + Math.min(el.length, 256))));
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
