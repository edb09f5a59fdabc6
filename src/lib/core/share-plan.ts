// From a study index to what a share stores: the sender's choice of what goes, the file order
// (docs/SPEC.md §5.3) and the manifest. Pure, so the order and the manifest's shape are tested in Node.

import type { IndexedFile } from './dicom/index-file';
import { canCarry, countKinds, type SkippedFile, type StudyIndex } from './dicom/study-index';
import { MANIFEST_VERSION, type Manifest, type ManifestFile, type ManifestObject } from './manifest';

/** What the sender left out on the review. */
export interface Selection {
  /** Series UIDs left out. */
  series: ReadonlySet<string>;
  /** Paths of documents left out: documents are chosen one by one. */
  documents: ReadonlySet<string>;
  /** Carry the files that are not DICOM, or could not be read as DICOM, as they are. */
  otherFiles: boolean;
  /** Paths of single DICOM files left out whatever their series (images that may show the patient's
   *  name in a de-identified share, the DICOMDIR…). */
  files?: ReadonlySet<string>;
}

export const SHARE_EVERYTHING: Selection = { series: new Set(), documents: new Set(), otherFiles: false };

/** A file as a share stores it: a DICOM file the indexer read, or a file carried as it is. */
export type SharedFile = IndexedFile | CarriedFile;
export type CarriedFile = SkippedFile & { kind: 'file' };

/**
 * The index without what the sender left out. Studies and patients left empty go too. A DICOMDIR
 * goes as soon as any DICOM file is left out: it would name files the receiver never gets, and PACS
 * importers that trust it then fail or warn.
 */
export function selectShare(index: StudyIndex, selection: Selection): StudyIndex {
  const single = selection.files ?? new Set<string>();
  if (!selection.series.size && !selection.documents.size && !selection.otherFiles && !single.size) return index;
  const carried = selection.otherFiles ? index.skipped.filter(canCarry) : [];
  const keep = (f: IndexedFile) => !selection.documents.has(f.path) && !single.has(f.path);
  const patients = index.patients
    .map((p) => ({
      ...p,
      studies: p.studies
        .map((s) => {
          const series = s.series
            .filter((r) => !selection.series.has(r.seriesUid))
            .map((r) => (r.documentsOnly || single.size ? { ...r, files: r.files.filter(keep), ...countKinds(r.files.filter(keep)) } : r))
            .filter((r) => r.files.length > 0);
          return { ...s, series, modalities: [...new Set(series.map((r) => r.modality).filter(Boolean))].sort() };
        })
        .filter((s) => s.series.length > 0)
    }))
    .filter((p) => p.studies.length > 0);
  const kept = new Set(patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((r) => r.files))));
  const leftOut = index.files.filter((f) => f.kind !== 'directory' && !kept.has(f)).length;
  const files = index.files.filter((f) => kept.has(f) || (leftOut === 0 && f.kind === 'directory' && !single.has(f.path)));
  return {
    patients,
    files,
    skipped: index.skipped,
    carried,
    leftOut,
    ...countKinds(files),
    totalBytes: [...files, ...carried].reduce((sum, f) => sum + f.size, 0)
  };
}

/** DICOMDIR first, then series by series in viewing order, then any other DICOM file, then files carried as they are. */
export function orderFiles(index: StudyIndex): SharedFile[] {
  const inSeries = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((r) => r.files)));
  const placed = new Set(inSeries);
  const directories = index.files.filter((f) => f.kind === 'directory');
  const rest = index.files.filter((f) => f.kind !== 'directory' && !placed.has(f));
  const carried = index.carried.map((s): CarriedFile => ({ ...s, kind: 'file' }));
  return [...directories, ...inSeries, ...rest, ...carried];
}

export interface PlannedContent {
  ordered: SharedFile[];
  sha256: string[];
  placements: { object: number; offset: number }[];
  objects: ManifestObject[];
  objectSize: number;
  recordSize: number;
}

/** The manifest's description of one file; a carried file has no UIDs. */
function describe(f: SharedFile): Omit<ManifestFile, 'path' | 'size' | 'sha256' | 'object' | 'offset'> {
  if (f.kind === 'file') {
    return { kind: 'file', sopClassUid: '', sopInstanceUid: '', studyUid: '', seriesUid: '', transferSyntaxUid: '', image: null };
  }
  return {
    kind: f.kind,
    sopClassUid: f.sopClassUid,
    sopInstanceUid: f.sopInstanceUid,
    studyUid: f.studyUid,
    seriesUid: f.seriesUid,
    transferSyntaxUid: f.transferSyntaxUid,
    image: f.instance && {
      number: f.instance.number,
      rows: f.instance.rows,
      columns: f.instance.columns,
      frames: f.instance.frames,
      sliceLocation: f.instance.sliceLocation
    }
  };
}

/** `thumbnails` holds a data URL per series UID (src/lib/indexing/thumbnail.ts); series without one have none. */
export function buildManifest(
  index: StudyIndex,
  content: PlannedContent,
  label: string,
  created: Date,
  thumbnails: Readonly<Record<string, string>> = {}
): Manifest {
  const position = new Map(content.ordered.map((f, i) => [f, i]));
  const files = content.ordered.map((f, i) => ({
    path: f.path,
    size: f.size,
    sha256: content.sha256[i],
    ...content.placements[i],
    ...describe(f)
  }));
  const studies = index.patients.flatMap((patient) =>
    patient.studies.map((study) => ({
      uid: study.studyUid,
      date: study.date,
      time: study.series[0]?.files[0]?.study.time ?? '',
      description: study.description,
      accession: study.accession,
      modalities: study.modalities,
      patient: { name: patient.name, id: patient.id, birthDate: patient.birthDate, sex: patient.sex },
      series: study.series.map((series) => ({
        uid: series.seriesUid,
        number: series.number,
        description: series.description,
        modality: series.modality,
        files: series.files.map((f) => position.get(f)!),
        ...(thumbnails[series.seriesUid] ? { thumbnail: thumbnails[series.seriesUid] } : {})
      }))
    }))
  );
  const carried = new Set(index.carried.map((s) => s.path));
  return {
    v: MANIFEST_VERSION,
    created: created.toISOString(),
    label,
    recordSize: content.recordSize,
    objectSize: content.objectSize,
    objects: content.objects,
    files,
    studies,
    omitted: index.skipped.filter((s) => !carried.has(s.path)).map(({ path, size, code }) => ({ path, size, code })),
    leftOut: index.leftOut
  };
}
