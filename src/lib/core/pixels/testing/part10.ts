// Writes small explicit VR little endian Part-10 files, so tests can cover layouts no sample file has
// (planar RGB, junk above Bits Stored, float pixels, unaligned 1-bit frames).

import { concat } from '../../bytes';

export type Value = string | number[] | Uint8Array;
/** Tag as 'ggggeeee' hex, VR, value: a string for text VRs, numbers for US, bytes for OB/OW/OF/OD. */
export type Attribute = [tag: string, vr: string, value: Value];

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'SQ', 'UN', 'UT']);

export function part10(attributes: Attribute[], transferSyntax = '1.2.840.10008.1.2.1'): Uint8Array {
  const meta = [encode(['00020010', 'UI', transferSyntax])];
  const body = [...attributes].sort(([a], [b]) => a.localeCompare(b)).map(encode);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat(preamble, ...meta, ...body);
}

export function uint16Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Uint16Array.from(values).buffer);
}

function encode([tag, vr, value]: Attribute): Uint8Array {
  const data = pad(valueBytes(vr, value), vr);
  const long = LONG_VRS.has(vr);
  const header = new DataView(new ArrayBuffer(long ? 12 : 8));
  header.setUint16(0, parseInt(tag.slice(0, 4), 16), true);
  header.setUint16(2, parseInt(tag.slice(4), 16), true);
  header.setUint8(4, vr.charCodeAt(0));
  header.setUint8(5, vr.charCodeAt(1));
  if (long) header.setUint32(8, data.length, true);
  else header.setUint16(6, data.length, true);
  return concat(new Uint8Array(header.buffer), data);
}

function valueBytes(vr: string, value: Value): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (vr === 'US') return uint16Bytes(value);
  throw new Error(`part10: give ${vr} values as bytes or a string`);
}

function pad(bytes: Uint8Array, vr: string): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
  return padded;
}
