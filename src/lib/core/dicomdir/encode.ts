// Writes a DICOMDIR (PS3.10 §8, PS3.3 F.3): File Meta, then one sequence of directory records in
// explicit VR little endian, linked by byte offsets. Records are laid out depth first (a patient,
// its first study, that study's first series, its instances, the next series…), as dcmtk does.

import { concat, randomBytes, toHex } from '../bytes';

export interface DirElement {
  /** (group << 16) | element, e.g. 0x00100010. */
  tag: number;
  vr: string;
  /** The value as it goes into the file; padded here to even length if needed. */
  value: Uint8Array;
}

export interface DirRecord {
  /** Directory Record Type (0004,1430): PATIENT, STUDY, SERIES, IMAGE, SR DOCUMENT, … */
  type: string;
  /** Path components of the Referenced File ID (0004,1500), for records that point at a file. */
  fileId?: string[];
  /** Referenced SOP Class / Instance / Transfer Syntax UID in File, with fileId. */
  file?: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string };
  /** The record's keys (patient name, study date, …), any order. */
  elements: DirElement[];
  children: DirRecord[];
}

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** Discless's own Implementation Class UID (a UUID-derived 2.25 UID, PS3.5 B.2), fixed so that
 *  receivers can tell which software wrote the file. */
export const IMPLEMENTATION_CLASS_UID = '2.25.180314255473468215458829296462536146633';
const IMPLEMENTATION_VERSION = 'DISCLESS_1';

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV']);

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);

export function text(tag: number, vr: string, value: string): DirElement {
  return { tag, vr, value: ascii(value) };
}

function u16(tag: number, value: number): DirElement {
  return { tag, vr: 'US', value: Uint8Array.of(value & 0xff, value >> 8) };
}

function u32(tag: number, value: number): DirElement {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return { tag, vr: 'UL', value: out };
}

function padded(e: DirElement): Uint8Array {
  if (e.value.length % 2 === 0) return e.value;
  const pad = e.vr === 'UI' || e.vr === 'OB' || e.vr === 'UN' ? 0 : 0x20;
  return concat(e.value, Uint8Array.of(pad));
}

function encodeElement(e: DirElement): Uint8Array {
  const value = padded(e);
  const long = LONG_VRS.has(e.vr);
  const head = new Uint8Array(long ? 12 : 8);
  const view = new DataView(head.buffer);
  view.setUint16(0, e.tag >>> 16, true);
  view.setUint16(2, e.tag & 0xffff, true);
  head[4] = e.vr.charCodeAt(0);
  head[5] = e.vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  return concat(head, value);
}

function encodeElements(elements: DirElement[]): Uint8Array {
  return concat(...[...elements].sort((a, b) => a.tag - b.tag).map(encodeElement));
}

function itemHeader(tag: number, length: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, tag, true);
  view.setUint32(4, length, true);
  return out;
}

/** A fresh UID under the 2.25 root (PS3.5 B.2): 128 random bits as a decimal number. */
export function randomUid(): string {
  return `2.25.${BigInt(`0x${toHex(randomBytes(16))}`)}`;
}

/** The record's own elements; the offsets are placeholders of fixed size, filled in by `link`. */
function recordElements(record: DirRecord, next: number, lower: number): DirElement[] {
  const elements = [u32(0x00041400, next), u16(0x00041410, 0xffff), u32(0x00041420, lower), text(0x00041430, 'CS', record.type)];
  if (record.fileId) elements.push(text(0x00041500, 'CS', record.fileId.join('\\')));
  if (record.file) {
    elements.push(text(0x00041510, 'UI', record.file.sopClassUid));
    elements.push(text(0x00041511, 'UI', record.file.sopInstanceUid));
    elements.push(text(0x00041512, 'UI', record.file.transferSyntaxUid));
  }
  const own = new Set(elements.map((e) => e.tag));
  return [...elements, ...record.elements.filter((e) => !own.has(e.tag))];
}

interface Placed {
  record: DirRecord;
  offset: number;
  next: Placed | null;
  lower: Placed | null;
}

/** Depth-first order with each record's file offset; offsets count from the preamble's first byte. */
function place(roots: DirRecord[], start: number): Placed[] {
  const out: Placed[] = [];
  let at = start;
  const walk = (siblings: DirRecord[]): Placed | null => {
    let previous: Placed | null = null;
    let first: Placed | null = null;
    for (const record of siblings) {
      const placed: Placed = { record, offset: at, next: null, lower: null };
      out.push(placed);
      at += 8 + encodeElements(recordElements(record, 0, 0)).length;
      placed.lower = walk(record.children);
      if (previous) previous.next = placed;
      first ??= placed;
      previous = placed;
    }
    return first;
  };
  walk(roots);
  return out;
}

function fileMeta(instanceUid: string): Uint8Array {
  const meta = encodeElements([
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    text(0x00020002, 'UI', MEDIA_STORAGE_DIRECTORY),
    text(0x00020003, 'UI', instanceUid),
    text(0x00020010, 'UI', EXPLICIT_LE),
    text(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
    text(0x00020013, 'SH', IMPLEMENTATION_VERSION)
  ]);
  return concat(new Uint8Array(128), ascii('DICM'), encodeElement(u32(0x00020000, meta.length)), meta);
}

/** The whole DICOMDIR file for these root records (usually PATIENT records). */
export function encodeDicomdir(roots: DirRecord[], options: { fileSetId: string; instanceUid?: string }): Uint8Array {
  const meta = fileMeta(options.instanceUid ?? randomUid());
  const header = (first: number, last: number) =>
    encodeElements([
      text(0x00041130, 'CS', options.fileSetId),
      u32(0x00041200, first),
      u32(0x00041202, last),
      u16(0x00041212, 0)
    ]);
  const sequenceHeaderSize = 12;
  const start = meta.length + header(0, 0).length + sequenceHeaderSize;
  const placed = place(roots, start);
  const items = placed.map((p) => {
    const body = encodeElements(recordElements(p.record, p.next?.offset ?? 0, p.lower?.offset ?? 0));
    return concat(itemHeader(0xe000, body.length), body);
  });
  const rootOffsets = placed.filter((p) => roots.includes(p.record)).map((p) => p.offset);
  const records = concat(...items);
  const sequence = encodeElement({ tag: 0x00041220, vr: 'SQ', value: records });
  return concat(meta, header(rootOffsets[0] ?? 0, rootOffsets.at(-1) ?? 0), sequence);
}
