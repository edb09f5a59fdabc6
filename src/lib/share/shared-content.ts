// What the sharing pipeline reads, file by file: the dropped files as they are, or their
// de-identified copies (src/lib/core/deid). Either way the pipeline hashes, seals and uploads the
// bytes this gives, so a de-identified share's manifest holds the SHA-256 of what was shared.

import { fromBase64url } from '../core/bytes';
import { Deidentifier } from '../core/deid/deidentify';
import { deidentifiedBytes, manifestMark, planShare, renameThumbnails, type DeidPlan } from '../core/deid/plan';
import type { DeidOptions } from '../core/deid/profile';
import { blobSource } from '../core/deid/source';
import type { StudyIndex } from '../core/dicom/study-index';
import { DisclessError } from '../core/errors';
import type { ManifestDeidentification } from '../core/manifest';
import { orderFiles, type SharedFile } from '../core/share-plan';

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
  /** The bytes of file i in share order. */
  read(i: number): AsyncGenerator<Uint8Array>;
}

function fileOf(files: Record<string, File>, path: string): File {
  const file = files[path];
  if (!file) throw new DisclessError('file-missing', `The file ${path} is no longer available.`);
  return file;
}

async function* streamed(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
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
    return { index, ordered, thumbnails, read: (i) => streamed(fileOf(files, ordered[i].path)) };
  }
  const deidentifier = await deidentifierOf(deid);
  const open = (path: string) => blobSource(fileOf(files, path));
  const plan = deid.plan ?? (await planShare(index, open, deidentifier, onProgress));
  return {
    index: plan.index,
    ordered: plan.ordered,
    thumbnails: renameThumbnails(deidentifier, thumbnails),
    deidentified: manifestMark(deid.options),
    read: (i) => deidentifiedBytes(deidentifier, open(plan.sources[i]), plan.ordered[i].size, plan.pieces[i])
  };
}
