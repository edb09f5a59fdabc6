import { DicomError } from '../../dicom/errors';
import type { PixelLayout } from '../types';

/**
 * 12-bit JPEG (PS3.5 A.4.1, process 4: sequential DCT, Huffman coded), which none of the kept codec
 * builds decodes (libjpeg-turbo is built 8-bit only, jpeg-lossless-decoder-js does lossless only).
 * Grey images only, as DICOM uses this process: one component, baseline or extended sequential.
 * Follows ITU-T T.81 F.2 for decoding, and the IJG library's integer inverse DCT (islow), which dcmtk
 * and most PACS use, so that lossy images come out the same value for value.
 */
export function decodeJpegExtended(codestream: Uint8Array, layout: PixelLayout): { bytes: Uint8Array; layout: PixelLayout } {
  try {
    const samples = decode(codestream, layout);
    return { bytes: new Uint8Array(samples.buffer), layout: { ...layout, planarConfiguration: 0 } };
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError('malformed', 'The JPEG image data in this file is damaged.');
  }
}

interface Huffman {
  /** For each code length 1..16: the largest code, the first code, and where its values start. */
  maxCode: Int32Array;
  minCode: Int32Array;
  valueIndex: Int32Array;
  values: Uint8Array;
}

const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63
]);

function decode(data: Uint8Array, layout: PixelLayout): Uint16Array {
  const quant: Int32Array[] = [];
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let frame: { precision: number; rows: number; columns: number; quantTable: number } | null = null;
  let restartInterval = 0;
  const u16 = (at: number) => (data[at] << 8) | data[at + 1];
  if (u16(0) !== 0xffd8) throw new Error('no SOI');
  let at = 2;
  for (;;) {
    while (data[at] === 0xff && data[at + 1] === 0xff) at++;
    const marker = u16(at);
    const length = u16(at + 2);
    const segment = at + 4;
    const end = at + 2 + length;
    if (end > data.length) throw new Error('segment past end');
    if (marker === 0xffdb) {
      for (let p = segment; p < end; ) {
        const sixteen = data[p] >> 4;
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++) table[ZIGZAG[k]] = sixteen ? u16(p + 1 + k * 2) : data[p + 1 + k];
        quant[data[p] & 15] = table;
        p += 1 + 64 * (sixteen ? 2 : 1);
      }
    } else if (marker === 0xffc4) {
      for (let p = segment; p < end; ) {
        const counts = data.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = huffman(counts, data.subarray(p + 17, p + 17 + total));
        (data[p] >> 4 ? acTables : dcTables)[data[p] & 15] = table;
        p += 17 + total;
      }
    } else if (marker === 0xffc0 || marker === 0xffc1) {
      if (data[segment + 5] !== 1) {
        throw new DicomError('unsupported', '12-bit colour JPEG images cannot be shown yet.');
      }
      frame = { precision: data[segment], rows: u16(segment + 1), columns: u16(segment + 3), quantTable: data[segment + 8] };
    } else if (marker >= 0xffc2 && marker <= 0xffcf && marker !== 0xffc4 && marker !== 0xffc8 && marker !== 0xffcc) {
      throw new DicomError('unsupported', 'Progressive, lossless or arithmetic-coded 12-bit JPEG images cannot be shown yet.');
    } else if (marker === 0xffdd) {
      restartInterval = u16(segment);
    } else if (marker === 0xffda) {
      if (!frame || frame.rows !== layout.rows || frame.columns !== layout.columns) {
        throw new DicomError('malformed', 'The JPEG image data does not match the image size the file states.');
      }
      const tables = data[segment + 2];
      return scan(data, end, frame, quant[frame.quantTable], dcTables[tables >> 4], acTables[tables & 15], restartInterval);
    } else if ((marker & 0xff00) !== 0xff00 || marker === 0xffd9) {
      throw new Error('no scan');
    }
    at = end;
  }
}

function huffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(17).fill(-1);
  const minCode = new Int32Array(17);
  const valueIndex = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    valueIndex[length] = k;
    minCode[length] = code;
    code += counts[length - 1];
    k += counts[length - 1];
    if (counts[length - 1]) maxCode[length] = code - 1;
    code <<= 1;
  }
  return { maxCode, minCode, valueIndex, values };
}

