// The manifest (docs/SPEC.md §5): the encrypted table of contents that binds a share. It is written
// last, so a share is readable only once everything it names is stored.

import { ManifestError } from './errors';

/** Written by this version; version 1 manifests (before non-DICOM files and omissions) still open. */
export const MANIFEST_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);
/** Files are packed back to back into objects of this plaintext size (the last one is shorter). */
export const OBJECT_SIZE = 32 * 1024 * 1024;
/** A series thumbnail is a small data URL; the cap keeps a 100-series manifest well under 2 MB. */
export const MAX_THUMBNAIL_CHARS = 16_384;
const THUMBNAIL = /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$/;

/** image: has pixel data; document: a report, note, state, PDF, waveform, plan…; other: a DICOM
 *  object without pixels that is not a document; directory: the sender's DICOMDIR; file: a file of
 *  the disc that is not DICOM (or could not be read as DICOM), carried as it is (version 2). */
export type FileKind = 'image' | 'document' | 'directory' | 'other' | 'file';
const FILE_KINDS: ReadonlySet<string> = new Set(['image', 'document', 'directory', 'other', 'file']);
/** Kinds of DICOM objects, which a DICOMDIR can list and a PACS can store. */
export const OBJECT_KINDS: ReadonlySet<FileKind> = new Set(['image', 'document', 'other']);

export interface ManifestPatient {
  name: string;
  id: string;
  birthDate: string;
  sex: string;
}

export interface ManifestImage {
  number: number | null;
  rows: number;
  columns: number;
  frames: number;
  sliceLocation: number | null;
}

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
  /** The file starts in this object at this offset and runs on into the next objects if longer. */
  object: number;
  offset: number;
  kind: FileKind;
  sopClassUid: string;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  transferSyntaxUid: string;
  image: ManifestImage | null;
}

export interface ManifestSeries {
  uid: string;
  number: number | null;
  description: string;
  modality: string;
  /** Indexes into `files`, in viewing order. */
  files: number[];
  /** Optional: a JPEG or PNG data URL of the middle image, at most MAX_THUMBNAIL_CHARS long. */
  thumbnail?: string;
}

export interface ManifestStudy {
  uid: string;
  date: string;
  time: string;
  description: string;
  accession: string;
  modalities: string[];
  patient: ManifestPatient;
  series: ManifestSeries[];
}

export interface ManifestObject {
  /** Plaintext bytes. */
  size: number;
  /** base64url of the header salt, so one record can be opened without fetching the header. */
  salt: string;
}

/** A file of the source the sender could not share, and why (an indexer code: not-dicom,
 *  truncated, malformed, unsupported, unreadable). */
export interface OmittedFile {
  path: string;
  size: number;
  code: string;
}

/** A share of de-identified copies (docs/SPEC.md §5.2): how they were made. */
export interface ManifestDeidentification {
  /** The profile and its options, in words. */
  method: string;
  /** CID 7050 code values, as in each file's De-identification Method Code Sequence (0012,0064). */
  codes: string[];
}

export interface Manifest {
  v: 1 | 2;
  created: string;
  label: string;
  recordSize: number;
  objectSize: number;
  objects: ManifestObject[];
  files: ManifestFile[];
  studies: ManifestStudy[];
  /** Version 2: files of the source that are not in the share, by reason. */
  omitted?: OmittedFile[];
  /** Version 2: how many DICOM files the sender chose not to share (not named: they may belong to
   *  another patient). */
  leftOut?: number;
  /** Present when the files are de-identified copies, not the originals. */
  deidentified?: ManifestDeidentification;
}

/** Where each file's bytes sit when files are laid end to end and cut into objects. */
export function layoutFiles(sizes: number[], objectSize = OBJECT_SIZE) {
  let total = 0;
  const placements = sizes.map((size) => {
    const at = { object: Math.floor(total / objectSize), offset: total % objectSize };
    total += size;
    return at;
  });
  const objectSizes: number[] = [];
  for (let left = total; left > 0; left -= objectSize) objectSizes.push(Math.min(left, objectSize));
  return { placements, objectSizes, total };
}

/** The pieces of one file, object by object. */
export function fileExtents(file: Pick<ManifestFile, 'object' | 'offset' | 'size'>, objectSize: number) {
  const extents: { object: number; offset: number; length: number }[] = [];
  let object = file.object;
  let offset = file.offset;
  let left = file.size;
  while (left > 0) {
    const length = Math.min(left, objectSize - offset);
    extents.push({ object, offset, length });
    left -= length;
    object++;
    offset = 0;
  }
  return extents;
}

export function serializeManifest(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(manifest));
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ManifestError(`The share's table of contents is invalid (${what}).`);
}

/**
 * The manifest is authenticated, but a reader still checks its shape and arithmetic so that a bug in
 * some writer becomes a clear error instead of a crash or a read past an object's end.
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ManifestError("The share's table of contents is not readable.");
  }
  const m = value as Manifest;
  check(typeof m === 'object' && m !== null, 'not an object');
  check(READABLE_VERSIONS.has(m.v), `version ${String(m.v)}`);
  check(isText(m.created) && isText(m.label), 'created/label');
  check(isCount(m.recordSize) && isCount(m.objectSize) && m.objectSize > 0, 'sizes');
  check(Array.isArray(m.objects) && Array.isArray(m.files) && Array.isArray(m.studies), 'lists');
  m.objects.forEach((o, n) => {
    check(isCount(o.size) && isText(o.salt), `object ${n}`);
    check(n === m.objects.length - 1 ? o.size <= m.objectSize : o.size === m.objectSize, `object ${n} size`);
  });
  const total = m.objects.reduce((sum, o) => sum + o.size, 0);
  m.files.forEach((f, i) => {
    check(isText(f.path) && isCount(f.size) && /^[0-9a-f]{64}$/.test(f.sha256), `file ${i}`);
    check(isCount(f.object) && isCount(f.offset) && f.offset < m.objectSize, `file ${i} place`);
    check(f.object * m.objectSize + f.offset + f.size <= total, `file ${i} past the end`);
    check(isText(f.seriesUid) && isText(f.studyUid) && isText(f.transferSyntaxUid), `file ${i} uids`);
    if (m.v >= 2) check(FILE_KINDS.has(f.kind) && isText(f.sopClassUid) && isText(f.sopInstanceUid), `file ${i} kind`);
  });
  if (m.omitted !== undefined) {
    check(Array.isArray(m.omitted), 'omitted');
    m.omitted.forEach((o, i) => check(isText(o.path) && isCount(o.size) && isText(o.code), `omitted ${i}`));
  }
  check(m.leftOut === undefined || isCount(m.leftOut), 'leftOut');
  if (m.deidentified !== undefined) {
    const d = m.deidentified;
    check(typeof d === 'object' && d !== null && isText(d.method) && Array.isArray(d.codes) && d.codes.every(isText), 'deidentified');
  }
  for (const study of m.studies) {
    check(isText(study.uid) && Array.isArray(study.series) && typeof study.patient === 'object', 'study');
    for (const series of study.series) {
      check(Array.isArray(series.files), 'series files');
      if (series.thumbnail !== undefined) {
        const t = series.thumbnail;
        check(isText(t) && t.length <= MAX_THUMBNAIL_CHARS && THUMBNAIL.test(t), 'series thumbnail');
      }
      for (const i of series.files) check(isCount(i) && i < m.files.length, `series file ${i}`);
    }
  }
  return m;
}
