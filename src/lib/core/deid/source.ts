// Where the rewriter reads from and what it writes: a file read by ranges (a browser File, a Node
// buffer) and an output made of new bytes and ranges of the input. Large values that stay as they
// are (Pixel Data above all) are never read, only referred to, so memory stays at the size of a
// data set's header whatever the file's size.

export interface ByteSource {
  readonly size: number;
  /** Bytes [0, held) are in memory already: reads inside them cost nothing (holding, Cursor). */
  readonly held?: number;
  /** Bytes [offset, offset + length), fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes [from, to) in pieces, read ahead as they are taken (a browser File's own stream). */
  stream?(from: number, to: number): AsyncIterable<Uint8Array>;
}

/** A Blob (a browser File) read by slices: only the bytes asked for are read. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    async *stream(from, to) {
      const reader = blob.slice(from, to).stream().getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
    }
  };
}

/** Reading the head of a file once serves every later read inside it: a browser File read in many
 *  small slices costs one round trip to the browser process each. */
export const HEAD_BYTES = 16 * 1024;

/** `source` with `head`, its first bytes, in memory: reads that fall inside them cost nothing. */
function holding(source: ByteSource, head: Uint8Array): ByteSource {
  return {
    size: source.size,
    held: head.length,
    read: (offset, length) => (offset + length <= head.length ? Promise.resolve(head.subarray(offset, offset + length)) : source.read(offset, length)),
    ...(source.stream ? { stream: source.stream.bind(source) } : {})
  };
}

/** Headers of files by path, as the indexer kept them (src/lib/indexing/index-files.ts). */
export type FileHeads = Record<string, Uint8Array>;

/**
 * A File whose header the indexer kept (src/lib/indexing/index-files.ts, FileHeads): reading it
 * again costs no `Blob.slice()`, which in a browser is most of the cost of reading a header.
 */
export function heldSource(blob: Blob, head: Uint8Array | undefined): ByteSource {
  return head ? holding(blobSource(blob), head) : blobSource(blob);
}

/**
 * `source` with its first `bytes` held (unless it holds its head already). A data set's header is
 * nearly always there, so rewriting a file and reading back what stays of it costs one read of the
 * head, and one more per large value that stays (Pixel Data).
 */
export async function withHead(source: ByteSource, bytes = HEAD_BYTES): Promise<ByteSource> {
  if (source.held !== undefined) return source;
  return holding(source, await source.read(0, Math.min(bytes, source.size)));
}

/**
 * The sources in order, each with its head being read (withHead), `ahead` heads at once: the reads
 * overlap the work on the files before them. A read that fails fails only its own promise.
 */
export function* headsInOrder(sources: Iterable<ByteSource>, ahead = 4): Generator<Promise<ByteSource>> {
  const queue: Promise<ByteSource>[] = [];
  const iterator = sources[Symbol.iterator]();
  const fill = () => {
    while (queue.length < ahead) {
      const next = iterator.next();
      if (next.done) return;
      const head = withHead(next.value);
      head.catch(() => {}); // a failure shows when that file's turn comes
      queue.push(head);
    }
  };
  fill();
  while (queue.length) {
    const head = queue.shift()!;
    fill();
    yield head;
  }
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

/** New bytes, or bytes [from, to) of the input. */
export type Segment = Uint8Array | { from: number; to: number };

export class Output {
  readonly segments: Segment[] = [];
  length = 0;

  bytes(b: Uint8Array): void {
    if (b.length === 0) return;
    this.segments.push(b);
    this.length += b.length;
  }

  range(from: number, to: number): void {
    if (to <= from) return;
    const last = this.segments.at(-1);
    if (last && !(last instanceof Uint8Array) && last.to === from) last.to = to;
    else this.segments.push({ from, to });
    this.length += to - from;
  }

  append(other: Output): void {
    for (const s of other.segments) {
      if (s instanceof Uint8Array) this.bytes(s);
      else this.range(s.from, s.to);
    }
  }

  /** Whether this output is exactly input bytes [from, to). */
  isRange(from: number, to: number): boolean {
    if (to === from) return this.length === 0;
    const [only] = this.segments;
    return this.segments.length === 1 && !(only instanceof Uint8Array) && only.from === from && only.to === to;
  }
}

/** The first `limit` bytes of an output (all of it without a limit), reading its ranges from `source`. */
export async function materialize(segments: readonly Segment[], source: ByteSource, limit = Infinity): Promise<Uint8Array> {
  const total = segments.reduce((n, s) => n + (s instanceof Uint8Array ? s.length : s.to - s.from), 0);
  const bytes = new Uint8Array(Math.min(limit, total));
  let at = 0;
  for (const s of segments) {
    if (at >= bytes.length) break;
    const part = s instanceof Uint8Array ? s : await source.read(s.from, Math.min(s.to - s.from, bytes.length - at));
    const n = Math.min(part.length, bytes.length - at);
    bytes.set(part.subarray(0, n), at);
    at += n;
  }
  return bytes;
}

/** Half the head: a data set that starts a few hundred bytes in is read from the head alone. */
const WINDOW = 8 * 1024;

/** Sequential reading with a window, so that small elements do not cost one read each. */
export class Cursor {
  private buf: Uint8Array = new Uint8Array(0);
  private bufAt = 0;

  constructor(
    private readonly source: ByteSource,
    public pos: number,
    private readonly window = WINDOW
  ) {}

  get size(): number {
    return this.source.size;
  }

  /** Bytes [pos, pos + n) without moving, or null when the source ends before. */
  async peek(n: number): Promise<Uint8Array | null> {
    const now = this.peekNow(n);
    if (now !== undefined) return now;
    await this.fill(n);
    return this.peekNow(n) ?? null;
  }

  /** Bytes [pos, pos + n) if the window holds them, null when the source ends before, else
   *  undefined: fill(n) first. */
  peekNow(n: number): Uint8Array | null | undefined {
    if (this.pos + n > this.source.size) return null;
    const off = this.pos - this.bufAt;
    return off < 0 || off + n > this.buf.length ? undefined : this.buf.subarray(off, off + n);
  }

  /** Reads the window at pos, at least n bytes of it (fewer only at the source's end). */
  async fill(n: number): Promise<void> {
    // A window that would reach past the held head is cut at its end, to be read from memory.
    const held = this.source.held ?? 0;
    const window = this.pos + n <= held ? Math.min(this.window, held - this.pos) : this.window;
    this.buf = await this.source.read(this.pos, Math.max(n, window));
    this.bufAt = this.pos;
  }

  async take(n: number): Promise<Uint8Array | null> {
    const b = await this.peek(n);
    if (b) this.pos += n;
    return b;
  }
}
