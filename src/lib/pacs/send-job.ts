// Sends a share's instances to a PACS by STOW-RS, batch by batch, and keeps to what the server says.
// Framework-free: the page's state class drives it and shows its snapshots; tests drive it with a
// scripted server. While one batch is on the wire the next is read and decrypted.
//
// Rules: an instance counts as sent only when the server lists it as stored (ReferencedSOPSequence),
// and, when the server can be asked afterwards (QIDO-RS), only if it then lists it. One not in the
// answer at all is sent again alone once, then reported. 413 halves the batch; 500 splits it to
// find the instance the server chokes on; no answer, 502–504, 408 and 429 are waited out with
// backoff (the job shows itself paused after three in a row and keeps trying); 401, 403 and answers
// that are not DICOMweb stop it. Confirmed instances go into the ledger as they come, so a reload
// sends only the rest.

import { RateMeter } from '../sender/rate';
import type { DicomWebClient } from './dicomweb';
import { isTransient, PacsError } from './errors';
import { BatchReader, batchSize, halves, type Batch } from './batches';
import type { PacsInstance } from './instances';
import type { SentLedger } from './ledger';
import { newBoundary, stowBody, stowContentType } from './multipart';
import type { Reason } from './reasons';
import { notListed } from './verify';
import { Wait } from './wait';

export type Phase = 'idle' | 'running' | 'paused' | 'done' | 'failed';
export type InstanceStatus = 'stored' | 'warning' | 'failed';

export interface InstanceResult {
  instance: PacsInstance;
  status: InstanceStatus;
  reason: Reason;
  /** Confirmed by this PACS before this run (a send cut short, then resumed). */
  earlier: boolean;
}

export interface JobSnapshot {
  phase: Phase;
  /** Who paused: the user (Pause), or the server (no answer, busy): then it retries by itself. */
  pausedBy: 'user' | 'server' | null;
  /** Why it is paused or failed. */
  error: unknown;
  total: number;
  totalBytes: number;
  /** Instances the server has answered for (stored, warning or failed), and their bytes. */
  done: number;
  doneBytes: number;
  sent: number;
  warnings: number;
  failed: number;
  bytesPerSecond: number | null;
  /** After sending: true when the server listed every stored instance, false when it could not be asked. */
  verified: boolean | null;
}

export interface JobOptions {
  client: Pick<DicomWebClient, 'store' | 'instancesOf'>;
  /** The original bytes of a manifest file, checked against its SHA-256. */
  read(index: number): Promise<Uint8Array>;
  ledger: SentLedger;
  onChange?(snapshot: JobSnapshot): void;
  /** Largest request body to start with; lowered for good when the server answers 413. */
  batchBytes?: number;
  batchCount?: number;
  /** Backoff before attempt n (1-based) after an error that may pass. */
  backoffMs?(attempt: number): number;
  /** Time allowed for one request of `bytes`. */
  timeoutMs?(bytes: number): number;
  /** Wait before asking the server a second time for instances it did not list (QIDO). */
  recheckMs?: number;
}

export const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;
const DEFAULT_BATCH_COUNT = 200;
/** Consecutive transient failures before the job shows itself paused. */
const QUIET_RETRIES = 3;
/** Errors reading the share that may pass (src/lib/store/client.ts). */
const STORE_TRANSIENT = new Set(['offline', 'store-down']);
/** A failing (500) batch is tried this often before it is split. */
const SERVER_ERROR_TRIES = 2;

const backoff = (attempt: number) => Math.min(15_000, 1000 * 2 ** (attempt - 1)) * (0.8 + 0.4 * Math.random());
/** Two minutes, plus the time for the body at 256 kB/s: a slow line is not a dead server. */
const timeout = (bytes: number) => 120_000 + bytes / 256;

export class StowJob {
  readonly results = new Map<number, InstanceResult>();
  private phase: Phase = 'idle';
  private pausedBy: 'user' | 'server' | null = null;
  private error: unknown = null;
  private verified: boolean | null = null;
  private doneBytes = 0;
  private readonly rate = new RateMeter();
  private readonly wait = new Wait();
  /** Batches already read that go before new ones: retries, halves, instances to send alone. */
  private readonly pending: Batch[] = [];
  private readonly totalBytes: number;

