// The element-level rewrite of one data set, streamed: elements are read in order, each one is kept
// (as a range of the input, never read if large), removed, emptied or given a new value as the
// profile decides, and sequences are rewritten item by item at any depth. Lengths of sequences and
// items with a defined length are recomputed when what they hold changed; undefined lengths and
// their delimiters stay as they were. Pixel Data is always a range of the input: never read, never
// changed.

import { concat, equalBytes } from '../bytes';
import { decodeText, latin1 } from '../dicom/charset';
import type { Encoding } from '../dicom/sniff';
import { cleanable, impliedVr, newValue, shown, type Level, type RewriteContext } from './context';
import { FREE_TEXT_VRS, ITEM, ITEM_END, PIXEL_DATA, SEQUENCE_END, TEXT_VRS, UNDEFINED, groupOf, readHeader, tagText, writeHeader, type Header } from './elements';
import { DeidError } from './errors';
import type { Decision, Resolved } from './profile';
import { Cursor, Output } from './source';

export type { Change, Override, RewriteContext } from './context';

/** A step of the walk: the generator yields how many bytes it needs at the cursor (see peek). */
type Steps<T> = Generator<number, T, void>;

/** Nesting deeper than this is refused: no real object comes close, and hostile ones must not recurse forever. */
const MAX_DEPTH = 32;
/** Values the profile removes are read to learn identifiers only up to this length. */
const MAX_COLLECTED = 1024;
/** The preview lists at most this many changes. */
const MAX_CHANGES = 500;
const IMPLICIT_LE: Encoding = { ts: '1.2.840.10008.1.2', explicit: false, littleEndian: true };

export class DataSetRewriter {
  /** Output offset just past the top-level Pixel Data header, where a head ends for indexing. */
  pixelHeaderEnd: number | null = null;

  constructor(
    private readonly ctx: RewriteContext,
    private readonly cur: Cursor
  ) {}

  /** The top-level data set from the cursor to the end of the input. */
  async top(enc: Encoding, out: Output): Promise<void> {
    const steps = this.walk(enc, out);
    for (let step = steps.next(); !step.done; ) {
      try {
        await this.cur.fill(step.value);
      } catch (error) {
        // Thrown where the walk asked, so it meets the error as it would an awaited read.
        step = steps.throw(error);
        continue;
      }
      step = steps.next();
    }
  }

  /**
   * Bytes [pos, pos + n) of the input, or null past its end: from the cursor's window when it holds
   * them, else once top() has filled it. The walk is a generator, not async, so that the usual case,
   * bytes at hand, costs no promise: awaiting them was most of an async walk's time (Node profile).
   */
  private *peek(n: number): Steps<Uint8Array | null> {
    const now = this.cur.peekNow(n);
    if (now !== undefined) return now;
    yield n;
    return this.cur.peekNow(n) ?? null;
  }

  private *walk(enc: Encoding, out: Output): Steps<void> {
    const level: Level = { depth: 0, top: true, path: '', freeText: 'keep', removed: false, charset: { value: '' } };
    const { overrides, changes } = this.ctx;
    const pending = [...overrides.keys()].sort((a, b) => a - b);
    const flush = (before: number, old: Uint8Array | null = null) => {
      while (pending.length && pending[0] < before) {
        const tag = pending.shift()!;
        const o = overrides.get(tag)!;
        out.bytes(o.bytes);
        changes?.push({ path: tagText(tag), name: o.name, action: 'set', before: old ? decodeText(old, level.charset.value).trim() : '', after: o.text });
      }
    };
    let pixels = false;
    while (this.cur.pos < this.cur.size) {
      const start = this.cur.pos;
      try {
        const h = yield* this.header(enc, this.cur.size);
        if (h.tag !== PIXEL_DATA && h.length !== UNDEFINED && start + h.size + h.length > this.cur.size) throw new DeidError('The file ends inside an element.');
        flush(h.tag);
        if (overrides.has(h.tag)) {
          this.cur.pos = start + h.size;
          const old = h.length <= MAX_COLLECTED && h.vr !== 'SQ' ? ((yield* this.peek(h.length))?.slice() ?? null) : null;
          flush(h.tag + 1, old);
          yield* this.drop(h, start, enc, level);
          continue;
        }
        if (h.tag === PIXEL_DATA) this.pixelHeaderEnd = out.length + h.size;
        yield* this.element(h, start, enc, out, level);
        if (h.tag === PIXEL_DATA) pixels = true;
      } catch (e) {
        // Junk after whole pixels (some CD writers append it) is dropped, not copied: it could hold anything.
        if (!pixels) throw e;
        this.cur.pos = this.cur.size;
      }
    }
    flush(Infinity);
  }

  private *header(enc: Encoding, end: number): Steps<Header> {
    const b = yield* this.peek(Math.min(12, end - this.cur.pos));
    if (!b) throw new DeidError('The file ends inside an element header.');
    return readHeader(b, enc);
  }

