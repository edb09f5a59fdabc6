// Indexes a drop with a few indexing workers at once, so a 2,000-file CD uses every core while the
// page stays responsive. Batches are handed out as workers free up and merged back in drop order, so
// the same drop always gives the same index (a resumed upload depends on it).

import type { FileHeads } from '../core/deid/source';
import { StudyIndexBuilder, type StudyIndex } from '../core/dicom/study-index';
import { WorkerClient } from '../workers/rpc';
import type { DroppedFile, IndexedBatch, IndexProgress } from './index-files';

export const BATCH_FILES = 50;

/** The headers kept for de-identification (index-files.ts, keptHead), at most: 5,000 CT slices of the
 *  benchmark's (6 KiB each), fewer MR images with large private data; files past it are read again. */
export const KEPT_HEADS_BUDGET = 32 * 1024 * 1024;

export interface IndexedDrop {
  index: StudyIndex;
  heads: FileHeads;
}

/** Indexes one batch in some worker; `onDone` gets the count of files finished since its last call. */
export type BatchIndexer = (files: DroppedFile[], onDone: (newlyDone: number) => void) => Promise<IndexedBatch>;

export function workerCount(files: number, cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(4, cores, Math.ceil(files / BATCH_FILES)));
}

export async function indexInPool(
  dropped: DroppedFile[],
  onProgress: (p: IndexProgress) => void,
  indexers: BatchIndexer[],
  headsBudget = KEPT_HEADS_BUDGET
): Promise<IndexedDrop> {
  const batches: DroppedFile[][] = [];
  for (let at = 0; at < dropped.length; at += BATCH_FILES) batches.push(dropped.slice(at, at + BATCH_FILES));
  const results: IndexedBatch[] = new Array(batches.length);
  const started = Date.now();
  let done = 0;
  const onDone = (n: number) => {
    done += n;
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    onProgress({ done, total: dropped.length, perSecond: Math.round(done / seconds) });
  };
  let next = 0;
  await Promise.all(
    indexers.map(async (index) => {
      while (next < batches.length) {
        const mine = next++;
        results[mine] = await index(batches[mine], onDone);
      }
    })
  );
  const builder = new StudyIndexBuilder();
  const heads: FileHeads = {};
  let kept = 0;
  for (const batch of results) {
    batch.files.forEach((f) => builder.add(f));
    batch.skipped.forEach((s) => builder.skip(s));
    for (const [path, head] of Object.entries(batch.heads)) {
      if (kept + head.length > headsBudget) break;
      heads[path] = head;
      kept += head.length;
    }
  }
  return { index: builder.build(), heads };
}

/** Indexing workers for the browser's pool (index.worker.ts). Whoever starts them ends them: the
 *  staff page keeps them for the review, whose de-identification runs in them (deid.svelte.ts). */
export function indexingWorkers(count: number): WorkerClient[] {
  return Array.from({ length: count }, () => new WorkerClient(new Worker(new URL('./index.worker.ts', import.meta.url), { type: 'module' }), 'Reading the files'));
}

/** The browser's pool: `clients` (indexingWorkers), one batch at a time each. */
export function indexInWorkers(dropped: DroppedFile[], onProgress: (p: IndexProgress) => void, clients: WorkerClient[]): Promise<IndexedDrop> {
  const indexers = clients.map((client): BatchIndexer => (files, onDone) => client.call('index', files, { onEvent: (n) => onDone(n as number) }));
  return indexInPool(dropped, onProgress, indexers);
}
