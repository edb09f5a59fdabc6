// The staff page's state: pick → index → review → upload → result. Components read it and call its
// methods; the work itself happens in the indexing and sharing workers.

import type { StudyIndex } from '../core/dicom/study-index';
import type { DroppedFile, IndexProgress } from '../indexing/index-files';
import { PIN_PATTERN } from '../core/pin';
import { loadUploadKey } from '../settings';
import type { CreatedShare, CreateShareInput, ShareProgress } from '../share/create-share';
import { WorkerClient } from '../workers/rpc';

export type SenderPhase = 'pick' | 'indexing' | 'review' | 'uploading' | 'done';

export const EXPIRY_DAYS = [1, 7, 30, 90] as const;
const DAY = 86_400;

export class SenderState {
  phase = $state<SenderPhase>('pick');
  indexProgress = $state<IndexProgress>({ done: 0, total: 0 });
  index = $state.raw<StudyIndex | null>(null);
  identityConfirmed = $state(false);
  multiplePatientsConfirmed = $state(false);
  expiryDays = $state(30);
  label = $state('');
  /** Optional; empty means no PIN. */
  pin = $state('');
  upload = $state<ShareProgress | null>(null);
  result = $state.raw<CreatedShare | null>(null);
  error = $state.raw<unknown>(null);
  private files: Record<string, File> = {};

  readonly multiplePatients = $derived((this.index?.patients.length ?? 0) > 1);
  readonly pinValid = $derived(this.pin.trim() === '' || PIN_PATTERN.test(this.pin.trim()));
  readonly canShare = $derived(
    this.phase === 'review' &&
      this.pinValid &&
      this.identityConfirmed &&
      (this.multiplePatientsConfirmed || !this.multiplePatients) &&
      (this.index?.files.length ?? 0) > 0
  );

  async pick(dropped: DroppedFile[]): Promise<void> {
    if (dropped.length === 0) return;
    this.reset();
    this.phase = 'indexing';
    this.indexProgress = { done: 0, total: dropped.length };
    const worker = new WorkerClient(new Worker(new URL('../indexing/index.worker.ts', import.meta.url), { type: 'module' }));
    try {
      const index = await worker.call<StudyIndex>('index', dropped, { onEvent: (p) => (this.indexProgress = p as IndexProgress) });
      this.files = Object.fromEntries(dropped.map((d) => [d.path, d.file]));
      this.index = index;
      this.phase = 'review';
      if (index.files.length === 0) this.error = { code: 'no-dicom' };
    } catch (error) {
      this.error = error;
      this.phase = 'pick';
    } finally {
      worker.terminate();
    }
  }

  async share(origin: string): Promise<void> {
    if (!this.canShare || !this.index) return;
    this.error = null;
    this.phase = 'uploading';
    this.upload = { phase: 'encrypting', read: 0, uploaded: 0, total: this.index.totalBytes };
    const input: CreateShareInput = {
      index: this.index,
      files: this.files,
      origin,
      ttlSeconds: this.expiryDays * DAY,
      label: this.label.trim(),
      pin: this.pin.trim() || undefined,
      uploadKey: loadUploadKey() ?? undefined
    };
    const worker = new WorkerClient(new Worker(new URL('../share/share.worker.ts', import.meta.url), { type: 'module' }));
    try {
      this.result = await worker.call<CreatedShare>('create', input, { onEvent: (p) => (this.upload = p as ShareProgress) });
      this.phase = 'done';
    } catch (error) {
      // Back to the review, with everything picked still there: staff can try again at once.
      this.error = error;
      this.phase = 'review';
    } finally {
      worker.terminate();
    }
  }

  reset(): void {
    this.phase = 'pick';
    this.index = null;
    this.files = {};
    this.identityConfirmed = false;
    this.multiplePatientsConfirmed = false;
    this.pin = '';
    this.upload = null;
    this.result = null;
    this.error = null;
  }
}
