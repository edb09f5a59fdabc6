// The staff page's state: pick → index → review → upload → result. Components read it and call its
// methods; the work itself happens in the indexing and sharing workers.

import type { FileHeads } from '../core/deid/source';
import type { StudyIndex } from '../core/dicom/study-index';
import { DisclessError } from '../core/errors';
import { orderFiles, selectShare, type Selection } from '../core/share-plan';
import { s } from '../i18n';
import type { ShareRecord } from '../history/history';
import { newShareRecord } from '../history/share-events';
import type { DroppedFile, IndexProgress } from '../indexing/index-files';
import { indexingWorkers, indexInWorkers, workerCount } from '../indexing/pool';
import { makeThumbnails } from './thumbnails';
import { UploadJob } from './upload-job.svelte';
import { DeidState, thumbnailsWithout } from './deid.svelte';
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

/** The sender's choices, from the page's state or from a history record being continued. A
 *  de-identified share carries no file that is not DICOM, and leaves out single files (deid.svelte.ts). */
function selectionOf(choices: { excluded: string[]; excludedDocuments?: string[]; otherFiles?: boolean }, leftOut?: Iterable<string>): Selection {
  return {
    series: new Set(choices.excluded),
    documents: new Set(choices.excludedDocuments ?? []),
    otherFiles: !leftOut && (choices.otherFiles ?? false),
    ...(leftOut ? { files: new Set(leftOut) } : {})
  };
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
  /** The dropped files by path (not reactive: they only change with a new pick). */
  files: Record<string, File> = {};
  /** Their headers the indexer kept, for a de-identified share (not reactive either). */
  heads: FileHeads = {};
  private thumbnailsDone: AbortController | null = null;

  /** De-identified copies instead of the files (issue 13). */
  deid = $state.raw(new DeidState());
  readonly selected = $derived(this.index && selectShare(this.index, selectionOf(this, this.deid.enabled ? this.deid.leftOut(this.index) : undefined)));
  readonly multiplePatients = $derived((this.selected?.patients.length ?? 0) > 1);
  readonly pinValid = $derived(this.pin.trim() === '' || PIN_PATTERN.test(this.pin.trim()));
  readonly canShare = $derived(
    this.phase === 'review' &&
      this.identityConfirmed &&
      (this.multiplePatientsConfirmed || !this.multiplePatients) &&
      this.pinValid &&
      (!this.deid.enabled || (this.deid.ready && this.deid.pseudonymValid)) &&
      (this.selected?.files.length ?? 0) > 0
  );

  /** The first instance the share will hold, an image if it has any, for the de-identification preview. */
  readonly firstFile = $derived.by(() => {
    const files = this.selected ? orderFiles(this.selected) : [];
    const first = files.find((f) => f.kind === 'image') ?? files.find((f) => f.kind !== 'directory' && f.kind !== 'file');
    return first ? { path: first.path, file: this.files[first.path] } : null;
  });

  /** Turns the de-identified copy on or off; the first time, every file is read once for it. */
  async deidentify(on: boolean): Promise<void> {
    if (!on || !this.index) {
      this.deid.enabled = false;
      return;
    }
    this.otherFiles = false;
    await this.deid.enable(this.index, this.files, this.heads);
  }

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
      // The review's workers: they index, then do the review's de-identification (deid.close() ends them).
      const workers = indexingWorkers(workerCount(expanded.length));
      this.deid.keepWorkers(workers);
      const { index, heads } = await indexInWorkers(expanded, (p) => (this.indexProgress = p), workers);
      this.files = Object.fromEntries(expanded.map((d) => [d.path, d.file]));
      this.heads = heads;
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
    const job = this.newJob(origin);
    if (job) await this.run(job);
  }

  /** The upload of what the review shows. */
  private newJob(origin: string): UploadJob | null {
    const index = this.selected;
    if (!this.canShare || !index) return null;
    this.error = null;
    this.thumbnailsDone?.abort();
    const deid = this.deid.enabled ? this.deid.request() : undefined;
    const record = newShareRecord(
      index,
      {
        label: this.label.trim(),
        ttlSeconds: this.expiryDays * DAY,
        pin: this.pin.trim() || undefined,
        excluded: [...this.excluded],
        excludedDocuments: [...this.excludedDocuments],
        otherFiles: this.otherFiles,
        ...(deid && this.index
          ? { deid: { ...deid, leftOutFiles: [...this.deid.leftOut(this.index)], sourceFiles: orderFiles(index).map((f) => ({ path: f.path, size: f.size })) } }
          : {})
      },
      s
    );
    const thumbnails = deid && this.index ? thumbnailsWithout(this.index, this.thumbnails, this.deid.leftOut(this.index)) : this.thumbnails;
    // The sharing worker started on the review uploads, with the plan made there for these choices.
    const ahead = deid ? this.deid.takeUpload(index) : null;
    const input = {
      index,
      files: this.files,
      ...(deid ? { heads: this.heads } : {}),
      origin,
      ttlSeconds: record.ttlSeconds,
      label: record.label,
      thumbnails,
      deid
    };
    this.deid.close(); // the review's workers' memory goes before the upload's begins
    return new UploadJob({ ...input, pin: record.pin, uploadKey: loadUploadKey() ?? undefined }, record, ahead?.worker, ahead?.plan);
  }

  private async continueFrom(record: ShareRecord, index: StudyIndex): Promise<void> {
    const selected = selectShare(index, selectionOf(record, record.deid?.leftOutFiles));
    const ordered = orderFiles(selected);
    const expected = record.deid?.sourceFiles ?? record.files;
    const same = ordered.length === expected.length && ordered.every((f, i) => f.path === expected[i].path && f.size === expected[i].size);
    if (!same) {
      this.phase = 'pick';
      this.index = null;
      throw new DisclessError('resume-mismatch', 'These are not the files of the interrupted share.');
    }
    const thumbnails: Record<string, string> = {};
    await makeThumbnails(selected, this.files, (uid, url) => (thumbnails[uid] = url), new AbortController().signal);
    this.resuming = null;
    const deid = record.deid && { pseudonym: record.deid.pseudonym, options: record.deid.options, key: record.deid.key, identifiers: record.deid.identifiers };
    const shown = record.deid ? thumbnailsWithout(index, thumbnails, new Set(record.deid.leftOutFiles)) : thumbnails;
    const input = {
      index: selected,
      files: this.files,
      ...(deid ? { heads: this.heads } : {}),
      origin: new URL(record.link).origin,
      ttlSeconds: record.ttlSeconds,
      label: record.label,
      thumbnails: shown,
      deid
    };
    this.deid.close(); // the indexing workers, kept for a review this continued upload skips
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
    this.heads = {};
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
    this.deid.close();
    this.deid = new DeidState();
  }
}
