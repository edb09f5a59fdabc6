// The review's de-identification: the choices staff make (pseudonym, options, images to include
// after looking at them), the survey of the files (what may show the patient's name in its pixels,
// what cannot be rewritten) and the before-and-after of the first file. The work runs in an indexing
// worker; the rules are src/lib/core/deid.

import { randomBytes, toBase64url } from '../core/bytes';
import { burnedInRisk } from '../core/deid/burned-in';
import type { Change } from '../core/deid/dataset';
import type { FileHeads } from '../core/deid/source';
import { PSEUDONYM, type DeidSettings } from '../core/deid/deidentify';
import { mergeSurveys, type DeidPlan, type PlannedFile, type Survey } from '../core/deid/plan';
import { DEFAULT_OPTIONS, type DeidOptions } from '../core/deid/profile';
import type { IndexedFile } from '../core/dicom/index-file';
import type { StudyIndex } from '../core/dicom/study-index';
import { orderFiles } from '../core/share-plan';
import { planDeidentified, type Copy, type DeidRequest, type PlanPart } from '../share/shared-content';
import { indexingWorkers, workerCount } from '../indexing/pool';
import type { WorkerClient } from '../workers/rpc';
import { sharingWorker } from './upload-job.svelte';

/** Why a file of the review does not go into a de-identified share as it is. */
export type Risk = 'image' | 'document' | 'failed';

export interface RiskyFile {
  file: IndexedFile;
  risk: Risk;
  /** For 'failed': what the rewriter said. */
  reason?: string;
}

/**
 * Series thumbnails for a de-identified share: a series with any file left out keeps none, since its
 * thumbnail may be of an image that shows the patient's name.
 */
export function thumbnailsWithout(index: StudyIndex, thumbnails: Record<string, string>, leftOut: ReadonlySet<string>): Record<string, string> {
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  const risky = new Set(series.filter((r) => r.files.some((f) => leftOut.has(f.path))).map((r) => r.seriesUid));
  return Object.fromEntries(Object.entries(thumbnails).filter(([uid]) => !risky.has(uid)));
}

export class DeidState {
  enabled = $state(false);
  pseudonym = $state('');
  options = $state<DeidOptions>({ ...DEFAULT_OPTIONS });
  /** Paths of images that may show the patient's name, which staff looked at and chose to include. */
  included = $state<string[]>([]);
  survey = $state.raw<Survey | null>(null);
  surveyed = $state(0);
  thumbnails = $state.raw<Record<string, string>>({});
  preview = $state.raw<{ path: string; changes: Change[] } | null>(null);
  /** The share planned ahead on the review's workers, for the choices it names (see planAhead). */
  private plan: { choices: string; plan: Promise<DeidPlan<Copy> | null> } | null = null;
  /** The sharing worker that will upload, started with the review's workers (see takeUpload). */
  private sharing: WorkerClient | null = null;
  /** The plan the upload took, still being made on the review's workers, perhaps. */
  private taken: Promise<DeidPlan<Copy> | null> | null = null;
  error = $state.raw<unknown>(null);
  /** The share's key: drawn once, so the preview shows the UIDs and dates the share will have. */
  private key = randomBytes(32);
  /** The indexing workers, kept for the review (keepWorkers): they survey the files, show the preview
   *  and plan the share, so none is started when de-identification is ticked, and the plan runs where
   *  the survey's rewriting is compiled already. The first makes the previews. */
  private workers: WorkerClient[] = [];
  private previewRun = 0;

  readonly pseudonymValid = $derived(PSEUDONYM.test(this.pseudonym.trim()));
  readonly ready = $derived(this.survey !== null);

  /** Files that cannot go as they are, in review order. */
  risky(index: StudyIndex): RiskyFile[] {
    const survey = this.survey;
    if (!survey) return [];
    const byPath = new Map(survey.files.map((f) => [f.path, f]));
    return orderFiles(index).flatMap((f): RiskyFile[] => {
      if (f.kind === 'file' || f.kind === 'directory') return [];
      const s = byPath.get(f.path);
      if (!s) return [];
      if (s.error) return [{ file: f, risk: 'failed', reason: s.error }];
      const risk = burnedInRisk(f, s.burnedIn);
      return risk ? [{ file: f, risk }] : [];
    });
  }

  /** Paths a de-identified share leaves out: every DICOMDIR, and the risky files staff did not include. */
  leftOut(index: StudyIndex): Set<string> {
    const included = new Set(this.included);
    return new Set([
      ...index.files.filter((f) => f.kind === 'directory').map((f) => f.path),
      ...this.risky(index)
        .filter((r) => r.risk !== 'image' || !included.has(r.file.path))
        .map((r) => r.file.path)
    ]);
  }

  include(path: string, yes: boolean): void {
    this.included = yes ? [...new Set([...this.included, path])] : this.included.filter((p) => p !== path);
  }

  /** The indexing workers, which this ends (close). */
  keepWorkers(workers: WorkerClient[]): void {
    this.workers = workers;
  }

