// The staff page's state: pick → index → review → upload → result. Components read it and call its
// methods; the work itself happens in the indexing and sharing workers.

import type { StudyIndex } from '../core/dicom/study-index';
import { DisclessError } from '../core/errors';
import { orderFiles, selectShare, type Selection } from '../core/share-plan';
import { s } from '../i18n';
import type { ShareRecord } from '../history/history';
import { newShareRecord } from '../history/share-events';
import type { DroppedFile, IndexProgress } from '../indexing/index-files';
import { indexInWorkers } from '../indexing/pool';
import { makeThumbnails } from './thumbnails';
import { UploadJob } from './upload-job.svelte';
import { PIN_PATTERN } from '../core/pin';
import { loadUploadKey } from '../settings';
import { WorkerClient } from '../workers/rpc';
import { expandZips } from './zip-input';

export type SenderPhase = 'pick' | 'indexing' | 'review' | 'uploading';

export const EXPIRY_DAYS = [1, 7, 30, 90] as const;
const DAY = 86_400;

async function unzipInWorker(zip: DroppedFile): Promise<DroppedFile[]> {
  const worker = new WorkerClient(new Worker(new URL('../indexing/index.worker.ts', import.meta.url), { type: 'module' }), 'Opening the zip');
  try {
    return await worker.call<DroppedFile[]>('unzip', zip);
  } finally {
    worker.terminate();
  }
}

/** What a checkbox on the review stands for: series by UID, documents by path. */
export interface ReviewChoice {
  series: string[];
  documents: string[];
}

function toggled(list: string[], items: string[], included: boolean): string[] {
  return included ? list.filter((x) => !items.includes(x)) : [...new Set([...list, ...items])];
}

/** The sender's choices, from the page's state or from a history record being continued. */
function selectionOf(choices: { excluded: string[]; excludedDocuments?: string[]; otherFiles?: boolean }): Selection {
  return { series: new Set(choices.excluded), documents: new Set(choices.excludedDocuments ?? []), otherFiles: choices.otherFiles ?? false };
}

export class SenderState {
  phase = $state<SenderPhase>('pick');
  indexProgress = $state<IndexProgress>({ done: 0, total: 0, perSecond: 0 });
  index = $state.raw<StudyIndex | null>(null);
  /** Series UIDs staff unticked. */
  excluded = $state<string[]>([]);
  /** Documents (by path) staff unticked. */
  excludedDocuments = $state<string[]>([]);
  /** Carry the files that are not DICOM as they are. */
  otherFiles = $state(false);
  thumbnails = $state.raw<Record<string, string>>({});
  identityConfirmed = $state(false);
  multiplePatientsConfirmed = $state(false);
  expiryDays = $state(30);
  label = $state('');
  /** Optional; empty means no PIN. */
  pin = $state('');
  job = $state.raw<UploadJob | null>(null);
  /** An interrupted upload from the history, waiting for staff to pick its folder again. */
  resuming = $state.raw<ShareRecord | null>(null);
  error = $state.raw<unknown>(null);
  private files: Record<string, File> = {};
  private thumbnailsDone: AbortController | null = null;

  readonly selected = $derived(this.index && selectShare(this.index, selectionOf(this)));
  readonly multiplePatients = $derived((this.selected?.patients.length ?? 0) > 1);
  readonly pinValid = $derived(this.pin.trim() === '' || PIN_PATTERN.test(this.pin.trim()));
  readonly canShare = $derived(
    this.phase === 'review' &&
      this.identityConfirmed &&
      (this.multiplePatientsConfirmed || !this.multiplePatients) &&
      this.pinValid &&
      (this.selected?.files.length ?? 0) > 0
  );

  async pick(dropped: DroppedFile[]): Promise<void> {
    if (dropped.length === 0) return;
    const resuming = this.resuming;
    this.reset();
    this.resuming = resuming;
    this.phase = 'indexing';
    this.indexProgress = { done: 0, total: dropped.length, perSecond: 0 };
    try {
      const expanded = await expandZips(dropped, unzipInWorker);
      this.indexProgress = { done: 0, total: expanded.length, perSecond: 0 };
      const index = await indexInWorkers(expanded, (p) => (this.indexProgress = p));
      this.files = Object.fromEntries(expanded.map((d) => [d.path, d.file]));
      this.index = index;
      if (index.files.length === 0) throw new DisclessError('no-dicom', 'No DICOM files.');
      if (resuming) return await this.continueFrom(resuming, index);
      this.phase = 'review';
      this.thumbnailsDone = new AbortController();
      void makeThumbnails(index, this.files, (uid, url) => (this.thumbnails = { ...this.thumbnails, [uid]: url }), this.thumbnailsDone.signal);
    } catch (error) {
      this.error = error;
      this.phase = this.index ? 'review' : 'pick';
    }
  }

  /** A checkbox on the review: a series, a document, or a whole study. */
  toggle(choice: ReviewChoice, included: boolean): void {
    this.excluded = toggled(this.excluded, choice.series, included);
    this.excludedDocuments = toggled(this.excludedDocuments, choice.documents, included);
  }

  async share(origin: string): Promise<void> {
    const index = this.selected;
    if (!this.canShare || !index) return;
    this.error = null;
    this.thumbnailsDone?.abort();
    const choices = {
      label: this.label.trim(),
      ttlSeconds: this.expiryDays * DAY,
      pin: this.pin.trim() || undefined,
      excluded: [...this.excluded],
      excludedDocuments: [...this.excludedDocuments],
      otherFiles: this.otherFiles
    };
    const record = newShareRecord(index, choices, s);
    const input = { index, files: this.files, origin, ttlSeconds: record.ttlSeconds, label: record.label, thumbnails: this.thumbnails };
    await this.run(new UploadJob({ ...input, pin: record.pin, uploadKey: loadUploadKey() ?? undefined }, record));
  }

  private async continueFrom(record: ShareRecord, index: StudyIndex): Promise<void> {
    const selected = selectShare(index, selectionOf(record));
    const ordered = orderFiles(selected);
    const same = ordered.length === record.files.length && ordered.every((f, i) => f.path === record.files[i].path && f.size === record.files[i].size);
    if (!same) {
      this.phase = 'pick';
      this.index = null;
      throw new DisclessError('resume-mismatch', 'These are not the files of the interrupted share.');
    }
    const thumbnails: Record<string, string> = {};
    await makeThumbnails(selected, this.files, (uid, url) => (thumbnails[uid] = url), new AbortController().signal);
    this.resuming = null;
    const input = { index: selected, files: this.files, origin: new URL(record.link).origin, ttlSeconds: record.ttlSeconds, label: record.label, thumbnails };
    await this.run(new UploadJob(input, { ...record }));
  }

  private async run(job: UploadJob) {
    this.job = job;
    this.phase = 'uploading';
    await job.start();
  }

  reset(): void {
    this.thumbnailsDone?.abort();
    this.job?.pause();
    this.phase = 'pick';
    this.index = null;
    this.files = {};
    this.excluded = [];
    this.excludedDocuments = [];
    this.otherFiles = false;
    this.thumbnails = {};
    this.identityConfirmed = false;
    this.multiplePatientsConfirmed = false;
    this.job = null;
    this.resuming = null;
    this.error = null;
    this.pin = '';
  }
}
