// Cuts the concatenated file bytes into fixed-size records without copying more than once: the
// pipeline pushes whatever chunk sizes the browser's file streams give.

export class RecordPacker {
  private buffer: Uint8Array;
  private filled = 0;

  constructor(readonly recordSize: number) {
    this.buffer = new Uint8Array(recordSize);
  }

  /** Calls `onRecord` for each record completed by this chunk; the record is the caller's to keep. */
  async push(chunk: Uint8Array, onRecord: (record: Uint8Array) => Promise<void>): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, this.recordSize - this.filled);
      this.buffer.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.recordSize) {
        const record = this.buffer;
        this.buffer = new Uint8Array(this.recordSize);
        this.filled = 0;
        await onRecord(record);
      }
    }
  }

  /** The bytes that did not fill a record. */
  rest(): Uint8Array {
    return this.buffer.subarray(0, this.filled);
  }
}
