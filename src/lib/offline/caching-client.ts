// A StoreClient that keeps what it reads on this device and answers from there when the network is
// gone, so a study opened once reopens from the same link offline. A share the store says is gone
// (expired, revoked, not found, locked) is removed from the device too: the copy must not outlive
// the share. Shares with a PIN are never kept: a copy on the device could be guessed at offline,
// without the store counting the attempts.

import { StoreClient, StoreError, type ShareStatus } from '../store/client';
import { ShareCache } from './share-cache';

const GONE = new Set(['expired', 'revoked', 'not-found', 'locked', 'limit-reached']);
/** The copy is fetched in pieces this big, so an image the user asks for waits behind one piece at most. */
const PIECE = 4 * 1024 * 1024;

export class CachingStoreClient extends StoreClient {
  private readonly statuses = new Map<string, ShareStatus>();
  /** Objects the copy has still to fetch, in order. */
  private queue: number[] = [];
  /** Reads the viewer is waiting for; the copy fetches nothing while there are any. */
  private reads = 0;
  /** Work that reads the whole share (an export) under way; the copy waits for it too. */
  private busy = 0;
  private wakeCopy: (() => void)[] = [];

  constructor(readonly cache = new ShareCache(), base?: string, fetcher?: typeof fetch) {
    super(base, fetcher);
  }

  private keeps(id: string): boolean {
    return this.statuses.get(id)?.pin !== true;
  }

  override async status(id: string): Promise<ShareStatus> {
    try {
      const status = await super.status(id);
      this.statuses.set(id, status);
      return status;
    } catch (error) {
      if (error instanceof StoreError && GONE.has(error.code)) await this.cache.remove(id);
      const saved = error instanceof StoreError && error.code === 'offline' ? await this.cache.share(id) : undefined;
      if (!saved) throw error;
      this.statuses.set(id, saved.status);
      return saved.status;
    }
  }

  override async manifest(id: string, readToken?: string): Promise<Uint8Array> {
    const saved = await this.cache.share(id);
    if (saved) return new Uint8Array(await saved.manifest.arrayBuffer());
    const manifest = await super.manifest(id, readToken);
    const status = this.statuses.get(id);
    if (status && this.keeps(id)) await this.cache.saveShare(id, status, manifest);
    return manifest;
  }

  override async object(id: string, n: number, range?: { start: number; end: number }, readToken?: string): Promise<Uint8Array> {
    const blob = await this.cache.object(id, n);
    if (blob) return new Uint8Array(await (range ? blob.slice(range.start, range.end) : blob).arrayBuffer());
    this.reads++;
    try {
      return await super.object(id, n, range, readToken);
    } finally {
      this.reads--;
      this.wake();
    }
  }

  /**
   * Runs `work` (an export, which reads every object with several requests ahead) with the copy
   * paused: between two of its requests the copy would otherwise slip in pieces of its own, and
   * both would run at half speed. The copy goes on afterwards; what the export read is not kept.
   */
  async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.wake();
    }
  }

  private wake() {
    if (this.reads === 0 && this.busy === 0) for (const wake of this.wakeCopy.splice(0)) wake();
  }

  /**
   * Downloads every object not yet on the device, those in `order` first, one piece at a time and
   * only while the viewer waits for nothing; reports bytes kept so far. This is also the viewer's
   * prefetch: a file in a kept object is read from the device.
   */
  async keepOffline(id: string, order: number[], onProgress: (done: number, total: number) => void): Promise<boolean> {
    const status = this.statuses.get(id);
    if (!status || !this.keeps(id) || !(await this.cache.share(id))) return false;
    const sizes = new Map(status.objects.map(({ n, size }) => [n, size]));
    const total = status.objects.reduce((sum, o) => sum + o.size, 0);
    let done = 0;
    this.queue = [...sizes.keys()];
    this.prioritise(order);
    for (let n = this.queue.shift(); n !== undefined; n = this.queue.shift()) {
      const size = sizes.get(n)!;
      if (!(await this.cache.object(id, n))) {
        const at = done;
        await this.cache.saveObject(id, n, await this.download(id, n, size, (bytes) => onProgress(at + bytes, total)));
      }
      done += size;
      onProgress(done, total);
    }
    await this.cache.markComplete(id);
    return true;
  }

  /** Moves `objects` to the front of what the copy has still to fetch, in their order. */
  prioritise(objects: number[]): void {
    const front = objects.filter((n) => this.queue.includes(n));
    this.queue = [...new Set([...front, ...this.queue])];
  }

  private async download(id: string, n: number, size: number, onBytes: (bytes: number) => void): Promise<Uint8Array> {
    const out = new Uint8Array(size);
    for (let start = 0; start < size; start += PIECE) {
      while (this.reads > 0 || this.busy > 0) await new Promise<void>((wake) => this.wakeCopy.push(wake));
      const end = Math.min(size, start + PIECE);
      out.set(await super.object(id, n, { start, end }), start);
      onBytes(end);
    }
    return out;
  }
}
