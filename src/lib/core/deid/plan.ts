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
import { concat } from '../bytes';
import { headsInOrder, materialize, withHead, type ByteSource, type Segment } from './source';

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
  const heads = headsInOrder(files.map((f) => f.source));
  for (const [i, { path }] of files.entries()) {
    try {
      surveyed.push({ path, burnedIn: await deid.collect(await heads.next().value!) });
    } catch (e) {
      surveyed.push({ path, burnedIn: '', error: e instanceof Error ? e.message : String(e) });
    }
    onProgress?.(i + 1);
  }
  return { identifiers: deid.scrubber.list(), files: surveyed };
}

/** Surveys of consecutive parts of the files, as one survey of them all. */
export function mergeSurveys(parts: Survey[]): Survey {
  return { identifiers: [...new Set(parts.flatMap((p) => p.identifiers))].sort(), files: parts.flatMap((p) => p.files) };
}

export function manifestMark(options: DeidOptions): ManifestDeidentification {
  return { method: methodText(options), codes: methodCodes(options).map((c) => c.code) };
}

/** `P`: how each copy is held; a plan made on the review holds Blobs (src/lib/share/shared-content.ts). */
export interface DeidPlan<P = Segment[] | null> {
  /** The study as it will be shared: indexed from the rewritten files themselves. */
  index: StudyIndex;
  /** Files in share order, with neutral paths (DEIDENTIFIED/nnnnn) and their new sizes. */
  ordered: IndexedFile[];
  /** The path of each ordered file in the sender's folder. */
  sources: string[];
  /** Each ordered file as shared: its new header bytes and ranges of the original for its large
   *  values (Pixel Data), or null when more than HELD_BYTES would be held (then it is rewritten again). */
  pieces: P[];
}

/** Runs of elements that stay and are this small are held as bytes; larger ones (Pixel Data above
 *  all) are read from the file when it is sent. */
const HELD_RUN = 16 * 1024;
/** Held bytes per file at most: a header, not an image (memory stays flat with the study). */
const HELD_BYTES = 64 * 1024;
/** Larger values are streamed from the file rather than read in one piece. */
const SMALL = 256 * 1024;

/** The output with its small ranges read (from the head, mostly) and joined to the bytes around them. */
async function hold(segments: readonly Segment[], source: ByteSource): Promise<Segment[] | null> {
  const held: Segment[] = [];
  let pending: Uint8Array[] = [];
  let bytes = 0;
  // Always a copy: a view of the file's head would keep the whole head alive (and travel with it).
  const flush = () => {
    if (pending.length) held.push(concat(...pending));
    pending = [];
  };
  for (const s of segments) {
    if (!(s instanceof Uint8Array) && s.to - s.from > HELD_RUN) {
      flush();
      held.push(s);
      continue;
    }
    const b = s instanceof Uint8Array ? s : await source.read(s.from, s.to - s.from);
    bytes += b.length;
    if (bytes > HELD_BYTES) return null;
    pending.push(b);
  }
  flush();
  return held;
}

/** One file of a plan: the path it came from, the copy as indexed, and its pieces (see DeidPlan). */
export interface PlannedFile<P = Segment[] | null> {
  source: string;
  shared: IndexedFile;
  pieces: P;
}

/** The files of `index` a de-identified share rewrites, in the order a plan takes them (DICOMDIRs do not go). */
export function filesToPlan(index: StudyIndex): IndexedFile[] {
  return index.files.filter((f) => f.kind !== 'directory');
}

/**
 * Rewrites each of `paths` once and indexes the result, so that the manifest describes exactly
 * what is shared. `first` is the position of `paths[0]` among all the files planned: a part of the
 * files planned on its own (in another worker) gives the same answer as within the whole.
 */
