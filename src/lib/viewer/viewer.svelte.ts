// The viewer page's state: open the share named by the fragment, list its series, pick one, export
// the originals. Decryption runs in the reader worker; decoding in the decode worker.

import type { Manifest, ManifestSeries, ManifestStudy } from '../core/manifest';
import { registerDisclessLoader, disclessImageId } from '../imaging/loader';
import { WorkerClient } from '../workers/rpc';
import type { ExportProgress } from './export-zip';
import type { OpenResult } from './reader.worker';

export interface SeriesEntry {
  study: ManifestStudy;
  series: ManifestSeries;
  imageIds: string[];
}

/** A wrong PIN, with how many more the share takes before it locks. */
export interface WrongPin {
  code: 'wrong-pin';
  attemptsLeft: number | null;
}

// A PIN the viewer still has to check; the store is not asked about input that cannot be a PIN.
const SOME_PIN = /^[0-9]{4,12}$/;

export class ViewerState {
  phase = $state<'opening' | 'pin' | 'unlocking' | 'ready' | 'failed'>('opening');
  manifest = $state.raw<Manifest | null>(null);
  selected = $state<string | null>(null);
  exporting = $state<ExportProgress | null>(null);
  error = $state.raw<unknown>(null);
  private reader: WorkerClient | null = null;
  private fragment = '';

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
    this.fragment = fragment;
    this.reader?.terminate();
    this.reader = new WorkerClient(new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module' }));
    try {
      const reader = this.reader;
      await registerDisclessLoader((fileKey) => reader.call<ArrayBuffer>('readFile', Number(fileKey)));
      this.show(await reader.call<OpenResult>('open', { fragment }));
    } catch (error) {
      this.error = error;
      this.phase = 'failed';
    }
  }

  /** Tries a PIN. A wrong or malformed one keeps the PIN form up with the reason; `locked` ends it. */
  async unlock(pin: string): Promise<void> {
    if (!this.reader || this.phase !== 'pin') return;
    if (!SOME_PIN.test(pin)) {
      this.error = { code: 'bad-pin' };
      return;
    }
    this.phase = 'unlocking';
    this.error = null;
    try {
      this.show(await this.reader.call<OpenResult>('open', { fragment: this.fragment, pin }));
    } catch (error) {
      this.error = error;
      this.phase = 'failed';
    }
  }

  private show(result: OpenResult): void {
    if (result.kind === 'pin') {
      this.error = result.wrong ? ({ code: 'wrong-pin', attemptsLeft: result.attemptsLeft } satisfies WrongPin) : null;
      this.phase = 'pin';
      return;
    }
    this.manifest = result.manifest as Manifest;
    this.selected = this.series[0]?.series.uid ?? null;
    this.phase = 'ready';
  }

  select(uid: string): void {
    this.selected = uid;
  }

  async exportZip(): Promise<void> {
    if (!this.reader || this.exporting) return;
    this.error = null;
    this.exporting = { done: 0, total: this.manifest?.files.length ?? 0 };
    try {
      const zip = await this.reader.call<Blob>('exportZip', null, { onEvent: (p) => (this.exporting = p as ExportProgress) });
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
