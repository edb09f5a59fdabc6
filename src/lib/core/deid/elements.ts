// Element headers as PS3.5 7.1 lays them out, read and written in each encoding of a data set.

import type { Encoding } from '../dicom/sniff';
import { DeidError } from './errors';

export const UNDEFINED = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_END = 0xfffee00d;
export const SEQUENCE_END = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;

/** VRs whose length takes 4 bytes (after 2 reserved ones) in explicit VR. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV']);
const VR_CHARS = /^[A-Z]{2}$/;

export interface Header {
  tag: number;
  /** The VR as written (explicit VR), '' for implicit VR and for items and delimiters. */
  vr: string;
  /** Bytes of tag, VR and length. */
  size: number;
  length: number;
}

export const hex8 = (tag: number) => tag.toString(16).toUpperCase().padStart(8, '0');
export const tagText = (tag: number) => `(${hex8(tag).slice(0, 4)},${hex8(tag).slice(4)})`;
export const groupOf = (tag: number) => Math.floor(tag / 0x10000);

function u16(b: Uint8Array, at: number, le: boolean) {
  return le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number, le: boolean) {
  return le
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000
    : b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

/** The header whose first 12 bytes (or fewer, at the end of the data) are `b`. */
export function readHeader(b: Uint8Array, enc: Encoding): Header {
  if (b.length < 8) throw new DeidError('The file ends inside an element header.');
  const le = enc.littleEndian;
  const tag = u16(b, 0, le) * 0x10000 + u16(b, 2, le);
  if (!enc.explicit || groupOf(tag) === 0xfffe) return { tag, vr: '', size: 8, length: u32(b, 4, le) };
  const vr = String.fromCharCode(b[4], b[5]);
  if (!VR_CHARS.test(vr)) throw new DeidError(`The element ${tagText(tag)} has no valid VR.`);
  if (!LONG_VRS.has(vr)) return { tag, vr, size: 8, length: u16(b, 6, le) };
  if (b.length < 12) throw new DeidError('The file ends inside an element header.');
  return { tag, vr, size: 12, length: u32(b, 8, le) };
}

function put16(out: Uint8Array, at: number, v: number, le: boolean) {
  out[at + (le ? 0 : 1)] = v & 0xff;
  out[at + (le ? 1 : 0)] = (v >> 8) & 0xff;
}

function put32(out: Uint8Array, at: number, v: number, le: boolean) {
  put16(out, at + (le ? 0 : 2), v & 0xffff, le);
  put16(out, at + (le ? 2 : 0), Math.floor(v / 0x10000) & 0xffff, le);
}

/**
 * A header for `tag` with `vr` (ignored in implicit VR) and `length`. A value too long for a short
 * VR's 2-byte length is written as UN, which PS3.5 6.2.2 allows for any value.
 */
export function writeHeader(tag: number, vr: string, length: number, enc: Encoding): Uint8Array {
  const le = enc.littleEndian;
  const explicit = enc.explicit && groupOf(tag) !== 0xfffe;
  const wide = explicit && (LONG_VRS.has(vr) || length > 0xfffe);
  const out = new Uint8Array(explicit ? (wide ? 12 : 8) : 8);
  put16(out, 0, groupOf(tag), le);
  put16(out, 2, tag & 0xffff, le);
  if (!explicit) {
    put32(out, 4, length, le);
    return out;
  }
  const written = wide && !LONG_VRS.has(vr) ? 'UN' : vr;
  out[4] = written.charCodeAt(0);
  out[5] = written.charCodeAt(1);
  if (wide) put32(out, 8, length, le);
  else put16(out, 6, length, le);
  return out;
}

/** A whole element: header and value. */
export function element(tag: number, vr: string, value: Uint8Array, enc: Encoding): Uint8Array {
  const head = writeHeader(tag, vr, value.length, enc);
  const out = new Uint8Array(head.length + value.length);
  out.set(head);
  out.set(value, head.length);
  return out;
}

/** Bytes of text, padded to even length as PS3.5 6.2 asks (NUL for UI, space for the rest). */
export function textValue(text: string, vr: string): Uint8Array {
  const bytes = new Uint8Array(text.length + 1);
  let length = 0;
  for (const c of text) bytes[length++] = c.charCodeAt(0) & 0xff;
  if (length % 2) bytes[length++] = vr === 'UI' ? 0 : 0x20;
  return bytes.slice(0, length);
}

/** The VRs whose values are text (character repertoire aside). */
export const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
/** Free text: what a person typed, which may name anyone. */
export const FREE_TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UC']);
