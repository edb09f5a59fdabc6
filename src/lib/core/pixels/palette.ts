import type { DataSet } from 'dicom-parser';
import { DicomError } from '../dicom/errors';
import type { GreyPixels } from './types';

const CHANNELS = [
  { descriptor: 'x00281101', data: 'x00281201', segmented: 'x00281221' },
  { descriptor: 'x00281102', data: 'x00281202', segmented: 'x00281222' },
  { descriptor: 'x00281103', data: 'x00281203', segmented: 'x00281223' }
] as const;

/** Maps PALETTE COLOR stored values through the file's red, green and blue tables to 8-bit RGBA. */
export function paletteToRgba(values: GreyPixels, dataSet: DataSet, signed: boolean): Uint8Array {
  const luts = CHANNELS.map((channel) => readLut(dataSet, channel, signed));
  const rgba = new Uint8Array(values.length * 4);
  for (let c = 0; c < 3; c++) {
    const { first, entries } = luts[c];
    const last = entries.length - 1;
    for (let p = 0; p < values.length; p++) {
      // PS3.3 C.7.6.3.1.5: values below the first mapped one take the first entry, above, the last.
      const index = Math.min(last, Math.max(0, values[p] - first));
      rgba[p * 4 + c] = entries[index];
    }
  }
  for (let p = 3; p < rgba.length; p += 4) rgba[p] = 255;
  return rgba;
}

interface Lut {
  first: number;
  entries: Uint8Array;
}

function readLut(dataSet: DataSet, channel: (typeof CHANNELS)[number], signed: boolean): Lut {
  if (!dataSet.elements[channel.descriptor]) {
    throw new DicomError('malformed', 'This colour image has no palette.');
  }
  const count = dataSet.uint16(channel.descriptor, 0) || 65536;
  const rawFirst = dataSet.uint16(channel.descriptor, 1) ?? 0;
  // The descriptor's first mapped value is SS when pixels are signed, but implicit VR files read it as US.
  const first = signed && rawFirst > 0x7fff ? rawFirst - 0x10000 : rawFirst;
  const bits = dataSet.uint16(channel.descriptor, 2) ?? 16;

  const plain = dataSet.elements[channel.data];
  const segmented = dataSet.elements[channel.segmented];
  let values: ArrayLike<number>;
  if (plain && bits === 8 && plain.length < count * 2) {
    // 8-bit entries packed one per byte rather than one per 16-bit word.
    values = dataSet.byteArray.subarray(plain.dataOffset, plain.dataOffset + count);
  } else if (plain) {
    values = readWords(dataSet, plain.dataOffset, Math.min(count, plain.length >> 1));
  } else if (segmented) {
    values = expandSegmentedLut(readWords(dataSet, segmented.dataOffset, segmented.length >> 1));
  } else {
    throw new DicomError('malformed', 'This colour image has no palette data.');
  }
  return { first, entries: toEightBit(values, bits) };
}

function readWords(dataSet: DataSet, offset: number, count: number): Uint16Array {
  if (offset + count * 2 > dataSet.byteArray.length) {
    throw new DicomError('truncated', 'The file ends inside its colour palette.');
  }
  const words = new Uint16Array(count);
  for (let i = 0; i < count; i++) words[i] = dataSet.byteArrayParser.readUint16(dataSet.byteArray, offset + i * 2);
  return words;
}

function toEightBit(values: ArrayLike<number>, bits: number): Uint8Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  // Some writers declare 16-bit entries but store 0-255: shifting those would turn the image black.
  const shift = bits > 8 && max > 255 ? bits - 8 : 0;
  return Uint8Array.from(values, (value) => Math.min(255, value >> shift));
}

/**
 * PS3.3 C.7.9.2: a segmented table is a run of discrete (opcode 0) and linear (opcode 1) segments.
 * Indirect segments (opcode 2) are refused: no sample file uses them and their offset unit is read
 * differently by different toolkits, so guessing could paint wrong colours.
 */
export function expandSegmentedLut(words: ArrayLike<number>): Uint16Array {
  const out: number[] = [];
  let i = 0;
  // `i + 1 <`: the data may end in one padding word, and every segment is at least three words long.
  while (i + 1 < words.length) {
    const opcode = words[i];
    const length = words[i + 1];
    i += 2;
    if (opcode === 0) {
      for (let k = 0; k < length; k++) out.push(words[i + k]);
      i += length;
    } else if (opcode === 1 && out.length > 0) {
      const start = out[out.length - 1];
      const end = words[i++];
      for (let k = 1; k <= length; k++) out.push(Math.round(start + ((end - start) * k) / length));
    } else if (opcode === 2) {
      throw new DicomError('unsupported', 'Colour palettes with indirect segments cannot be shown yet.');
    } else {
      throw new DicomError('malformed', 'The colour palette is damaged.');
    }
    // A table has at most 65536 entries; a few bytes of linear segments could otherwise claim gigabytes.
    if (out.length > 65536) throw new DicomError('malformed', 'The colour palette is damaged.');
  }
  if (i > words.length) throw new DicomError('malformed', 'The colour palette is damaged.');
  return Uint16Array.from(out);
}
