// Cheap content checks on the first bytes of a file: is it DICOM, how is a data set encoded, and,
// when it is not DICOM, what is it (so the message to staff can say "a PDF document", not "error").
//
// A DICOM file is either Part-10 (128-byte preamble, "DICM", File Meta) or a bare data set, as
// ACR-NEMA era writers, some modalities and some CD burners leave them: implicit VR little endian,
// explicit VR little or big endian, or even deflated. A bare data set has no signature, so it is
// recognised by walking its first elements the way a reader would: known VRs, tags in ascending
// order, lengths that fit. Text, pictures and programs fail that within a few bytes.

import { Inflate } from 'fflate';

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_DEFLATED = '1.2.840.10008.1.2.1.99';
export const TS_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** How many bytes of a file's head the checks here want to see. */
export const SNIFF_BYTES = 4096;

const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' ')
);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
/** Elements walked before a bare data set is believed. */
const ELEMENTS_TO_TRUST = 3;
/** A bare data set starts in one of the groups every data set begins with: File Meta (0002, when a
 *  writer dropped only the preamble), directory (0004) or identification (0008). Not the command
 *  group 0000: files do not hold one, and other formats (ICC profiles) start with zeros. */
const FIRST_GROUPS = new Set([0x0002, 0x0004, 0x0008]);

