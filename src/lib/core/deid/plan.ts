// A de-identified share, file by file: the survey the review needs (identifiers, burned-in
// annotation, files that cannot be rewritten), the plan the upload needs (every file rewritten once
// to learn its size and index it as it will be shared), and the bytes themselves, rewritten again
// as they are read. Nothing but the small rewritten headers is ever held in memory.

import { DisclessError } from '../errors';
import { indexFile, indexHead, type IndexedFile } from '../dicom/index-file';
import { StudyIndexBuilder, type StudyIndex } from '../dicom/study-index';
import type { ManifestDeidentification } from '../manifest';
import { orderFiles } from '../share-plan';
import { Deidentifier } from './deidentify';
import { DEFAULT_OPTIONS, methodCodes, methodText, type DeidOptions } from './profile';
import { materialize, withHead, type ByteSource } from './source';

export interface SurveyedFile {
  path: string;
  /** Burned In Annotation (0028,0301) as written, '' when absent. */
  burnedIn: string;
  /** Why the file cannot be de-identified, when it cannot. */
  error?: string;
}

export interface Survey {
  /** The names, IDs and dates Clean (C) blanks in text that stays (see Scrubber). */
  identifiers: string[];
  files: SurveyedFile[];
}

/** Reads every file once: what identifies the patient, and what each file's pixels may show. */
export async function surveyFiles(files: { path: string; source: ByteSource }[], onProgress?: (done: number) => void): Promise<Survey> {
  const deid = await Deidentifier.create({ pseudonym: 'SURVEY', options: DEFAULT_OPTIONS, key: new Uint8Array(32) });
  const surveyed: SurveyedFile[] = [];
  for (const [i, { path, source }] of files.entries()) {
    try {
      surveyed.push({ path, burnedIn: await deid.collect(await withHead(source)) });
    } catch (e) {
      surveyed.push({ path, burnedIn: '', error: e instanceof Error ? e.message : String(e) });
    }
    onProgress?.(i + 1);
  }
  return { identifiers: deid.scrubber.list(), files: surveyed };
}

export function manifestMark(options: DeidOptions): ManifestDeidentification {
  return { method: methodText(options), codes: methodCodes(options).map((c) => c.code) };
}

export interface DeidPlan {
  /** The study as it will be shared: indexed from the rewritten files themselves. */
  index: StudyIndex;
  /** Files in share order, with neutral paths (DEIDENTIFIED/nnnnn) and their new sizes. */
  ordered: IndexedFile[];
  /** The path of each ordered file in the sender's folder. */
  sources: string[];
  thumbnails: Record<string, string>;
}

/**
 * Rewrites every DICOM file of `index` (DICOMDIRs do not go) once and indexes the result, so that the
 * manifest describes exactly what is shared. `thumbnails` are by original series UID; each goes with
 * its series under the series' new UID.
 */
export async function planShare(
  index: StudyIndex,
  open: (path: string) => ByteSource,
  deid: Deidentifier,
  thumbnails: Readonly<Record<string, string>> = {},
  onProgress?: (done: number, total: number) => void
): Promise<DeidPlan> {
  const files = index.files.filter((f) => f.kind !== 'directory');
  const builder = new StudyIndexBuilder();
  const origin = new Map<IndexedFile, string>();
  for (const [i, file] of files.entries()) {
    const source = await withHead(open(file.path));
    const rewritten = await deid.rewrite(source).catch((e: unknown) => {
      throw new DisclessError('cannot-deidentify', `The file ${file.path} could not be de-identified: ${e instanceof Error ? e.message : e}`);
    });
    // A neutral, sortable name that keeps the folder's order among files the indexer cannot tell apart.
    const path = `#${String(i).padStart(6, '0')}`;
    const head = await materialize(rewritten.segments, source, rewritten.headSize ?? Infinity);
    let shared: IndexedFile | null = rewritten.headSize === null ? null : indexHead(path, head, rewritten.size);
    try {
      shared ??= indexFile(path, rewritten.headSize === null ? head : await materialize(rewritten.segments, source));
    } catch {
      throw new DisclessError('cannot-deidentify', `The file ${file.path} could not be read back once de-identified.`);
    }
    builder.add(shared);
    origin.set(shared, file.path);
    onProgress?.(i + 1, files.length);
  }
  const built = builder.build();
  const shared: StudyIndex = { ...built, leftOut: index.leftOut };
  const ordered = orderFiles(shared) as IndexedFile[];
  const sources = ordered.map((f) => origin.get(f)!);
  ordered.forEach((f, i) => (f.path = `DEIDENTIFIED/${String(i + 1).padStart(5, '0')}`));
  const renamed: Record<string, string> = {};
  for (const [uid, url] of Object.entries(thumbnails)) renamed[deid.keys.uid(uid)] = url;
  return { index: shared, ordered, sources, thumbnails: renamed };
}

/** Values that stay and are this small are read in one piece (from the head, mostly). */
const SMALL = 256 * 1024;

/**
 * The bytes of one file as shared, rewritten again (the same bytes as when planned), in pieces; a
 * large value that stays (Pixel Data) is streamed from the file as it is. `file` may be a promise
 * of the source, so that the next file's head is read while this one is sent.
 */
export async function* deidentifiedBytes(deid: Deidentifier, file: ByteSource | Promise<ByteSource>, size: number, piece = 1024 * 1024): AsyncGenerator<Uint8Array> {
  const source = await withHead(await file);
  const rewritten = await deid.rewrite(source);
  const changed = () => new DisclessError('file-changed', 'A file changed while it was being shared. Start again.');
  if (rewritten.size !== size) throw changed();
  for (const s of rewritten.segments) {
    if (s instanceof Uint8Array) {
      yield s;
    } else if (s.to - s.from <= SMALL || !source.stream) {
      for (let at = s.from; at < s.to; at += piece) {
        const bytes = await source.read(at, Math.min(piece, s.to - at));
        if (bytes.length !== Math.min(piece, s.to - at)) throw changed();
        yield bytes;
      }
    } else {
      let read = 0;
      for await (const chunk of source.stream(s.from, s.to)) {
        read += chunk.length;
        yield chunk;
      }
      if (read !== s.to - s.from) throw changed();
    }
  }
}
