// One share's upload as the staff page sees it: running, paused (by staff or by a failure) or done.
// Pausing ends the sharing worker; continuing starts a new one from the history record, which the
// pipeline's events keep up to date, so "continue" after a pause, a network failure or a reload of
// the tab is one and the same path and never re-sends what the store holds.

import { saveShare, type ShareRecord } from '../history/history';
import { recordShareEvent, resumePoint } from '../history/share-events';
import type { DeidPlan } from '../core/deid/plan';
import type { Copy } from '../share/shared-content';
import type { CreatedShare, CreateShareInput, ShareEvent, ShareProgress } from '../share/create-share';
import { WorkerClient } from '../workers/rpc';
import { RateMeter } from './rate';

export type UploadInput = Omit<CreateShareInput, 'resume'>;

/** A new sharing worker (src/lib/share/share.worker.ts). */
export function sharingWorker(): WorkerClient {
  return new WorkerClient(new Worker(new URL('../share/share.worker.ts', import.meta.url), { type: 'module' }), 'The upload');
}

export class UploadJob {
  phase = $state<'running' | 'paused' | 'done'>('running');
  progress = $state.raw<ShareProgress | null>(null);
  rate = $state<number | null>(null);
  secondsLeft = $state<number | null>(null);
  error = $state.raw<unknown>(null);
  result = $state.raw<CreatedShare | null>(null);
  private readonly meter = new RateMeter();

  /** `record` is a plain object (IndexedDB cannot store Svelte's proxies); its secret is '' until the store accepts the share. */
  /** `worker`: a sharing worker started ahead (on a de-identified share's review) and `plan`, that
   *  share's plan made there; both used by the first start only (a plan that failed is made again). */
  constructor(
    private readonly input: UploadInput,
    readonly record: ShareRecord,
    private worker: WorkerClient | null = null,
    private plan: Promise<DeidPlan<Copy> | null> | null = null
  ) {}

  async start(): Promise<void> {
    this.phase = 'running';
    this.error = null;
    this.meter.reset();
    const worker = this.worker ?? sharingWorker();
    this.worker = worker;
    try {
      const result = await this.create(worker);
      if (this.worker !== worker) return;
      this.record.local = 'done';
      await this.save();
      this.result = result;
      this.phase = 'done';
    } catch (error) {
      if (this.worker !== worker) return;
      this.error = error;
      this.phase = 'paused';
      await this.save();
    } finally {
      worker.terminate();
    }
  }

  /**
   * The upload's call, with the plan made on the review for a first start. Apart from start() so that
   * the plan, copied into the sharing worker, is not kept here while the upload runs.
   */
  private async create(worker: WorkerClient): Promise<CreatedShare> {
    const planned = this.plan;
    this.plan = null;
    const plan = await planned;
    // With the plan, the sharing worker needs no file's header: they stay on the page.
    const input: UploadInput = plan && this.input.deid ? { ...this.input, heads: undefined, deid: { ...this.input.deid, plan } } : this.input;
    return worker.call<CreatedShare>('create', { ...input, resume: resumePoint(this.record) } satisfies CreateShareInput, {
      onEvent: (e) => this.onEvent(e as ShareEvent)
    });
  }

  /** In-flight parts are dropped; they are sent again on continue. */
  pause(): void {
    this.worker?.terminate();
    this.worker = null;
    this.phase = 'paused';
    void this.save();
  }

  /** Nothing to keep before the store accepted the share; a full disk must not stop an upload. */
  private async save() {
    if (this.record.secret) await saveShare(this.record).catch(() => {});
  }

  private onEvent(e: ShareEvent) {
    if (recordShareEvent(this.record, e)) void this.save();
    if (e.type === 'progress') {
      this.progress = e;
      // While a de-identified share is planned nothing is uploaded yet: no rate to show.
      if (e.phase === 'preparing') return;
      this.meter.add(Date.now(), e.uploaded);
      this.rate = this.meter.rate();
      this.secondsLeft = this.meter.secondsLeft(e.total);
    }
  }
}
