// Uploads sealed objects with a bounded number in flight, so encryption of the next object overlaps
// the network and memory stays at (in flight + 1) objects whatever the study's size.

import { StoreError, type StoreClient } from '../store/client';

const RETRIES = 4;
const RETRYABLE = new Set(['offline', 'store-down', 'busy', 'store-error']);

export class ObjectUploader {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly client: StoreClient,
    private readonly shareId: string,
    private readonly ownerToken: string,
    private readonly onUploaded: (n: number, bytes: number) => void,
    private readonly maxInFlight = 2,
    private readonly backoffMs = 500
  ) {}

  /** Resolves once the object is accepted for upload (not uploaded): waits while too many are in flight. */
  async enqueue(n: number, body: Blob): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const task = this.upload(n, body).then(
      () => this.onUploaded(n, body.size),
      (error) => {
        this.failure ??= error;
      }
    );
    const tracked = task.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed() {
    if (this.failure) throw this.failure;
  }

  /** PUT is idempotent in the store, so a part that failed half-way is simply sent again. */
  private async upload(n: number, body: Blob): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.putObject(this.shareId, n, body, this.ownerToken);
      } catch (error) {
        const retryable = error instanceof StoreError && RETRYABLE.has(error.code);
        if (!retryable || attempt >= RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.backoffMs * 2 ** attempt));
      }
    }
  }
}