  /** Turns de-identification on and reads every DICOM file once (identifiers, burned-in text). */
  async enable(index: StudyIndex, files: Record<string, File>, heads: FileHeads): Promise<void> {
    this.enabled = true;
    if (this.survey || this.sharing) return;
    const dicom = index.files.filter((f) => f.kind !== 'directory').map((f) => ({ path: f.path, file: files[f.path], head: heads[f.path] }));
    // The files are read in contiguous parts by the workers that indexed them, then merged in order.
    if (!this.workers.length) this.workers = indexingWorkers(workerCount(dicom.length));
    const count = this.workers.length;
    const size = Math.ceil(dicom.length / count);
    this.sharing = sharingWorker();
    const done = new Array<number>(count).fill(0);
    try {
      const parts = await Promise.all(
        this.workers.map((worker, k) =>
          worker.call<Survey>('deid-survey', dicom.slice(k * size, (k + 1) * size), {
            onEvent: (n) => {
              done[k] = n as number;
              this.surveyed = done.reduce((a, b) => a + b, 0);
            }
          })
        )
      );
      this.survey = mergeSurveys(parts);
      await this.makeThumbnails(index, files);
    } catch (error) {
      this.error = error;
    }
  }

  /** The worker of the previews and thumbnails, once enabled. */
  private get worker(): WorkerClient | null {
    return this.workers[0] ?? null;
  }

  private async makeThumbnails(index: StudyIndex, files: Record<string, File>) {
    for (const { file, risk } of this.risky(index)) {
      if (risk !== 'image' || !this.worker) continue;
      const frame = Math.floor(((file.instance?.frames ?? 1) - 1) / 2);
      const url = await this.worker.call<string | null>('thumbnail', { file: files[file.path], frame }).catch(() => null);
      if (url) this.thumbnails = { ...this.thumbnails, [file.path]: url };
    }
  }

  settings(): DeidSettings {
    return { pseudonym: this.pseudonym.trim(), options: { ...this.options }, key: this.key };
  }

  /** The first file of the share before and after; a newer call makes an older one's answer moot. */
  async refreshPreview(file: { path: string; file: File } | null): Promise<void> {
    const run = ++this.previewRun;
    if (!file || !this.survey || !this.worker || !this.pseudonymValid) {
      this.preview = null;
      return;
    }
    try {
      const changes = await this.worker.call<Change[]>('deid-preview', { file: file.file, settings: this.settings(), identifiers: this.survey.identifiers });
      if (run === this.previewRun) this.preview = { path: file.path, changes };
    } catch (error) {
      if (run === this.previewRun) this.error = error;
    }
  }

  /** What the sharing worker needs, and the share history keeps to continue the upload. */
  request(): DeidRequest {
    const s = this.settings();
    return { pseudonym: s.pseudonym, options: s.options, key: toBase64url(s.key), identifiers: this.survey?.identifiers ?? [] };
  }

  /** Everything a plan depends on: the settings, the identifiers and the files it covers. */
  private choices(selected: StudyIndex): string {
    const { pseudonym, options } = this.settings();
    return JSON.stringify([pseudonym, options, this.survey?.identifiers, selected.files.map((f) => f.path)]);
  }

  /**
   * Plans the share in the background while staff finish the review (each file rewritten once), on
   * the review's workers, so that the upload starts at once. A change of choice plans again; a plan
   * for other choices than those at the moment of sharing is not used.
   */
  planAhead(selected: StudyIndex | null, files: Record<string, File>, heads: FileHeads): void {
    if (!selected || !this.survey || !this.pseudonymValid || !this.workers.length) return;
    const choices = this.choices(selected);
    if (this.plan?.choices === choices) return;
    const wanted = Object.fromEntries(selected.files.map((f) => [f.path, files[f.path]]));
    const held = Object.fromEntries(selected.files.filter((f) => heads[f.path]).map((f) => [f.path, heads[f.path]]));
    const planners = this.workers.map((worker) => (part: PlanPart) => worker.call<PlannedFile<Copy>[]>('deid-plan-part', part));
    // A plan that fails is made again by the upload, which then says what is wrong.
    this.plan = { choices, plan: planDeidentified(selected, wanted, held, this.request(), planners).catch(() => null) };
  }

  /**
   * What the upload of `selected` takes over: the sharing worker started with the review, and the
   * plan if it is for exactly these choices (still being made, perhaps).
   */
  takeUpload(selected: StudyIndex): { worker: WorkerClient | null; plan: Promise<DeidPlan<Copy> | null> | null } {
    const plan = this.plan?.choices === this.choices(selected) ? this.plan.plan : null;
    const worker = this.sharing;
    this.sharing = null;
    this.taken = plan;
    return { worker, plan };
  }

  close(): void {
    const workers = this.workers;
    this.workers = [];
    this.sharing?.terminate();
    this.sharing = null;
    // A plan the upload took is still being made on these workers: they end once it is.
    void (this.taken ?? Promise.resolve()).finally(() => workers.forEach((w) => w.terminate()));
    this.taken = null;
    this.plan = null;
  }
}
