// Every element of a file as rows a person can read (the viewer's tag browser), and the patient
// orientation letters for an image's edges. Names come from a dictionary passed in (dcmjs's, loaded
// on demand), so this module stays small and runs anywhere.

import type { DpDataSet, DpElement } from 'dicom-parser';
import { Reader } from './index-file';
import { parseFile } from './parse';

export interface TagRow {
  tag: string;
  name: string;
  vr: string;
  value: string;
  depth: number;
}

export type TagDictionary = (tag: string) => { name: string; vr: string } | undefined;

const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const NUMBER_READERS: Record<string, [number, (v: DataView, at: number, le: boolean) => number]> = {
  US: [2, (v, at, le) => v.getUint16(at, le)],
  SS: [2, (v, at, le) => v.getInt16(at, le)],
  UL: [4, (v, at, le) => v.getUint32(at, le)],
  SL: [4, (v, at, le) => v.getInt32(at, le)],
  FL: [4, (v, at, le) => v.getFloat32(at, le)],
  FD: [8, (v, at, le) => v.getFloat64(at, le)]
};
const MAX_ROWS = 5000;
const MAX_VALUES = 16;
const MAX_TEXT = 200;

function formatTag(key: string): string {
  return `(${key.slice(1, 5)},${key.slice(5, 9)})`.toUpperCase();
}

function valueOf(r: Reader, ds: DpDataSet, key: string, el: DpElement, vr: string, littleEndian: boolean): string {
  if (el.length === 0) return '';
  if (TEXT_VRS.has(vr)) {
    const text = vr === 'PN' || ['LO', 'LT', 'SH', 'ST', 'UC', 'UT'].includes(vr) ? r.text(ds, key) : r.ascii(ds, key);
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  }
  const reader = NUMBER_READERS[vr];
  if (reader && el.length !== 0xffffffff) {
    const [size, read] = reader;
    const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
    const count = Math.floor(el.length / size);
    const values = Array.from({ length: Math.min(count, MAX_VALUES) }, (_, i) => read(view, i * size, littleEndian));
    return values.join('\\') + (count > MAX_VALUES ? '…' : '');
  }
  return el.length === 0xffffffff ? '(encapsulated)' : `(${el.length} bytes)`;
}

export function listTags(bytes: Uint8Array, dictionary: TagDictionary): TagRow[] {
  const { ds, meta, transferSyntaxUid } = parseFile(bytes);
  const r = new Reader(new Reader('').ascii(ds, 'x00080005'));
  const littleEndian = transferSyntaxUid !== '1.2.840.10008.1.2.2';
  const rows: TagRow[] = [];
  const walk = (set: DpDataSet, depth: number) => {
    for (const key of Object.keys(set.elements).sort()) {
      if (rows.length >= MAX_ROWS) return;
      const el = set.elements[key]!;
      const known = dictionary(formatTag(key));
      const vr = el.vr ?? known?.vr ?? (el.items ? 'SQ' : 'UN');
      const name = known?.name ?? (parseInt(key.slice(1, 5), 16) % 2 ? 'Private' : 'Unknown');
      if (el.items) {
        rows.push({ tag: formatTag(key), name, vr: 'SQ', value: `${el.items.length} item(s)`, depth });
        for (const item of el.items) if (item.dataSet) walk(item.dataSet, depth + 1);
      } else {
        rows.push({ tag: formatTag(key), name, vr, value: valueOf(r, set, key, el, vr, littleEndian || set === meta), depth });
      }
    }
  };
  if (meta) walk(meta, 0);
  walk(ds, 0);
  return rows;
}

/** The patient direction a unit vector points to, strongest axis first (e.g. "LP"). */
function direction([x, y, z]: number[]): string {
  const axes: [number, string][] = [
    [x, x > 0 ? 'L' : 'R'],
    [y, y > 0 ? 'P' : 'A'],
    [z, z > 0 ? 'H' : 'F']
  ];
  return axes
    .filter(([v]) => Math.abs(v) > 0.25)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([, letter]) => letter)
    .join('');
}

export type OrientationMarkers = { left: string; right: string; top: string; bottom: string };

/**
 * Letters for the image's edges from the first Image Orientation (Patient) (0020,0037) among the
 * rows: top level for classic images, the shared functional groups for enhanced multi-frame ones.
 */
export function orientationMarkers(rows: TagRow[]): OrientationMarkers | null {
  const iop = rows.find((row) => row.tag === '(0020,0037)')?.value.split('\\').map(Number);
  if (!iop || iop.length !== 6 || iop.some((v) => !Number.isFinite(v))) return null;
  const row = iop.slice(0, 3);
  const column = iop.slice(3, 6);
  const neg = (v: number[]) => v.map((c) => -c);
  return { left: direction(neg(row)), right: direction(row), top: direction(neg(column)), bottom: direction(column) };
}