  constructor(
    private readonly instances: PacsInstance[],
    private readonly options: JobOptions
  ) {
    this.totalBytes = instances.reduce((sum, i) => sum + i.size, 0);
    for (const instance of instances) {
      const earlier = options.ledger.confirmed(instance.index);
      if (earlier) this.settle(instance, earlier.status, earlier.reason, true);
    }
  }

  /** The phase as it is now: read through a getter, so TypeScript does not keep a narrowed old value. */
  private get current(): Phase {
    return this.phase;
  }

  snapshot(): JobSnapshot {
    let sent = 0;
    let warnings = 0;
    let failed = 0;
    for (const r of this.results.values()) {
      if (r.status === 'failed') failed++;
      else sent++;
      if (r.status === 'warning') warnings++;
    }
    return {
      phase: this.phase,
      pausedBy: this.pausedBy,
      error: this.error,
      total: this.instances.length,
      totalBytes: this.totalBytes,
      done: this.results.size,
      doneBytes: this.doneBytes,
      sent,
      warnings,
      failed,
      bytesPerSecond: this.rate.rate(),
      verified: this.verified
    };
  }

  private changed(): void {
    this.options.onChange?.(this.snapshot());
  }

  private settle(instance: PacsInstance, status: InstanceStatus, reason: Reason, earlier = false): void {
    if (!this.results.has(instance.index)) this.doneBytes += instance.size;
    this.results.set(instance.index, { instance, status, reason, earlier });
  }

  /**
   * Nothing new is sent until resume. The request under way is left to be answered, not abandoned:
   * a PACS may have stored it already, and sending it again after the pause stored every instance of
   * it twice (16 MB more than the study, in the e2e test that stops Orthanc half-way).
   */
  pause(): void {
    if (this.phase !== 'running' && this.phase !== 'paused') return;
    this.phase = 'paused';
    this.pausedBy = 'user';
    this.wait.interrupt();
    this.changed();
  }

  /** Goes on after the user's pause, or tries the server again now instead of after the backoff. */
  resume(): void {
    if (this.phase !== 'paused') return;
    this.phase = 'running';
    this.pausedBy = null;
    this.wait.interrupt();
    this.changed();
  }

  async run(): Promise<void> {
    const reader = new BatchReader(
      this.instances.filter((i) => !this.results.has(i.index)),
      this.options.read,
      (instance) => this.settle(instance, 'failed', 'damaged'),
      this.options.batchCount ?? DEFAULT_BATCH_COUNT,
      this.options.ledger.batchBytes ?? this.options.batchBytes ?? DEFAULT_BATCH_BYTES
    );
    const pending = this.pending;
    let transient = 0;
    this.phase = 'running';
    this.rate.add(performance.now(), this.doneBytes);
    this.changed();

    while (this.current === 'running' || this.current === 'paused') {
      if (this.pausedBy === 'user') {
        await this.wait.sleep(3_600_000);
        continue;
      }
      let batch = pending.shift() ?? null;
      try {
        batch ??= await reader.next();
      } catch (error) {
        // The share's store did not answer: wait as for the PACS. Anything else (the reader worker
        // stopped, the share expired) will not pass by waiting.
        if (STORE_TRANSIENT.has((error as { code?: string })?.code ?? '')) {
          await this.transientFailure(error, ++transient);
          continue;
        }
        this.error = error;
        this.phase = 'failed';
        this.pausedBy = null;
        break;
      }
      if (!batch) break;
      reader.prefetch();
      const outcome = await this.send(batch);
      if (outcome === 'sent') {
        transient = 0;
        continue;
      }
      const error = outcome.error;
      if (error instanceof PacsError && error.code === 'pacs-too-large') {
        transient = 0;
        if (batch.items.length > 1) {
          reader.limit = Math.max(1, Math.floor(batchSize(batch) / 2));
          this.options.ledger.batchBytes = reader.limit;
          pending.unshift(...halves(batch));
        } else {
          this.settle(batch.items[0].instance, 'failed', 'too-large');
        }
      } else if (error instanceof PacsError && error.code === 'pacs-server-error') {
        transient = 0;
        batch.serverErrors++;
        if (batch.serverErrors < SERVER_ERROR_TRIES) {
          pending.unshift(batch);
          await this.wait.sleep((this.options.backoffMs ?? backoff)(batch.serverErrors));
        } else if (batch.items.length > 1) {
          pending.unshift(...halves(batch));
        } else {
          this.settle(batch.items[0].instance, 'failed', 'server-error');
        }
      } else if (isTransient(error)) {
        pending.unshift(batch);
        await this.transientFailure(error, ++transient);
      } else {
        this.error = error;
        this.phase = 'failed';
        this.pausedBy = null;
      }
      this.changed();
    }
    if (this.current === 'failed') return this.changed();
    await this.verify();
    this.phase = 'done';
    this.pausedBy = null;
    this.error = null;
    this.changed();
  }

