// Turns records into sealed objects and hands each finished object to the uploader, with
// SEALS_IN_FLIGHT records under encryption at once, so that WebCrypto may work on one record while
// this worker writes the last one to the outbox and reads the next file.
// Records are appended in order whatever order their encryption ends in; an object is finished and
// queued for upload as soon as its last record is in. Nothing waits between objects: the first
// record of the next object is encrypted while the last one of this object is written.

import { toBase64url } from '../core/bytes';
import type { ShareKeys } from '../core/keys';
import type { ManifestObject } from '../core/manifest';
import { StreamSealer } from '../core/stream';
import type { ObjectUploader } from './object-uploader';
import type { ObjectBody, Outbox } from './outbox';

/**
 * Two, so that WebCrypto's thread can encrypt one record while this worker writes the other. Not
 * more: the micro benchmark runs AES-GCM alone no faster two at a time than one
 * (meta.aes_gcm_by_record_size_MBps), and sharing 318 MB took the same time with one and with two
 * (3.0–3.6 s against 2.9–3.9 s after indexing, four shares each, on a loaded machine).
 */
export const SEALS_IN_FLIGHT = 2;

export interface PipelinePlan {
  keys: ShareKeys;
  /** Plaintext size and salt of every object; salts are filled in as objects are sealed. */
  objects: ManifestObject[];
  /** Objects the store holds already (a resumed upload): their records are counted, not sealed. */
  stored: Set<number>;
  recordsPerObject: number;
  /** Index of the share's last record. */
  lastRecord: number;
}

export class SealPipeline {
  private record = 0;
  private sealer: StreamSealer | null = null;
  private body: ObjectBody | null = null;
  /** The last append, which every later one follows. */
  private appended: Promise<void> = Promise.resolve();
  private readonly waiting: Promise<void>[] = [];

  constructor(
    private readonly plan: PipelinePlan,
    private readonly outbox: Outbox,
    private readonly uploader: ObjectUploader
  ) {}

  /** The next record of the share; resolves when another one may be given. */
  async push(plain: Uint8Array): Promise<void> {
    const { recordsPerObject, lastRecord, stored, keys } = this.plan;
    const n = Math.floor(this.record / recordsPerObject);
    const endsObject = this.record === lastRecord || (this.record + 1) % recordsPerObject === 0;
    this.record++;
    if (stored.has(n)) return;
    if (!this.sealer || !this.body) {
      this.sealer = await StreamSealer.create(keys, { kind: 'object', index: n });
      this.body = await this.outbox.begin(n);
      this.body.append(this.sealer.header);
    }
    const sealer = this.sealer;
    const body = this.body;
    const sealed = sealer.seal(plain, endsObject);
    if (endsObject) {
      this.sealer = null;
      this.body = null;
    }
    const step = this.appended.then(async () => {
      body.append(await sealed);
      if (!endsObject) return;
      this.plan.objects[n].salt = toBase64url(sealer.salt);
      await this.uploader.enqueue(n, await body.finish());
    });
    // A failure is thrown by the push or drain that awaits it; the steps after it never run.
    step.catch(() => {});
    sealed.catch(() => {});
    this.appended = step;
    this.waiting.push(step);
    if (this.waiting.length >= SEALS_IN_FLIGHT) await this.waiting.shift();
  }

  /** Every record given is sealed, written and its object queued for upload. */
  async drain(): Promise<void> {
    await this.appended;
    this.waiting.length = 0;
  }
}