export async function planFiles(
  paths: readonly string[],
  first: number,
  open: (path: string) => ByteSource,
  deid: Deidentifier,
  onProgress?: (done: number) => void
): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  const heads = headsInOrder(paths.map(open));
  for (const [i, original] of paths.entries()) {
    const source = await heads.next().value!;
    const rewritten = await deid.rewrite(source).catch((e: unknown) => {
      throw new DisclessError('cannot-deidentify', `The file ${original} could not be de-identified: ${e instanceof Error ? e.message : e}`);
    });
    // A neutral, sortable name that keeps the folder's order among files the indexer cannot tell apart.
    const path = `#${String(first + i).padStart(6, '0')}`;
    const head = await materialize(rewritten.segments, source, rewritten.headSize ?? Infinity);
    let shared: IndexedFile | null = rewritten.headSize === null ? null : indexHead(path, head, rewritten.size);
    try {
      shared ??= indexFile(path, rewritten.headSize === null ? head : await materialize(rewritten.segments, source));
    } catch {
      throw new DisclessError('cannot-deidentify', `The file ${original} could not be read back once de-identified.`);
    }
    planned.push({ source: original, shared, pieces: await hold(rewritten.segments, source) });
    onProgress?.(i + 1);
  }
  return planned;
}

/** The plan of the share of `index` from its files planned in order (planFiles, part after part). The
 *  plan is plain data: made ahead on the review, it travels to the sharing worker. */
export function assemblePlan<P>(index: StudyIndex, planned: readonly PlannedFile<P>[]): DeidPlan<P> {
  const builder = new StudyIndexBuilder();
  const origin = new Map<IndexedFile, PlannedFile<P>>();
  for (const p of planned) {
    builder.add(p.shared);
    origin.set(p.shared, p);
  }
  const shared: StudyIndex = { ...builder.build(), leftOut: index.leftOut };
  const ordered = orderFiles(shared) as IndexedFile[];
  const sources = ordered.map((f) => origin.get(f)!.source);
  const pieces = ordered.map((f) => origin.get(f)!.pieces);
  ordered.forEach((f, i) => (f.path = `DEIDENTIFIED/${String(i + 1).padStart(5, '0')}`));
  return { index: shared, ordered, sources, pieces };
}

/** Every DICOM file of `index` rewritten once, in this thread (see planFiles). */
export async function planShare(
  index: StudyIndex,
  open: (path: string) => ByteSource,
  deid: Deidentifier,
  onProgress?: (done: number, total: number) => void
): Promise<DeidPlan> {
  const paths = filesToPlan(index).map((f) => f.path);
  return assemblePlan(index, await planFiles(paths, 0, open, deid, (done) => onProgress?.(done, paths.length)));
}

/** Thumbnails by original series UID, under the series' new UIDs. */
export function renameThumbnails(deid: Deidentifier, thumbnails: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(thumbnails).map(([uid, url]) => [deid.keys.uid(uid), url]));
}

const changed = () => new DisclessError('file-changed', 'A file changed while it was being shared. Start again.');

/** Bytes [from, to) of the file: streamed when large (as the file gives them), else read. */
async function* range(source: ByteSource, from: number, to: number, piece = 1024 * 1024): AsyncGenerator<Uint8Array> {
  let read = 0;
  if (to - from > SMALL && source.stream) {
    for await (const chunk of source.stream(from, to)) {
      read += chunk.length;
      yield chunk;
    }
  } else {
    for (let at = from; at < to; at += piece) {
      const bytes = await source.read(at, Math.min(piece, to - at));
      read += bytes.length;
      yield bytes;
    }
  }
  if (read !== to - from) throw changed();
}

/**
 * The bytes of one file as shared: the planned `pieces` with the large values read from the file as
 * it is (the same bytes as planned), or, without them, the file rewritten again.
 */
export async function* deidentifiedBytes(deid: Deidentifier, file: ByteSource, size: number, pieces: Segment[] | null = null): AsyncGenerator<Uint8Array> {
  let source = file;
  let segments = pieces;
  if (!segments) {
    source = await withHead(file);
    const rewritten = await deid.rewrite(source);
    if (rewritten.size !== size) throw changed();
    segments = rewritten.segments;
  }
  for (const s of segments) {
    if (s instanceof Uint8Array) yield s;
    else yield* range(source, s.from, s.to);
  }
}