  /** Elements until `end`, or until an Item Delimitation Item when `end` is null (which is copied). */
  private *items(enc: Encoding, end: number | null, out: Output, level: Level): Steps<void> {
    for (;;) {
      if (end !== null && this.cur.pos >= end) {
        if (this.cur.pos > end) throw new DeidError('An element runs past the end of its item.');
        return;
      }
      const start = this.cur.pos;
      const h = yield* this.header(enc, end ?? this.cur.size);
      if (h.tag === ITEM_END && end === null) {
        this.cur.pos += 8;
        out.range(start, start + 8);
        return;
      }
      yield* this.element(h, start, enc, out, level);
    }
  }

  private *element(h: Header, start: number, enc: Encoding, out: Output, level: Level): Steps<void> {
    const valueStart = start + h.size;
    this.cur.pos = valueStart;
    if (h.tag === ITEM || h.tag === ITEM_END || h.tag === SEQUENCE_END) throw new DeidError(`An item marker ${tagText(h.tag)} stands where an element should.`);
    if (h.tag === PIXEL_DATA) return yield* this.pixels(h, start, enc, out);
    if (h.length !== UNDEFINED && valueStart + h.length > this.cur.size) throw new DeidError('The file ends inside an element.');

    const sequence = yield* this.isSequence(h, enc);
    const decision = this.decide(h, sequence);
    const vr = sequence ? 'SQ' : h.vr && h.vr !== 'UN' ? h.vr : (decision?.vr ?? (h.vr || impliedVr(h.tag)));
    // Group lengths (gggg,0000) are retired in data sets and would be wrong once values change.
    if ((h.tag & 0xffff) === 0 && groupOf(h.tag) !== 0) return yield* this.drop(h, start, enc, level);
    if (sequence) return yield* this.sequenceElement(h, start, enc, out, level, decision?.action ?? null, decision?.name ?? '');

    let action: Resolved = decision?.action ?? (level.freeText !== 'keep' && FREE_TEXT_VRS.has(vr) ? level.freeText : 'K');
    if (action === 'C') action = cleanable(h.tag, vr);
    const name = decision?.name ?? (action === 'K' ? '' : 'Free text');
    if (h.length === UNDEFINED) throw new DeidError(`The element ${tagText(h.tag)} has an undefined length.`);
    if (level.top && (h.tag === 0x00080005 || this.ctx.wanted?.has(h.tag))) {
      const value = latin1((yield* this.peek(h.length)) ?? new Uint8Array());
      if (h.tag === 0x00080005) level.charset.value = value.trim();
      if (this.ctx.wanted?.has(h.tag)) this.ctx.wanted.set(h.tag, value);
    }
    if (action === 'K') {
      if (level.removed) yield* this.collectValue(h, vr, level);
      this.cur.pos = valueStart + h.length;
      out.range(start, this.cur.pos);
      return;
    }
    const old = action === 'X' || (action === 'D' && !TEXT_VRS.has(vr)) ? null : yield* this.readValue(h);
    if (action === 'X' || action === 'Z' || action === 'D' || level.removed) yield* this.collectValue(h, vr, level, old);
    this.cur.pos = valueStart + h.length;
    const value = newValue(this.ctx, action, vr, h.length, old);
    if (value && old && equalBytes(value, old)) {
      out.range(start, this.cur.pos);
      return;
    }
    if (value) out.bytes(concat(writeHeader(h.tag, h.vr, value.length, enc), value));
    this.log(h.tag, name, action, level, vr, old, value, h.length);
  }

  private decide(h: Header, sequence: boolean): Decision | null {
    const vr = sequence ? 'SQ' : h.vr || impliedVr(h.tag);
    return this.ctx.profile.decide(h.tag, vr);
  }

  /** Explicit VR says so; implicit VR: PS3.6 says so, or the value is an undefined length or starts with an item. */
  private *isSequence(h: Header, enc: Encoding): Steps<boolean> {
    if (h.vr === 'SQ') return true;
    // PS3.5 6.2.2: a sequence written with VR UN holds its items in implicit VR little endian.
    if (h.vr === 'UN') return h.length === UNDEFINED || impliedVr(h.tag) === 'SQ';
    if (enc.explicit) return false;
    if (impliedVr(h.tag) === 'SQ' || h.length === UNDEFINED) return true;
    if (h.length < 8) return false;
    const b = yield* this.peek(8);
    return !!b && readHeader(b, enc).tag === ITEM;
  }

