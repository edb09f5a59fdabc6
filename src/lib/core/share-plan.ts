// From a study index to what a share stores: the file order (docs/SPEC.md §5.3) and the manifest.
// Pure, so the order and the manifest's shape are tested in Node.

import type { IndexedFile } from './dicom/index-file';
import type { StudyIndex } from './dicom/study-index';
import { MANIFEST_VERSION, type Manifest, type ManifestObject } from './manifest';

/**
 * The index without the series staff unticked. Studies and patients left with no series go too. A
 * DICOMDIR goes as soon as anything is left out: it would name files the receiver never gets, and
 * PACS importers that trust it then fail or warn.
 */
export function selectSeries(index: StudyIndex, excluded: ReadonlySet<string>): StudyIndex {
  if (excluded.size === 0) return index;
  const patients = index.patients
    .map((p) => ({
      ...p,
      studies: p.studies
        .map((s) => {
          const series = s.series.filter((r) => !excluded.has(r.seriesUid));
          return { ...s, series, modalities: [...new Set(series.map((r) => r.modality).filter(Boolean))].sort() };
        })
        .filter((s) => s.series.length > 0)
    }))
    .filter((p) => p.studies.length > 0);
  const kept = new Set(patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((r) => r.files))));
  const files = index.files.filter((f) => kept.has(f));
  return {
    patients,
    files,
    skipped: index.skipped,
    imageCount: files.filter((f) => f.kind === 'image').length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0)
  };
}

/** DICOMDIR first, then images series by series in viewing order, then everything else. */
export function orderFiles(index: StudyIndex): IndexedFile[] {
  const inSeries = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((r) => r.files)));
  const placed = new Set(inSeries);
  const directories = index.files.filter((f) => f.kind === 'directory');
  const rest = index.files.filter((f) => f.kind !== 'directory' && !placed.has(f));
  return [...directories, ...inSeries, ...rest];
}

export interface PlannedContent {
  ordered: IndexedFile[];
  sha256: string[];
  placements: { object: number; offset: number }[];
  objects: ManifestObject[];
  objectSize: number;
  recordSize: number;
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
  return {
    v: MANIFEST_VERSION,
    created: created.toISOString(),
    label,
    recordSize: content.recordSize,
    objectSize: content.objectSize,
    objects: content.objects,
    files,
    studies
  };
}
