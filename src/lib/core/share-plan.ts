// From a study index to what a share stores: the file order (docs/SPEC.md §5.3) and the manifest.
// Pure, so the order and the manifest's shape are tested in Node.

import type { IndexedFile } from './dicom/index-file';
import type { StudyIndex } from './dicom/study-index';
import { MANIFEST_VERSION, type Manifest, type ManifestObject } from './manifest';

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

export function buildManifest(index: StudyIndex, content: PlannedContent, label: string, created: Date): Manifest {
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
        files: series.files.map((f) => position.get(f)!)
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