  private *sequenceElement(h: Header, start: number, enc: Encoding, out: Output, level: Level, action: Resolved | null, name: string): Steps<void> {
    const valueStart = start + h.size;
    const itemEnc = h.vr === 'UN' ? IMPLICIT_LE : enc;
    const removed = action === 'X' || action === 'Z';
    const inner: Level = {
      depth: level.depth + 1,
      top: false,
      path: `${level.path}${tagText(h.tag)} > `,
      freeText: action === 'D' || action === 'C' ? action : level.freeText,
      removed: level.removed || removed,
      charset: level.charset
    };
    if (inner.depth > MAX_DEPTH) throw new DeidError('Sequences are nested too deeply.');
    // A sequence that goes is still read: identifiers inside it are cleaned from the text that stays.
    const items = yield* this.sequenceItems(h, valueStart, itemEnc, inner);
    if (action === 'X') {
      this.log(h.tag, name, action, level, 'SQ', null, null, 0);
      return;
    }
    if (action === 'Z') {
      out.bytes(writeHeader(h.tag, h.vr || 'SQ', 0, enc));
      this.log(h.tag, name, action, level, 'SQ', null, new Uint8Array(0), 0);
      return;
    }
    if (items.isRange(valueStart, this.cur.pos)) {
      out.range(start, this.cur.pos);
    } else if (h.length === UNDEFINED) {
      out.range(start, valueStart);
      out.append(items);
    } else {
      out.bytes(writeHeader(h.tag, h.vr, items.length, enc));
      out.append(items);
    }
  }

  private *sequenceItems(h: Header, valueStart: number, enc: Encoding, level: Level): Steps<Output> {
    const items = new Output();
    const end = h.length === UNDEFINED ? null : valueStart + h.length;
    for (;;) {
      if (end !== null && this.cur.pos >= end) {
        if (this.cur.pos > end) throw new DeidError('An item runs past the end of its sequence.');
        return items;
      }
      const at = this.cur.pos;
      const ih = yield* this.header(enc, end ?? this.cur.size);
      if (ih.tag === SEQUENCE_END && end === null) {
        this.cur.pos = at + 8;
        items.range(at, at + 8);
        return items;
      }
      if (ih.tag !== ITEM) throw new DeidError(`A sequence holds ${tagText(ih.tag)} where an item should be.`);
      this.cur.pos = at + 8;
      const body = new Output();
      if (ih.length === UNDEFINED) {
        yield* this.items(enc, null, body, level);
        items.range(at, at + 8);
        items.append(body);
      } else {
        const itemEnd = at + 8 + ih.length;
        if (end !== null && itemEnd > end) throw new DeidError('An item runs past the end of its sequence.');
        yield* this.items(enc, itemEnd, body, level);
        if (body.isRange(at + 8, itemEnd)) items.range(at, itemEnd);
        else {
          items.bytes(writeHeader(ITEM, '', body.length, enc));
          items.append(body);
        }
      }
    }
  }

  /** Pixel Data as it is: native pixels by their length, encapsulated ones up to their Sequence Delimitation Item. */
  private *pixels(h: Header, start: number, enc: Encoding, out: Output): Steps<void> {
    let end = start + h.size + h.length;
    if (h.length === UNDEFINED) {
      this.cur.pos = start + h.size;
      for (;;) {
        const ih = yield* this.header(enc, this.cur.size);
        if (ih.tag === SEQUENCE_END) {
          this.cur.pos += 8;
          break;
        }
        if (ih.tag !== ITEM || ih.length === UNDEFINED) throw new DeidError('The compressed pixel data is damaged.');
        this.cur.pos += 8 + ih.length;
      }
      end = this.cur.pos;
    }
    if (end > this.cur.size) throw new DeidError('The file ends inside its pixel data.');
    this.cur.pos = end;
    out.range(start, end);
  }

  /** Skips an element the rewrite replaces or drops, learning the identifiers it held. */
  private *drop(h: Header, start: number, enc: Encoding, level: Level): Steps<void> {
    if (yield* this.isSequence(h, enc)) {
      yield* this.sequenceElement(h, start, enc, new Output(), level, 'X', '');
      return;
    }
    const vr = h.vr && h.vr !== 'UN' ? h.vr : (this.ctx.profile.decide(h.tag, '')?.vr ?? impliedVr(h.tag));
    this.cur.pos = start + h.size;
    yield* this.collectValue(h, vr, level);
    this.cur.pos = start + h.size + h.length;
  }

  private *readValue(h: Header): Steps<Uint8Array> {
    const b = yield* this.peek(h.length);
    if (!b) throw new DeidError('The file ends inside an element.');
    return b.slice();
  }

  /** Names, IDs and dates the profile takes out are the words Clean (C) looks for in the text it keeps. */
  private *collectValue(h: Header, vr: string, level: Level, value?: Uint8Array | null): Steps<void> {
    if (!this.ctx.collect || !['PN', 'LO', 'SH', 'DA'].includes(vr) || h.length > MAX_COLLECTED || h.length === 0) return;
    const v = value ?? (yield* this.peek(h.length));
    if (v) this.ctx.collect(h.tag, vr, latin1(v), level.removed);
  }

  private log(tag: number, name: string, action: Resolved, level: Level, vr: string, old: Uint8Array | null, value: Uint8Array | null, length: number): void {
    if (!this.ctx.changes || this.ctx.changes.length >= MAX_CHANGES) return;
    const show = (b: Uint8Array | null, n: number) => shown(b, n, vr, level.charset.value);
    this.ctx.changes.push({ path: level.path + tagText(tag), name, action, before: show(old, length), after: value ? show(value, value.length) : null });
  }
}