function u16(b: Uint8Array, at: number, le: boolean): number {
  return le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number, le: boolean): number {
  return le
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000
    : b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

export function hasPreamble(b: Uint8Array): boolean {
  return b.length >= 132 && startsWith(b, 'DICM', 128);
}

/** Part-10 without its preamble: "DICM" then File Meta, as a few writers strip the 128 bytes. */
export function hasBareMagic(b: Uint8Array): boolean {
  return b.length >= 12 && startsWith(b, 'DICM') && b[4] === 0x02 && b[5] === 0x00;
}

/** Explicit VR little endian element header at `at`: two upper-case letters forming a known VR. */
export function looksExplicitAt(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  return VRS.has(String.fromCharCode(b[at + 4], b[at + 5]));
}

/** Implicit VR little endian element header at `at`: a group past 0000 (a private one too) and a
 *  length that fits the file. */
export function looksImplicitAt(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  const group = u16(b, at, true);
  const length = u32(b, at + 4, true);
  return group >= 0x0001 && (length === UNDEFINED || at + 8 + length <= b.length);
}

export interface Encoding {
  ts: string;
  explicit: boolean;
  littleEndian: boolean;
}

const BARE_ENCODINGS: Encoding[] = [
  { ts: TS_EXPLICIT_LE, explicit: true, littleEndian: true },
  { ts: TS_BIG_ENDIAN, explicit: true, littleEndian: false },
  { ts: TS_IMPLICIT_LE, explicit: false, littleEndian: true }
];

/** How a data set in transfer syntax `ts` is encoded (every syntax but two is explicit little endian). */
export function encodingOf(ts: string): Encoding {
  return BARE_ENCODINGS.find((enc) => enc.ts === ts) ?? BARE_ENCODINGS[0];
}

export interface ElementHeader {
  group: number;
  tag: number;
  /** Bytes of tag, VR and length. */
  size: number;
  /** 0xFFFFFFFF when undefined. */
  length: number;
}

/** The element header at `at`, or null when the bytes there cannot start one in `enc`. */
export function readElementHeader(b: Uint8Array, at: number, enc: Encoding): ElementHeader | null {
  if (at + 8 > b.length) return null;
  const group = u16(b, at, enc.littleEndian);
  const tag = group * 0x10000 + u16(b, at + 2, enc.littleEndian);
  if (!enc.explicit || group === 0xfffe) return { group, tag, size: 8, length: u32(b, at + 4, enc.littleEndian) };
  if (!looksExplicitAt(b, at)) return null;
  const vr = String.fromCharCode(b[at + 4], b[at + 5]);
  if (!LONG_VRS.has(vr)) return { group, tag, size: 8, length: u16(b, at + 6, enc.littleEndian) };
  if (at + 12 > b.length) return null;
  return { group, tag, size: 12, length: u32(b, at + 8, enc.littleEndian) };
}

/**
 * Whether `b` starts like a data set in `enc`: each element read in turn must have an even first
 * group, a known VR (explicit), an even length (4 for a group length), and a tag above the one
 * before. True once enough elements agree, or when the bytes (all of a small file, or the head we
 * were given) run out first.
 */
function walksAs(b: Uint8Array, enc: Encoding): boolean {
  let at = 0;
  let previous = -1;
  for (let count = 0; count < ELEMENTS_TO_TRUST; count++) {
    if (at + 8 > b.length) return count > 0 && (at >= b.length || count >= 2);
    const el = readElementHeader(b, at, enc);
    // No header: a bad VR, or a long VR whose length lies past the bytes we were given.
    if (!el) return count > 0 && at + 12 > b.length && looksExplicitAt(b, at);
    if (el.tag <= previous || (count === 0 && !FIRST_GROUPS.has(el.group))) return false;
    if (el.length === UNDEFINED) return count > 0 || enc.explicit; // a sequence: its items are checked by the parser
    if (el.length % 2 !== 0 || ((el.tag & 0xffff) === 0 && el.length !== 4)) return false;
    at += el.size + el.length;
    previous = el.tag;
  }
  return true;
}

/** The first bytes a raw DEFLATE stream expands to, or null when `b` does not start one. */
function inflateHead(b: Uint8Array): Uint8Array | null {
  if (b.length < 2 || (b[0] & 0x06) === 0x06) return null; // block type 3 does not exist
  const out: Uint8Array[] = [];
  let size = 0;
  try {
    const stream = new Inflate((chunk) => {
      out.push(chunk);
      size += chunk.length;
    });
    stream.push(b.subarray(0, SNIFF_BYTES), false);
  } catch {
    return null;
  }
  if (size < 8) return null;
  const head = new Uint8Array(size);
  out.reduce((at, chunk) => (head.set(chunk, at), at + chunk.length), 0);
  return head;
}

/**
 * For a file without preamble: the transfer syntax of a bare data set — explicit VR little endian,
 * explicit VR big endian, implicit VR little endian, or deflated explicit VR little endian — or null
 * if `b` (the file's first bytes, or all of it) does not start one.
 */
export function detectBareSyntax(b: Uint8Array): string | null {
  const head = b.subarray(0, SNIFF_BYTES);
  const match = BARE_ENCODINGS.find((enc) => walksAs(head, enc));
  if (match) return match.ts;
  const inflated = inflateHead(head);
  return inflated && walksAs(inflated, BARE_ENCODINGS[0]) ? TS_DEFLATED : null;
}

/** True when `head` (a file's first SNIFF_BYTES bytes, or all of a smaller file) starts DICOM. */
export function sniffDicom(head: Uint8Array): boolean {
  return hasPreamble(head) || hasBareMagic(head) || detectBareSyntax(head) !== null;
}

function startsWith(b: Uint8Array, ascii: string, at = 0): boolean {
  if (b.length < at + ascii.length) return false;
  for (let k = 0; k < ascii.length; k++) if (b[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

function looksLikeText(b: Uint8Array): boolean {
  const head = b.subarray(0, 4096);
  let bad = 0;
  for (const c of head) if (c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
  return bad === 0;
}

/** "This is not a DICOM file (…)." with the best guess of what it is instead. */
export function notDicomMessage(b: Uint8Array): string {
  let what = '';
  if (b.length === 0) what = 'it is empty';
  else if (startsWith(b, '%PDF')) what = 'it is a PDF document';
  else if (startsWith(b, 'MZ') || startsWith(b, '\x7fELF')) what = 'it is a program';
  else if (startsWith(b, '\x89PNG') || startsWith(b, '\xff\xd8\xff') || startsWith(b, 'GIF8'))
    what = 'it is an ordinary picture, not a medical image file';
  else if (startsWith(b, 'PK\x03\x04')) what = 'it is a ZIP archive';
  else if (looksLikeText(b)) {
    const start = new TextDecoder('utf-8').decode(b.subarray(0, 512)).trimStart().toLowerCase();
    what =
      start.startsWith('<!doctype html') || start.startsWith('<html')
        ? 'it looks like a web page'
        : 'it looks like a text file';
  }
  return what ? `This is not a DICOM file (${what}).` : 'This is not a DICOM file.';
}
