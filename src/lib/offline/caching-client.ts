// A StoreClient that keeps what it reads on this device and answers from there when the network is
// gone, so a study opened once reopens from the same link offline. A share the store says is gone
// (expired, revoked, not found) is removed from the device too: the copy must not outlive the share.

import { StoreClient, StoreError, type ShareStatus } from '../store/client';
import { ShareCache } from './share-cache';

const GONE = new Set(['expired', 'revoked', 'not-found', 'locked']);

export class CachingStoreClient extends StoreClient {
  private readonly statuses = new Map<string, ShareStatus>();

  constructor(
    readonly cache = new ShareCache(),
    base?: string
  ) {
    super(base);
  }

  private async orCached<T>(id: string, fromNetwork: () => Promise<T>, fromCache: () => Promise<T | undefined>): Promise<T> {
    try {
      return await fromNetwork();
    } catch (error) {
      if (error instanceof StoreError && GONE.has(error.code)) await this.cache.remove(id);
      if (!(error instanceof StoreError) || error.code !== 'offline') throw error;
      const cached = await fromCache();
      if (cached === undefined) throw error;
      return cached;
    }
  }

  override status(id: string): Promise<ShareStatus> {
    const fromNetwork = async () => {
      const status = await super.status(id);
      this.statuses.set(id, status);
      return status;
    };
    return this.orCached(id, fromNetwork, async () => (await this.cache.share(id))?.status);
  }

  override async manifest(id: string): Promise<Uint8Array> {
    const saved = await this.cache.share(id);
    if (saved) return new Uint8Array(await saved.manifest.arrayBuffer());
    const manifest = await super.manifest(id);
    await this.cache.saveShare(id, this.statuses.get(id) ?? (await this.status(id)), manifest);
    return manifest;
  }

  override async object(id: string, n: number, range?: { start: number; end: number }): Promise<Uint8Array> {
    const blob = await this.cache.object(id, n);
    if (blob) return new Uint8Array(await (range ? blob.slice(range.start, range.end) : blob).arrayBuffer());
    return super.object(id, n, range);
  }

  /** Downloads every object not yet on the device, one at a time; reports bytes kept so far. */
  async keepOffline(id: string, onProgress: (done: number, total: number) => void): Promise<void> {
    const status = await super.status(id);
    const total = status.objects.reduce((sum, o) => sum + o.size, 0);
    let done = 0;
    for (const { n, size } of status.objects) {
      if (!(await this.cache.object(id, n))) await this.cache.saveObject(id, n, await super.object(id, n));
      done += size;
      onProgress(done, total);
    }
    await this.cache.markComplete(id);
  }
}
