// Groups indexed files into patient > study > series for the review screen. Grouping uses what each
// file says about itself, never the DICOMDIR (which can be stale) nor folder names (CD writers name
// folders as they like: one folder can hold several series, one patient can span several folders).

import type { IndexedFile } from './index-file';

export interface SkippedFile {
  path: string;
  size: number;
  code: string;
  /** Plain English, shown to staff as-is. */
  reason: string;
}

export interface SeriesSummary {
  seriesUid: string;
  modality: string;
  description: string;
  number: number | null;
  /** Files with pixel data. */
  imageCount: number;
  /** The other files of the series: instances without pixels, documents (e.g. a dose report),
   *  objects of a private class. */
  objectCount: number;
  /** A series of documents only (reports, key images, presentation states, PDFs): people look
   *  for these as the study's documents, not as a series to scroll. */
  documentsOnly: boolean;
  /** Images sorted by instance number, then slice location, then path; then the other files. */
  files: IndexedFile[];
}

export interface StudySummary {
  studyUid: string;
  date: string;
  description: string;
  accession: string;
  modalities: string[];
  series: SeriesSummary[];
}

export interface PatientSummary {
  /** Identity used for grouping: patient ID + name + birth date. */
  key: string;
  name: string;
  id: string;
  birthDate: string;
  sex: string;
  studies: StudySummary[];
}

export interface StudyIndex {
  patients: PatientSummary[];
  /** Every accepted file, DICOMDIRs included, in the order they were added. */
  files: IndexedFile[];
  /** Files that are not DICOM or could not be read as DICOM. */
  skipped: SkippedFile[];
  /** Skipped files the sender chose to carry as they are (see selectShare); none by default. */
  carried: SkippedFile[];
  /** DICOM files the sender chose not to share (see selectShare). */
  leftOut: number;
  imageCount: number;
  /** DICOM files that are not images, DICOMDIRs not counted. */
  objectCount: number;
  /** Size of the accepted and carried files: what will be encrypted and uploaded. */
  totalBytes: number;
}

/** Whether a skipped file can be carried as it is: every one the browser could read. */
export function canCarry(skipped: SkippedFile): boolean {
  return skipped.code !== 'unreadable';
}

/** Counts of the DICOM files in `files`, DICOMDIRs apart. */
export function countKinds(files: IndexedFile[]): { imageCount: number; objectCount: number } {
  const images = files.filter((f) => f.kind === 'image').length;
  return { imageCount: images, objectCount: files.filter((f) => f.kind !== 'directory').length - images };
}

/** Code-unit order: unlike localeCompare, identical on every machine and browser. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ascending, with missing numbers last. */
function cmpNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function firstNonEmpty<T>(files: IndexedFile[], pick: (f: IndexedFile) => T, empty: (v: T) => boolean): T {
  for (const f of files) {
    const v = pick(f);
    if (!empty(v)) return v;
  }
  return pick(files[0]);
}

const str = (files: IndexedFile[], pick: (f: IndexedFile) => string) => firstNonEmpty(files, pick, (v) => v === '');

export function patientKey(f: IndexedFile): string {
  return JSON.stringify([f.patient.id, f.patient.name, f.patient.birthDate]);
}

function compareFiles(a: IndexedFile, b: IndexedFile): number {
  return (
    cmpNullable(a.instance?.number ?? null, b.instance?.number ?? null) ||
    cmpNullable(a.instance?.sliceLocation ?? null, b.instance?.sliceLocation ?? null) ||
    cmp(a.path, b.path)
  );
}

function groupBy(files: IndexedFile[], key: (f: IndexedFile) => string): Map<string, IndexedFile[]> {
  const groups = new Map<string, IndexedFile[]>();
  for (const f of files) {
    const k = key(f);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  return groups;
}

function summarizeSeries(seriesUid: string, files: IndexedFile[]): SeriesSummary {
  // Non-image files carry no instance number in `instance`, so they sort after the images.
  const sorted = [...files].sort(compareFiles);
  const { imageCount, objectCount } = countKinds(files);
  return {
    seriesUid,
    modality: str(files, (f) => f.series.modality),
    description: str(files, (f) => f.series.description),
    number: firstNonEmpty(files, (f) => f.series.number, (v) => v === null),
    imageCount,
    objectCount,
    documentsOnly: files.every((f) => f.kind === 'document'),
    files: sorted
  };
}

function summarizeStudy(studyUid: string, files: IndexedFile[]): StudySummary {
  const series = [...groupBy(files, (f) => f.seriesUid)]
    .map(([uid, list]) => summarizeSeries(uid, list))
    .sort((a, b) => cmpNullable(a.number, b.number) || cmp(a.description, b.description) || cmp(a.seriesUid, b.seriesUid));
  const modalities = [...new Set(series.map((s) => s.modality).filter(Boolean))].sort(cmp);
  return {
    studyUid,
    date: str(files, (f) => f.study.date),
    description: str(files, (f) => f.study.description),
    accession: str(files, (f) => f.study.accession),
    modalities,
    series
  };
}

function studyTime(files: IndexedFile[]): string {
  return str(files, (f) => f.study.time);
}

function summarizePatient(key: string, files: IndexedFile[]): PatientSummary {
  const byStudy = [...groupBy(files, (f) => f.studyUid)];
  const times = new Map(byStudy.map(([uid, list]) => [uid, studyTime(list)]));
  const studies = byStudy
    .map(([uid, list]) => summarizeStudy(uid, list))
    // Newest first; undated studies last; same day: latest time first.
    .sort(
      (a, b) =>
        cmp(b.date, a.date) ||
        cmp(times.get(b.studyUid) ?? '', times.get(a.studyUid) ?? '') ||
        cmp(a.description, b.description) ||
        cmp(a.studyUid, b.studyUid)
    );
  return {
    key,
    name: files[0].patient.name,
    id: files[0].patient.id,
    birthDate: files[0].patient.birthDate,
    sex: str(files, (f) => f.patient.sex),
    studies
  };
}

export class StudyIndexBuilder {
  private readonly files: IndexedFile[] = [];
  private readonly skipped: SkippedFile[] = [];

  add(file: IndexedFile): void {
    this.files.push(file);
  }

  skip(s: SkippedFile): void {
    this.skipped.push(s);
  }

  /** Can be called repeatedly (e.g. to show progress); each call returns fresh objects. */
  build(): StudyIndex {
    const grouped = this.files.filter((f) => f.kind !== 'directory');
    const patients = [...groupBy(grouped, patientKey)]
      .map(([key, list]) => summarizePatient(key, list))
      // Unnamed (anonymised, or test objects) after named patients: staff look for a name first.
      .sort((a, b) => Number(!a.name) - Number(!b.name) || cmp(a.name, b.name) || cmp(a.id, b.id) || cmp(a.key, b.key));
    return {
      patients,
      files: [...this.files],
      skipped: [...this.skipped],
      carried: [],
      leftOut: 0,
      ...countKinds(this.files),
      totalBytes: this.files.reduce((sum, f) => sum + f.size, 0)
    };
  }
}
