// The viewer page's state: open the share named by the fragment, list its series, pick one, export
// the originals. Decryption runs in the reader worker; decoding in the decode worker.

import type { Manifest, ManifestSeries, ManifestStudy } from '../core/manifest';
import { registerDisclessLoader, disclessImageId } from '../imaging/loader';
import { WorkerClient } from '../workers/rpc';
import type { ExportProgress } from './export-zip';

export interface SeriesEntry {
  study: ManifestStudy;
  series: ManifestSeries;
  imageIds: string[];
}

export class ViewerState {
  phase = $state<'opening' | 'ready' | 'failed'>('opening');
  manifest = $state.raw<Manifest | null>(null);
  selected = $state<string | null>(null);
  exporting = $state<ExportProgress | null>(null);
  /** Whether this browser can stream an export straight into a file (showSaveFilePicker). */
  canSaveToDisk = $state(false);
  error = $state.raw<unknown>(null);
  private reader: WorkerClient | null = null;

  readonly series = $derived<SeriesEntry[]>(
    (this.manifest?.studies ?? []).flatMap((study) =>
      study.series
        .map((series) => ({ study, series, imageIds: this.imageIdsOf(series) }))
        .filter((entry) => entry.imageIds.length > 0)
    )
  );
  readonly current = $derived(this.series.find((s) => s.series.uid === this.selected) ?? null);

  private imageIdsOf(series: ManifestSeries): string[] {
    const files = this.manifest?.files ?? [];
    return series.files.flatMap((i) => {
      const frames = files[i].image?.frames ?? 0;
      return Array.from({ length: frames }, (_, frame) => disclessImageId(String(i), frame));
    });
  }

  async open(fragment: string): Promise<void> {
    this.phase = 'opening';
    this.error = null;
    this.canSaveToDisk = 'showSaveFilePicker' in globalThis;
    this.reader?.terminate();
    this.reader = new WorkerClient(new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module' }));
    try {
      const reader = this.reader;
      await registerDisclessLoader((fileKey) => reader.call<ArrayBuffer>('readFile', Number(fileKey)));
      this.manifest = await reader.call<Manifest>('open', fragment);
      this.selected = this.series[0]?.series.uid ?? null;
      this.phase = 'ready';
    } catch (error) {
      this.error = error;
      this.phase = 'failed';
    }
  }

  select(uid: string): void {
    this.selected = uid;
  }

  /** toDisk: into a file the user picks, streamed, so no memory holds the study (File System Access
   *  API, Chromium); otherwise a download, which the browser holds until it is saved. */
  async exportZip(toDisk = false): Promise<void> {
    if (!this.reader || this.exporting) return;
    this.error = null;
    this.exporting = { done: 0, total: this.manifest?.files.length ?? 0 };
    try {
      const target = toDisk ? await pickZipFile(`${this.zipName()}.zip`) : null;
      if (toDisk && !target) return;
      const zip = await this.reader.call<Blob | null>('exportZip', target, { onEvent: (p) => (this.exporting = p as ExportProgress) });
      if (!zip) return;
      const url = URL.createObjectURL(zip);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${this.zipName()}.zip`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.error = error;
    } finally {
      this.exporting = null;
    }
  }

  /** No patient name in the file name: downloads folders are often shared or synced. */
  private zipName(): string {
    const study = this.manifest?.studies[0];
    return ['dicom', study?.date, study?.modalities.join('-')].filter(Boolean).join('-');
  }

  close(): void {
    this.reader?.terminate();
    this.reader = null;
  }
}

/** The user's choice of file, or null if they cancelled the dialog. */
async function pickZipFile(suggestedName: string): Promise<FileSystemFileHandle | null> {
  const scope = globalThis as unknown as { showSaveFilePicker(options: object): Promise<FileSystemFileHandle> };
  try {
    return await scope.showSaveFilePicker({ suggestedName, types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }] });
  } catch (error) {
    if ((error as Error).name === 'AbortError') return null;
    throw error;
  }
}
