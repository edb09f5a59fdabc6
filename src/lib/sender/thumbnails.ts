// Thumbnails for the review and the manifest, made one series after another in one indexing worker
// once the review is on screen. A thumbnail that cannot be made is simply missing: it must never
// hold up or fail a share.

import type { SeriesSummary, StudyIndex } from '../core/dicom/study-index';
import { WorkerClient } from '../workers/rpc';

/** The image in the middle of the series, or the middle frame of a lone multi-frame image. */
export function middleImage(series: SeriesSummary): { path: string; frame: number } | null {
  const images = series.files.filter((f) => f.kind === 'image' && f.instance);
  if (images.length === 0) return null;
  const file = images[Math.floor((images.length - 1) / 2)];
  return { path: file.path, frame: images.length === 1 ? Math.floor((file.instance!.frames - 1) / 2) : 0 };
}

export async function makeThumbnails(
  index: StudyIndex,
  files: Record<string, File>,
  onThumbnail: (seriesUid: string, url: string) => void,
  signal: AbortSignal
): Promise<void> {
  const worker = new WorkerClient(new Worker(new URL('../indexing/index.worker.ts', import.meta.url), { type: 'module' }), 'Thumbnails');
  signal.addEventListener('abort', () => worker.terminate());
  try {
    for (const series of index.patients.flatMap((p) => p.studies.flatMap((s) => s.series))) {
      const middle = middleImage(series);
      if (!middle || signal.aborted) continue;
      const url = await worker.call<string | null>('thumbnail', { file: files[middle.path], frame: middle.frame }).catch(() => null);
      if (url && !signal.aborted) onThumbnail(series.seriesUid, url);
    }
  } finally {
    worker.terminate();
  }
}
