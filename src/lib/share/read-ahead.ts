// The sender reads each file once. Files up to WHOLE_FILE_BYTES (every CT, MR or CR image) are read
// whole, several ahead of the one being encrypted, so that reading (an IPC round trip to the browser
// process per file) overlaps encryption instead of waiting between files; larger files (long
// multi-frame objects) are streamed by the caller, so memory stays bounded by AHEAD_BYTES.

/** Larger files are streamed rather than read whole. */
export const WHOLE_FILE_BYTES = 32 * 1024 * 1024;
/** At most this many bytes of files are read ahead of the one being encrypted. */
export const AHEAD_BYTES = 64 * 1024 * 1024;

/** A file as the pipeline reads it: a File, or a de-identified copy (shared-content.ts). */
export interface SharedBlob {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

export class FileQueue {
  private readonly reads = new Map<number, Promise<Uint8Array>>();
  private next = 0;
  private ahead = 0;

  constructor(
    private readonly files: (SharedBlob | undefined)[],
    private readonly aheadBytes = AHEAD_BYTES
  ) {}

  /** Whether file i is read whole (by take) rather than streamed by the caller. */
  whole(i: number): boolean {
    return (this.files[i]?.size ?? 0) <= WHOLE_FILE_BYTES;
  }

  /** File i's bytes; reads the files after it meanwhile. Call for every whole file, in order. */
  async take(i: number): Promise<Uint8Array> {
    this.next = Math.max(this.next, i);
    this.fill();
    const read = this.reads.get(i);
    this.reads.delete(i);
    try {
      return await (read ?? this.read(i));
    } finally {
      if (read) this.ahead -= this.files[i]?.size ?? 0;
      this.fill();
    }
  }

  /** Starts reads of the whole files from `next` on while they fit in the read-ahead budget. */
  private fill() {
    while (this.next < this.files.length && this.whole(this.next)) {
      const size = this.files[this.next]?.size ?? 0;
      if (this.ahead > 0 && this.ahead + size > this.aheadBytes) return;
      this.reads.set(this.next, this.read(this.next));
      this.ahead += size;
      this.next++;
    }
  }

  private read(i: number): Promise<Uint8Array> {
    const file = this.files[i];
    const read = file ? file.arrayBuffer().then((buffer) => new Uint8Array(buffer)) : Promise.resolve(new Uint8Array(0));
    // Awaited by take(); a file read ahead whose turn never comes must not be reported as unhandled.
    read.catch(() => {});
    return read;
  }
}
