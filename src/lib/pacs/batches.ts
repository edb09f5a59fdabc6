// The instances still to send, cut into STOW-RS batches and read from the share one batch ahead of
// the one on the wire. A batch holds the files' bytes, so one sent again (retry, halves, alone) is
// not read twice.

import type { PacsInstance } from './instances';

export interface Batch {
  items: { instance: PacsInstance; bytes: Uint8Array }[];
  /** Times the server failed (500) on this batch. */
  serverErrors: number;
  /** Sent alone after the server left it out of an answer. */
  alone: boolean;
}

export const batchSize = (batch: Batch) => batch.items.reduce((sum, item) => sum + item.bytes.byteLength, 0);

export function halves(batch: Batch): Batch[] {
  const middle = Math.ceil(batch.items.length / 2);
  return [batch.items.slice(0, middle), batch.items.slice(middle)].map((items) => ({ items, serverErrors: 0, alone: false }));
}

export class BatchReader {
  private ahead: Promise<Batch | null> | null = null;

  constructor(
    private readonly queue: PacsInstance[],
    private readonly read: (index: number) => Promise<Uint8Array>,
    /** A file that fails its checksum: reported by the caller, not sent. */
    private readonly onDamaged: (instance: PacsInstance) => void,
    private readonly count: number,
    /** Largest batch in bytes (a single larger file still goes, alone); lowered after a 413. */
    public limit: number
  ) {}

  /** The batch read ahead, or the next one read now; null when the queue is done. */
  async next(): Promise<Batch | null> {
    const reading = this.ahead ?? this.take();
    this.ahead = null;
    return reading;
  }

  /** Starts reading the batch after, while the current one is sent. */
  prefetch(): void {
    if (this.ahead) return;
    this.ahead = this.take();
    this.ahead.catch(() => {});
  }

  private async take(): Promise<Batch | null> {
    const items: Batch['items'] = [];
    let bytes = 0;
    while (this.queue.length && items.length < this.count && (items.length === 0 || bytes + this.queue[0].size <= this.limit)) {
      const instance = this.queue.shift()!;
      try {
        const data = await this.read(instance.index);
        items.push({ instance, bytes: data });
        bytes += data.byteLength;
      } catch (error) {
        if ((error as { code?: string })?.code !== 'damaged') {
          // The store did not answer: put them back, to be read again after the wait.
          this.queue.unshift(...items.map((item) => item.instance), instance);
          throw error;
        }
        this.onDamaged(instance);
      }
    }
    if (items.length) return { items, serverErrors: 0, alone: false };
    return this.queue.length ? this.take() : null;
  }
}
