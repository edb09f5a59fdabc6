// What the sharing pipeline reads, file by file: the dropped files as they are, or their
// de-identified copies (src/lib/core/deid). Either way the pipeline hashes, seals and uploads the
// bytes this gives, so a de-identified share's manifest holds the SHA-256 of what was shared.
// A de-identified copy is a Blob made of its new header and slices of the dropped file (its Pixel
// Data): nothing is read until the pipeline reads it, in one read per file as a plain share's, with
// the same read-ahead (read-ahead.ts), and its pixels are never copied into this worker's heap.

import { fromBase64url } from '../core/bytes';
import { Deidentifier } from '../core/deid/deidentify';
import { deidentifiedBytes, manifestMark, planShare, renameThumbnails, type DeidPlan } from '../core/deid/plan';
import type { DeidOptions } from '../core/deid/profile';
import { blobSource, type Segment } from '../core/deid/source';
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
  /** The choices the sharing worker was asked to plan for while staff finished the review
   *  (share.worker.ts): its plan is used when they are these. */
  planned?: string;
  /** That plan, in the sharing worker; else it is made when the upload starts. */
  plan?: DeidPlan;
}

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

/** A de-identified share's plan (each file rewritten once), made before the upload is asked for. */
export async function planDeidentified(index: StudyIndex, files: Record<string, File>, deid: DeidRequest): Promise<DeidPlan> {
  return planShare(index, (path) => blobSource(fileOf(files, path)), await deidentifierOf(deid));
}

export async function sharedContent(
  input: { index: StudyIndex; files: Record<string, File>; thumbnails: Record<string, string>; deid?: DeidRequest },
  onProgress?: (done: number, total: number) => void
): Promise<SharedContent> {
  const { index, files, thumbnails, deid } = input;
  if (!deid) {
    const ordered = orderFiles(index);
    return { index, ordered, thumbnails, blobs: ordered.map((f) => fileOf(files, f.path)) };
  }
  const deidentifier = await deidentifierOf(deid);
  const open = (path: string) => blobSource(fileOf(files, path));
  const plan = deid.plan ?? (await planShare(index, open, deidentifier, onProgress));
  const blobs = plan.ordered.map((f, i) => {
    const file = fileOf(files, plan.sources[i]);
    const pieces = plan.pieces[i];
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
