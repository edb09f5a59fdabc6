// A StoreClient that keeps what it reads on this device and answers from there when the network is
// gone, so a study opened once reopens from the same link offline. A share the store says is gone
// (expired, revoked, not found, locked) is removed from the device too: the copy must not outlive
// the share. Shares with a PIN are never kept: a copy on the device could be guessed at offline,
// without the store counting the attempts.

import { StoreClient, StoreError, type ShareStatus } from '../store/client';
import { ShareCache } from './share-cache';

const GONE = new Set(['expired', 'revoked', 'not-found', 'locked', 'limit-reached']);

export class CachingStoreClient extends StoreClient {
  private readonly statuses = new Map<string, ShareStatus>();

  constructor(readonly cache = new ShareCache()) {
    super();
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
    return super.object(id, n, range, readToken);
  }

  /** Downloads every object not yet on the device, one at a time; reports bytes kept so far. */
  async keepOffline(id: string, onProgress: (done: number, total: number) => void): Promise<boolean> {
    const status = this.statuses.get(id);
    if (!status || !this.keeps(id) || !(await this.cache.share(id))) return false;
    const total = status.objects.reduce((sum, o) => sum + o.size, 0);
    let done = 0;
    for (const { n, size } of status.objects) {
      if (!(await this.cache.object(id, n))) await this.cache.saveObject(id, n, await super.object(id, n));
      done += size;
      onProgress(done, total);
    }
    await this.cache.markComplete(id);
    return true;
  }
}
