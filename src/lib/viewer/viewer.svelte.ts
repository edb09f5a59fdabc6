// The viewer page's state: open the share named by the fragment, list its series, pick one, export
// the originals. Decryption runs in the reader worker; decoding in the decode worker.

import type { DicomDocument } from '../core/dicom/documents';
import type { OrientationMarkers, TagRow } from '../core/dicom/tags';
import type { Manifest, ManifestSeries, ManifestStudy } from '../core/manifest';
import { registerDisclessLoader, disclessImageId } from '../imaging/loader';
import { OfflineCopy } from '../offline/offline-copy.svelte';
import { WorkerClient } from '../workers/rpc';
import { offerStreamedDownload, type StreamedDownload } from './download-stream';
import type { ExportProgress, ExportTarget } from './export-zip';
import { fileOrder } from './fetch-order';
import type { OpenResult } from './reader.worker';
import { shareContents } from './contents';
import { m } from '../i18n';

export interface SeriesEntry {
  study: ManifestStudy;
  series: ManifestSeries;
  imageIds: string[];
  /** Per image id, the manifest's file that holds it. */
  files: number[];
  /** Per image id, for the overlay. */
  sliceLocations: (number | null)[];
  /** The series' files that hold no image, shown as a list with their tags. */
  objects: number[];
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
  /** Whether this browser can stream an export straight into a file (showSaveFilePicker). */
  canSaveToDisk = $state(false);
  error = $state.raw<unknown>(null);
  private reader: WorkerClient | null = null;
  private fragment = '';

  private readonly contents = $derived(this.manifest ? shareContents(this.manifest) : null);
  /** Every series, those of objects without pixels too; series of documents only are documents. */
  readonly series = $derived<SeriesEntry[]>(
    (this.contents?.series ?? []).map(({ study, series, frames, objects }) => ({
      study,
      series,
      imageIds: frames.map(({ file, frame }) => disclessImageId(String(file), frame)),
      files: frames.map((f) => f.file),
      sliceLocations: frames.map((f) => f.sliceLocation),
      objects
    }))
  );
  /** Reports, PDFs, key images, presentation states…, and objects of no series. */
  readonly documents = $derived(this.contents?.documents ?? []);
  /** How many files of the disc that are not DICOM the download holds. */
  readonly carried = $derived(this.contents?.carried ?? 0);
  openDocument = $state.raw<(DicomDocument & { index: number }) | null>(null);
  offline = $state.raw<OfflineCopy | null>(null);
  readonly current = $derived(this.series.find((s) => s.series.uid === this.selected) ?? null);

  /** The share's image files in the order to fetch them when series `uid` is shown from its middle. */
  private fetchOrder(uid: string | null): number[] {
    return fileOrder(
      this.series.map((entry) => entry.files),
      this.series.findIndex((entry) => entry.series.uid === uid)
    );
  }

  async open(fragment: string): Promise<void> {
    this.phase = 'opening';
    this.error = null;
    this.canSaveToDisk = 'showSaveFilePicker' in globalThis;
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
    this.selected = (this.series.find((s) => s.imageIds.length) ?? this.series[0])?.series.uid ?? null;
    this.phase = 'ready';
    this.offline = new OfflineCopy(this.reader!);
    void this.offline.keep(this.fetchOrder(this.selected));
  }

  /** Shows series `uid`; what is still to be kept offline is fetched from its middle first. */
  select(uid: string): void {
    this.selected = uid;
    this.openDocument = null;
    this.reader?.call('prioritise', this.fetchOrder(uid)).catch(() => {});
  }

  /** Every element of file `index`, and its orientation letters, read in the reader worker. */
  readTags = (index: number): Promise<{ rows: TagRow[]; markers: OrientationMarkers | null }> => {
    if (!this.reader) return Promise.reject(new Error('The share is not open.'));
    return this.reader.call('readTags', index);
  };

  /** The original bytes of file `index`, checked, for sending to a PACS (src/lib/pacs). */
  readOriginal = async (index: number): Promise<Uint8Array> => {
    if (!this.reader) throw new Error('The share is not open.');
    return new Uint8Array(await this.reader.call<ArrayBuffer>('readOriginal', index));
  };

  async showDocument(index: number): Promise<void> {
    if (!this.reader) return;
    try {
      this.openDocument = { ...(await this.reader.call<DicomDocument>('readDocument', index)), index };
    } catch (error) {
      this.error = error;
    }
  }

  /** toDisk: into a file the user picks (File System Access API, Chromium). Otherwise a download:
   *  streamed to disk through the service worker when one controls the page, else a Blob, which the
   *  browser holds until it is saved. */
  async exportZip(toDisk = false): Promise<void> {
    if (!this.reader || this.exporting) return;
    this.error = null;
    this.exporting = { phase: 'writing', done: 0, total: this.manifest?.files.length ?? 0 };
    const name = `${this.zipName()}.zip`;
    let streamed: StreamedDownload | null = null;
    try {
      let target: ExportTarget = null;
      if (toDisk) {
        target = await pickZipFile(name);
        if (!target) return;
      } else {
        streamed = await offerStreamedDownload(name);
        target = streamed?.port ?? null;
      }
      let started = false;
      const onEvent = (p: ExportProgress) => {
        // The first 'writing' of a streamed download: the service worker holds the stream.
        if (streamed && !started && p.phase === 'writing') {
          started = true;
          streamed.start();
        }
        this.exporting = p;
      };
      const zip = await this.reader.call<Blob | null>('exportZip', target, {
        transfer: streamed ? [streamed.port] : [],
        onEvent: (p) => onEvent(p as ExportProgress)
      });
      if (zip) download(zip, name);
    } catch (error) {
      this.error = error;
    } finally {
      streamed?.end();
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

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The user's choice of file, or null if they cancelled the dialog. */
async function pickZipFile(suggestedName: string): Promise<FileSystemFileHandle | null> {
  const scope = globalThis as unknown as { showSaveFilePicker(options: object): Promise<FileSystemFileHandle> };
  try {
    return await scope.showSaveFilePicker({ suggestedName, types: [{ description: m.export_zip_type(), accept: { 'application/zip': ['.zip'] } }] });
  } catch (error) {
    if ((error as Error).name === 'AbortError') return null;
    throw error;
  }
}
