// The viewer's offline copy of the open share: kept in the background after the share opens, shown
// with the room it takes, and removable. Kept by the reader worker (CachingStoreClient).

import type { WorkerClient } from '../workers/rpc';

export class OfflineCopy {
  state = $state<'keeping' | 'kept' | 'not-kept' | 'removed' | 'failed'>('keeping');
  done = $state(0);
  total = $state(0);
  /** Everything this site keeps on the device, and what the browser allows it. */
  usage = $state<{ used: number; quota: number } | null>(null);
  error = $state.raw<unknown>(null);

  constructor(private readonly reader: WorkerClient) {}

  /** `files`: the share's files in the order the viewer wants them; their objects are kept first. */
  async keep(files: number[]): Promise<void> {
    this.state = 'keeping';
    try {
      const kept = await this.reader.call<boolean>('keepOffline', files, {
        onEvent: (p) => ({ done: this.done, total: this.total } = p as { done: number; total: number })
      });
      this.state = kept ? 'kept' : 'not-kept';
    } catch (error) {
      // Running out of room or losing the network stops the copy, never the viewing.
      this.error = error;
      this.state = 'failed';
    }
    await this.measure();
  }

  async forget(): Promise<void> {
    await this.reader.call('forgetOffline', null);
    this.state = 'removed';
    await this.measure();
  }

  private async measure(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate) this.usage = { used: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }
}
