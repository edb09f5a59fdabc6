// File Meta Information (PS3.10 §7.1) of a Part-10 file: where it ends and what it declares, read
// leniently, as dcmtk reads it.

import dicomParser, { type DpDataSet } from 'dicom-parser';
import { latin1 } from './charset';
import { checkExtents, classify, fits, UNDEFINED_LENGTH } from './damage';
import { TS_EXPLICIT_LE, encodingOf, hasBareMagic, hasPreamble, readElementHeader } from './sniff';
import { trimValue } from './values';

/** File Meta of a Part-10 file is small; this much is copied when a writer dropped the preamble. */
const MAX_META_BYTES = 64 * 1024;

/**
 * The File Meta and where the data set starts, or null for a bare data set. A file that starts with
 * "DICM" lost its preamble: dicom-parser only reads File Meta after one, so it gets one put back.
 */
export function readMeta(bytes: Uint8Array): { meta: DpDataSet; start: number } | null {
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

export function metaString(meta: DpDataSet, tag: string): string {
  const el = meta.elements[tag];
  if (!el || !fits(el, meta.byteArray.length)) return '';
  return trimValue(latin1(meta.byteArray.subarray(el.dataOffset, el.dataOffset + Math.min(el.length, 256))));
}