  private async transientFailure(error: unknown, attempt: number): Promise<void> {
    if (attempt >= QUIET_RETRIES && this.pausedBy !== 'user') {
      this.phase = 'paused';
      this.pausedBy = 'server';
      this.error = error;
      this.changed();
    }
    await this.wait.sleep((error as PacsError)?.retryAfterMs ?? (this.options.backoffMs ?? backoff)(attempt));
    if (this.pausedBy === 'server') {
      this.phase = 'running';
      this.pausedBy = null;
    }
  }

  /** One request. 'sent' once the answer is applied; otherwise the error, for run() to act on. */
  private async send(batch: Batch): Promise<'sent' | { error: unknown }> {
    const boundary = newBoundary();
    const body = stowBody(
      batch.items.map((item) => item.bytes),
      boundary
    );
    const controller = new AbortController();
    let timedOut = false;
    const ms = (this.options.timeoutMs ?? timeout)(body.size);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    try {
      const answer = await this.options.client.store(body, stowContentType(boundary), controller.signal);
      this.apply(batch, answer.items);
      this.error = null;
      if (this.pausedBy !== 'user') {
        this.phase = 'running';
        this.pausedBy = null;
      }
      this.rate.add(performance.now(), this.doneBytes);
      this.changed();
      return 'sent';
    } catch (error) {
      if (timedOut) return { error: new PacsError('pacs-busy', `no answer within ${Math.round(ms / 1000)} s`) };
      return { error };
    } finally {
      clearTimeout(timer);
    }
  }

  private apply(batch: Batch, items: { sopInstanceUid: string; status: InstanceStatus; reason: number | null }[]): void {
    const said = new Map(items.map((item) => [item.sopInstanceUid, item]));
    const unlisted: Batch['items'] = [];
    const confirmed: { index: number; status: 'stored' | 'warning'; reason: Reason }[] = [];
    for (const item of batch.items) {
      const answer = said.get(item.instance.sopInstanceUid);
      if (!answer) unlisted.push(item);
      else if (answer.status === 'failed') this.settle(item.instance, 'failed', answer.reason);
      else {
        this.settle(item.instance, answer.status, answer.reason);
        confirmed.push({ index: item.instance.index, status: answer.status, reason: answer.reason });
      }
    }
    this.options.ledger.confirm(confirmed);
    if (!unlisted.length) return;
    // Orthanc drops the rest of a request after a part it failed on without listing either.
    if (batch.alone || batch.items.length === 1) for (const item of unlisted) this.settle(item.instance, 'failed', 'not-confirmed');
    else this.pending.unshift(...unlisted.map((item) => ({ items: [item], serverErrors: 0, alone: true })));
  }

  /**
   * Asks the server (QIDO-RS) for every series it confirmed instances of. One it listed as stored
   * but does not have (Orthanc reports an instance its own filter dropped as stored) is failed.
   */
  private async verify(): Promise<void> {
    const stored = [...this.results.values()].filter((r) => r.status !== 'failed');
    try {
      const missing = await notListed(this.options.client, stored, () => this.wait.sleep(this.options.recheckMs ?? 2000));
      for (const r of missing) this.results.set(r.instance.index, { ...r, status: 'failed', reason: 'not-kept' });
      this.options.ledger.unconfirm(missing.map((r) => r.instance.index));
      this.verified = true;
    } catch {
      // QIDO-RS not allowed for this user, or not offered: the server's own answers stand.
      this.verified = false;
    }
  }
}
