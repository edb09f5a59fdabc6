// What the sharing pipeline reads, file by file: the dropped files as they are, or their
// de-identified copies (src/lib/core/deid). Either way the pipeline hashes, seals and uploads the
// bytes this gives, so a de-identified share's manifest holds the SHA-256 of what was shared.
// A de-identified copy is a Blob made of its new header and slices of the dropped file (its Pixel
// Data): nothing is read until the pipeline reads it, in one read per file as a plain share's, with
// the same read-ahead (read-ahead.ts), and its pixels are never copied into this worker's heap.

import { fromBase64url } from '../core/bytes';
import { Deidentifier } from '../core/deid/deidentify';
import { assemblePlan, deidentifiedBytes, filesToPlan, manifestMark, planFiles, planShare, renameThumbnails, type DeidPlan, type PlannedFile } from '../core/deid/plan';
import type { DeidOptions } from '../core/deid/profile';
import { blobSource, heldSource, type FileHeads, type Segment } from '../core/deid/source';
import type { StudyIndex } from '../core/dicom/study-index';
import { DisclessError } from '../core/errors';
import type { ManifestDeidentification } from '../core/manifest';
import { orderFiles, type SharedFile } from '../core/share-plan';
import type { SharedBlob } from './read-ahead';

/** What staff chose on the review for a de-identified share (kept in the share history to resume). */
export interface DeidRequest {
  pseudonym: string;
  options: DeidOptions;
  /** base64url of the share's 32-byte de-identification key. */
  key: string;
  /** The identifiers the review's survey found, blanked wherever text is kept. */
  identifiers: string[];
  /** The plan the review made ahead for these choices (src/lib/sender/deid.svelte.ts); else the
   *  sharing worker makes it when the upload starts. */
  plan?: DeidPlan<Copy>;
}

/** A planned copy: its pieces, or (planned on the review, planPart) the Blob of them. */
export type Copy = Segment[] | Blob | null;

export interface SharedContent {
  index: StudyIndex;
  ordered: SharedFile[];
  thumbnails: Record<string, string>;
  deidentified?: ManifestDeidentification;
  /** Each file as shared, in share order. */
  blobs: SharedBlob[];
}

function fileOf(files: Record<string, File>, path: string): File {
  const file = files[path];
  if (!file) throw new DisclessError('file-missing', `The file ${path} is no longer available.`);
  return file;
}

/** A file's bytes made when they are read: a copy whose header is too large to have been held. */
function lazyBlob(size: number, bytes: () => AsyncGenerator<Uint8Array>): SharedBlob {
  return {
    size,
    arrayBuffer: async () => {
      const parts: BlobPart[] = [];
      for await (const b of bytes()) parts.push(b as BlobPart);
      return new Blob(parts).arrayBuffer();
    },
    stream: () => {
      const it = bytes();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await it.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        cancel: () => void it.return(undefined)
      });
    }
  };
}

/** The planned copy: its held bytes, and the slices of `file` that stay as they are. */
function sharedBlob(file: File, pieces: Segment[]): Blob {
  return new Blob(pieces.map((s) => (s instanceof Uint8Array ? (s as BlobPart) : file.slice(s.from, s.to))));
}

function deidentifierOf(deid: DeidRequest): Promise<Deidentifier> {
  return Deidentifier.create({ pseudonym: deid.pseudonym, options: deid.options, key: fromBase64url(deid.key) }, deid.identifiers);
}

/** A part of a plan: consecutive files, from position `first` among all those planned. */
export interface PlanPart {
  paths: string[];
  first: number;
  files: Record<string, File>;
  /** The headers of those files the indexer kept (not all, past its budget). */
  heads: FileHeads;
  deid: DeidRequest;
}

/** A file to rewrite, with its header from memory where the indexer kept it. */
const opener = (files: Record<string, File>, heads: FileHeads) => (path: string) => heldSource(fileOf(files, path), heads[path]);

/**
 * Plans one part, in whichever worker is asked (the same settings give the same bytes anywhere), with
 * each copy's Blob made here: making 600 of them took 150 ms, which would otherwise fall between
 * Share and the first byte sent; passing them on to the sharing worker takes 5 ms.
 */
export async function planPart({ paths, first, files, heads, deid }: PlanPart): Promise<PlannedFile<Copy>[]> {
  const planned = await planFiles(paths, first, opener(files, heads), await deidentifierOf(deid));
  return planned.map((p) => ({ ...p, pieces: Array.isArray(p.pieces) ? sharedBlob(fileOf(files, p.source), p.pieces) : p.pieces }));
}

/**
 * A de-identified share's plan (each file rewritten once), made on the review before the upload is
 * asked for. Each file's plan is some work on its head, file after file: each of `planners` (the
 * review's workers, or `planPart` in this thread) takes an equal run of the files, which on the
 * review's two cores halves the time staff would otherwise wait after clicking Share.
 */
export async function planDeidentified(
  index: StudyIndex,
  files: Record<string, File>,
  heads: FileHeads,
  deid: DeidRequest,
  planners: ((part: PlanPart) => Promise<PlannedFile<Copy>[]>)[]
): Promise<DeidPlan<Copy>> {
  const paths = filesToPlan(index).map((f) => f.path);
  const size = Math.ceil(paths.length / planners.length);
  const part = (k: number): PlanPart => {
    const mine = paths.slice(k * size, (k + 1) * size);
    return {
      paths: mine,
      first: k * size,
      files: Object.fromEntries(mine.map((p) => [p, fileOf(files, p)])),
      heads: Object.fromEntries(mine.filter((p) => heads[p]).map((p) => [p, heads[p]])),
      deid
    };
  };
  const parts = await Promise.all(planners.map((plan, k) => plan(part(k))));
  return assemblePlan(index, parts.flat());
}

export async function sharedContent(
  input: { index: StudyIndex; files: Record<string, File>; heads?: FileHeads; thumbnails: Record<string, string>; deid?: DeidRequest },
  onProgress?: (done: number, total: number) => void
): Promise<SharedContent> {
  const { index, files, thumbnails, deid } = input;
  if (!deid) {
    const ordered = orderFiles(index);
    return { index, ordered, thumbnails, blobs: ordered.map((f) => fileOf(files, f.path)) };
  }
  const deidentifier = await deidentifierOf(deid);
  const plan = deid.plan ?? (await planShare(index, opener(files, input.heads ?? {}), deidentifier, onProgress));
  const blobs = plan.ordered.map((f, i) => {
    const file = fileOf(files, plan.sources[i]);
    const pieces = plan.pieces[i];
    if (pieces instanceof Blob) return pieces;
    return pieces ? sharedBlob(file, pieces) : lazyBlob(f.size, () => deidentifiedBytes(deidentifier, blobSource(file), f.size));
  });
  return {
    index: plan.index,
    ordered: plan.ordered,
    thumbnails: renameThumbnails(deidentifier, thumbnails),
    deidentified: manifestMark(deid.options),
    blobs
  };
}