function scan(
  data: Uint8Array,
  start: number,
  frame: { precision: number; rows: number; columns: number },
  quant: Int32Array | undefined,
  dc: Huffman | undefined,
  ac: Huffman | undefined,
  restartInterval: number
): Uint16Array {
  if (!quant || !dc || !ac) throw new Error('missing table');
  let at = start;
  let bits = 0;
  let bitCount = 0;
  const readBit = () => {
    if (bitCount === 0) {
      if (at >= data.length) throw new Error('data ends early');
      bits = data[at++];
      if (bits === 0xff) {
        const next = data[at++];
        if (next !== 0) throw new Error('marker inside the scan');
      }
      bitCount = 8;
    }
    bitCount--;
    return (bits >> bitCount) & 1;
  };
  const receive = (count: number) => {
    let value = 0;
    for (let i = 0; i < count; i++) value = (value << 1) | readBit();
    return value;
  };
  const extend = (value: number, count: number) => (value < 1 << (count - 1) ? value - (1 << count) + 1 : value);
  const decodeSymbol = (table: Huffman) => {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | readBit();
      if (code <= table.maxCode[length]) return table.values[table.valueIndex[length] + code - table.minCode[length]];
    }
    throw new Error('bad Huffman code');
  };

  const blocksAcross = Math.ceil(frame.columns / 8);
  const blocksDown = Math.ceil(frame.rows / 8);
  const out = new Uint16Array(frame.rows * frame.columns);
  const coefficients = new Float64Array(64);
  const samples = new Float64Array(64);
  const shift = 1 << (frame.precision - 1);
  const max = (1 << frame.precision) - 1;
  let predictor = 0;
  for (let block = 0; block < blocksAcross * blocksDown; block++) {
    if (restartInterval && block > 0 && block % restartInterval === 0) {
      // Byte-align, then expect RSTn; DC prediction starts over.
      bitCount = 0;
      if (data[at] !== 0xff || (data[at + 1] & 0xf8) !== 0xd0) throw new Error('restart marker missing');
      at += 2;
      predictor = 0;
    }
    coefficients.fill(0);
    const size = decodeSymbol(dc);
    predictor += size ? extend(receive(size), size) : 0;
    coefficients[0] = predictor * quant[0];
    for (let k = 1; k < 64; ) {
      const symbol = decodeSymbol(ac);
      const run = symbol >> 4;
      const magnitude = symbol & 15;
      if (magnitude === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) throw new Error('coefficient past the block');
      coefficients[ZIGZAG[k]] = extend(receive(magnitude), magnitude) * quant[ZIGZAG[k]];
      k++;
    }
    idctIslow(coefficients, samples);
    const top = Math.floor(block / blocksAcross) * 8;
    const left = (block % blocksAcross) * 8;
    for (let y = 0; y < 8 && top + y < frame.rows; y++) {
      for (let x = 0; x < 8 && left + x < frame.columns; x++) {
        out[(top + y) * frame.columns + left + x] = Math.min(max, Math.max(0, samples[y * 8 + x] + shift));
      }
    }
  }
  return out;
}

// IJG jidctint.c (islow), with its 12-bit scaling: fixed point with 13 fractional bits, one extra bit
// kept between the passes. Plain numbers rather than 32-bit integers: 12-bit products can exceed 2^31.
const CONST_BITS = 13;
const PASS1_BITS = 1;
const FIX = (x: number) => Math.round(x * (1 << CONST_BITS));
const [F0_298, F0_390, F0_541, F0_765, F0_899, F1_175, F1_501, F1_847, F1_961, F2_053, F2_562, F3_072] = [
  0.298631336, 0.390180644, 0.5411961, 0.765366865, 0.899976223, 1.175875602, 1.501321110, 1.847759065, 1.961570560,
  2.053119869, 2.562915447, 3.072711026
].map(FIX);
const descale = (x: number, n: number) => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/** One 8x8 block: dequantized coefficients in natural order to samples centred on 0. */
function idctIslow(input: Float64Array, output: Float64Array): void {
  const work = new Float64Array(64);
  for (let c = 0; c < 8; c++) {
    const at = (row: number) => input[row * 8 + c];
    if (at(1) === 0 && at(2) === 0 && at(3) === 0 && at(4) === 0 && at(5) === 0 && at(6) === 0 && at(7) === 0) {
      for (let r = 0; r < 8; r++) work[r * 8 + c] = at(0) * 2 ** PASS1_BITS;
      continue;
    }
    const result = butterfly(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7));
    for (let r = 0; r < 8; r++) work[r * 8 + c] = descale(result[r], CONST_BITS - PASS1_BITS);
  }
  for (let r = 0; r < 8; r++) {
    const row = work.subarray(r * 8, r * 8 + 8);
    if (row[1] === 0 && row[2] === 0 && row[3] === 0 && row[4] === 0 && row[5] === 0 && row[6] === 0 && row[7] === 0) {
      output.fill(descale(row[0], PASS1_BITS + 3), r * 8, r * 8 + 8);
      continue;
    }
    const result = butterfly(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
    for (let x = 0; x < 8; x++) output[r * 8 + x] = descale(result[x], CONST_BITS + PASS1_BITS + 3);
  }
}

/** The even and odd parts of one 8-point pass, before descaling (jidctint.c). */
function butterfly(i0: number, i1: number, i2: number, i3: number, i4: number, i5: number, i6: number, i7: number): number[] {
  let z1 = (i2 + i6) * F0_541;
  const t2 = z1 - i6 * F1_847;
  const t3 = z1 + i2 * F0_765;
  const t0 = (i0 + i4) * 2 ** CONST_BITS;
  const t1 = (i0 - i4) * 2 ** CONST_BITS;
  const t10 = t0 + t3;
  const t13 = t0 - t3;
  const t11 = t1 + t2;
  const t12 = t1 - t2;

  z1 = i7 + i1;
  let z2 = i5 + i3;
  let z3 = i7 + i3;
  let z4 = i5 + i1;
  const z5 = (z3 + z4) * F1_175;
  let o0 = i7 * F0_298;
  let o1 = i5 * F2_053;
  let o2 = i3 * F3_072;
  let o3 = i1 * F1_501;
  z1 *= -F0_899;
  z2 *= -F2_562;
  z3 = z3 * -F1_961 + z5;
  z4 = z4 * -F0_390 + z5;
  o0 += z1 + z3;
  o1 += z2 + z4;
  o2 += z2 + z3;
  o3 += z1 + z4;
  return [t10 + o3, t11 + o2, t12 + o1, t13 + o0, t13 - o0, t12 - o1, t11 - o2, t10 - o3];
}
