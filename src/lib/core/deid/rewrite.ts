// De-identifies one DICOM file into a list of segments: new bytes for what changed, ranges of the
// original for the rest. The transfer syntax stays; the data set is rewritten in its own encoding
// (explicit or implicit VR, little or big endian); a deflated data set is inflated, rewritten and
// deflated again. Part-10 files get a new preamble (zeros: a preamble may hold anything, such as a
// TIFF header) and File Meta naming this app as the writer. A bare data set stays bare.

import { deflateSync } from 'fflate';
import { latin1 } from '../dicom/charset';
import { inflate } from '../dicom/parse';
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
  type Encoding
} from '../dicom/sniff';
import { DataSetRewriter, type Override, type RewriteContext } from './dataset';
import { element, readHeader, textValue } from './elements';
import { DeidError } from './errors';
import { bytesSource, Cursor, materialize, Output, type ByteSource, type Segment } from './source';
import type { ShareKeys } from './values';

/** This app's Implementation Class UID (PS3.7 D.3.3.2): File Meta names the last writer. */
export const IMPLEMENTATION_CLASS_UID = '2.25.190675812873722561169819619805657403783';
export const IMPLEMENTATION_VERSION = 'DISCLESS_DEID_1';

const EXPLICIT_LE = encodingOf(TS_EXPLICIT_LE);
/** File Meta is small; more than this between "DICM" and the data set is not File Meta. */
const MAX_META = 64 * 1024;

export interface Rewritten {
  segments: Segment[];
  size: number;
  /** Bytes of the output up to and with the top-level Pixel Data header (null: none), to index it. */
  headSize: number | null;
  /** The whole output is in `segments` as bytes (deflated files): no range of the input. */
  inMemory: boolean;
}

interface Meta {
  elements: Map<number, { vr: string; value: Uint8Array }>;
  end: number;
}

async function readMeta(source: ByteSource, start: number): Promise<Meta> {
  const cur = new Cursor(source, start, 4096);
  const elements = new Map<number, { vr: string; value: Uint8Array }>();
  for (;;) {
    const b = await cur.peek(Math.min(12, source.size - cur.pos));
    if (!b || b.length < 8 || (b[0] | (b[1] << 8)) !== 0x0002) break;
    const h = readHeader(b, EXPLICIT_LE);
    cur.pos += h.size;
    const value = await cur.take(h.length);
    if (!value || cur.pos - start > MAX_META) throw new DeidError('The file header (File Meta) is damaged.');
    elements.set(h.tag, { vr: h.vr, value: value.slice() });
  }
  return { elements, end: cur.pos };
}

const text = (v: Uint8Array | undefined) => (v ? latin1(v).replace(/[\0 ]+$/, '') : '');

/** The data set's encoding as written, trusting the first element over a wrong declaration, as dcmtk does. */
function dataSetEncoding(declared: string, first: Uint8Array): Encoding {
  if (declared === TS_IMPLICIT_LE || declared === TS_BIG_ENDIAN) return encodingOf(declared);
  if (!looksExplicitAt(first, 0) && looksImplicitAt(first, 0)) return encodingOf(TS_IMPLICIT_LE);
  return EXPLICIT_LE;
}

/** New File Meta: the original's class, instance (replaced) and syntax; this app as the writer. */
function writeMeta(meta: Meta, keys: ShareKeys): Uint8Array {
  const get = (tag: number) => meta.elements.get(tag)?.value;
  const parts = [
    element(0x00020001, 'OB', get(0x00020001) ?? Uint8Array.of(0, 1), EXPLICIT_LE),
    element(0x00020002, 'UI', textValue(text(get(0x00020002)), 'UI'), EXPLICIT_LE),
    element(0x00020003, 'UI', textValue(keys.uid(text(get(0x00020003))), 'UI'), EXPLICIT_LE),
    ...(get(0x00020010) ? [element(0x00020010, 'UI', textValue(text(get(0x00020010)), 'UI'), EXPLICIT_LE)] : []),
    element(0x00020012, 'UI', textValue(IMPLEMENTATION_CLASS_UID, 'UI'), EXPLICIT_LE),
    element(0x00020013, 'SH', textValue(IMPLEMENTATION_VERSION, 'SH'), EXPLICIT_LE)
  ];
  const length = parts.reduce((n, p) => n + p.length, 0);
  const groupLength = element(0x00020000, 'UL', Uint8Array.of(length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, length >>> 24), EXPLICIT_LE);
  const out = new Uint8Array(132 + groupLength.length + length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  let at = 132;
  for (const p of [groupLength, ...parts]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Rewrites a data set held in memory (an inflated one) and deflates the result again. */
async function rewriteDeflated(deflated: Uint8Array, ctx: Omit<RewriteContext, 'overrides'>, overrides: (enc: Encoding) => Map<number, Override>): Promise<Uint8Array> {
  const inflated = bytesSource(inflate(deflated));
  const out = new Output();
  await new DataSetRewriter({ ...ctx, overrides: overrides(EXPLICIT_LE) }, new Cursor(inflated, 0)).top(EXPLICIT_LE, out);
  return deflateSync(await materialize(out.segments, inflated), { level: 6 });
}

/**
 * De-identifies the file in `source`. `overrides(enc)` gives the top-level elements written
 * whatever the file holds, encoded for the data set. Throws DeidError for a file it cannot rewrite.
 */
export async function rewriteFile(
  source: ByteSource,
  ctx: Omit<RewriteContext, 'overrides'>,
  overrides: (enc: Encoding) => Map<number, Override>
): Promise<Rewritten> {
  const head = await source.read(0, Math.min(source.size, 4096));
  const out = new Output();
  const magic = hasPreamble(head) ? 128 : hasBareMagic(head) ? 0 : -1;
  let start = 0;
  let enc: Encoding;
  if (magic >= 0) {
    const meta = await readMeta(source, magic + 4);
    const declared = text(meta.elements.get(0x00020010)?.value);
    out.bytes(writeMeta(meta, ctx.keys));
    if (declared === TS_DEFLATED) {
      const rest = await source.read(meta.end, source.size - meta.end);
      out.bytes(await rewriteDeflated(rest, ctx, overrides));
      return { segments: out.segments, size: out.length, headSize: null, inMemory: true };
    }
    start = meta.end;
    enc = dataSetEncoding(declared, await source.read(start, 16));
  } else {
    const bare = detectBareSyntax(head);
    if (!bare) throw new DeidError('This file is not a DICOM data set this app can rewrite.');
    if (bare === TS_DEFLATED) {
      out.bytes(await rewriteDeflated(await source.read(0, source.size), ctx, overrides));
      return { segments: out.segments, size: out.length, headSize: null, inMemory: true };
    }
    enc = encodingOf(bare);
  }
  const rewriter = new DataSetRewriter({ ...ctx, overrides: overrides(enc) }, new Cursor(source, start));
  await rewriter.top(enc, out);
  return { segments: out.segments, size: out.length, headSize: rewriter.pixelHeaderEnd, inMemory: false };
}
