// Everything the command line asks of the indexer and the share plan, in one module: indexing the
// files, what is shared of them, the review printed before confirming, and the counts scripts get.
// The staff page's review (src/lib/components/sender) shows the same index; when the index or the
// selection changes shape, this is the one file of the command line to adapt.

import type { StudyIndex } from '../lib/core/dicom/study-index';
import { orderFiles, selectShare, SHARE_EVERYTHING } from '../lib/core/share-plan';
import { formatBytes, formatDate } from '../lib/format';
import { indexBatch, type DroppedFile, type IndexProgress } from '../lib/indexing/index-files';
import { indexInPool, type BatchIndexer } from '../lib/indexing/pool';
import { plural } from './english';

/** Two batches in turn on this thread: one parses while the other waits for the disk. */
const IN_PROCESS_INDEXERS = 2;

/** The same indexer and merge as the staff page (src/lib/indexing/pool.ts), on this thread. */
export async function indexFiles(dropped: DroppedFile[], onProgress: (p: IndexProgress) => void): Promise<StudyIndex> {
  const indexers = Array.from({ length: IN_PROCESS_INDEXERS }, (): BatchIndexer => (files, onDone) => indexBatch(files, onDone));
  return (await indexInPool(dropped, onProgress, indexers)).index;
}

/**
 * What is shared: every DICOM object the indexer accepted (the command line has no series to
 * untick), and with `otherFiles` the files that are not DICOM too, carried as they are.
 */
export function selectForShare(index: StudyIndex, otherFiles = false): StudyIndex {
  return selectShare(index, { ...SHARE_EVERYTHING, otherFiles });
}

/** The share's files in upload order, as a continued upload must find them again. */
export function plannedFiles(index: StudyIndex): { path: string; size: number }[] {
  return orderFiles(index).map((f) => ({ path: f.path, size: f.size }));
}

export interface ShareCounts {
  patients: number;
  studies: number;
  series: number;
  files: number;
  images: number;
  /** DICOM objects that are not images: instances without pixels, documents, private objects. */
  objects: number;
  /** Files that are not DICOM, carried as they are (--include-other-files). */
  carried: number;
  bytes: number;
  skipped: number;
}

export function countShare(index: StudyIndex): ShareCounts {
  const studies = index.patients.flatMap((p) => p.studies);
  return {
    patients: index.patients.length,
    studies: studies.length,
    series: studies.reduce((n, s) => n + s.series.length, 0),
    files: index.files.length + index.carried.length,
    images: index.imageCount,
    objects: index.objectCount,
    carried: index.carried.length,
    bytes: index.totalBytes,
    skipped: index.skipped.length - index.carried.length
  };
}

const orDash = (text: string) => text || '—';

/** The review staff read before they confirm: who, which studies and series, and what is left out. */
export function reviewText(index: StudyIndex): string {
  const lines: string[] = [];
  for (const patient of index.patients) {
    lines.push(
      `Patient  ${orDash(patient.name)}   ID ${orDash(patient.id)}   born ${formatDate(patient.birthDate)}   sex ${orDash(patient.sex)}`
    );
    for (const study of patient.studies) {
      const accession = study.accession ? `   accession ${study.accession}` : '';
      lines.push(`  Study  ${formatDate(study.date)}   ${orDash(study.modalities.join('/'))}   ${orDash(study.description)}${accession}`);
      for (const series of study.series) {
        const counts = [
          series.imageCount ? plural(series.imageCount, 'image') : '',
          series.objectCount ? plural(series.objectCount, series.documentsOnly ? 'document' : 'other object') : ''
        ].filter(Boolean);
        const number = series.number === null ? '' : `#${series.number} `;
        lines.push(`    Series ${number}${orDash(series.modality)}   ${orDash(series.description)}   ${counts.join(', ')}`);
      }
    }
  }
  const directories = index.files.filter((f) => f.kind === 'directory').length;
  if (directories) lines.push(`With the disc's index (${plural(directories, 'DICOMDIR')}).`);
  const carried = new Set(index.carried);
  const notShared = index.skipped.filter((s) => !carried.has(s));
  if (notShared.length) {
    lines.push(`Not shared: ${plural(notShared.length, 'file')} that cannot be shared as DICOM (add --include-other-files to carry them as they are):`);
    for (const skipped of notShared) lines.push(`  ${skipped.path}: ${skipped.reason} [${skipped.code}]`);
  }
  if (carried.size) lines.push(`Carried as they are (not DICOM): ${[...carried].map((s) => s.path).join(', ')}.`);
  const lookLikeDicom = notShared.filter((s) => s.code !== 'not-dicom').length;
  if (lookLikeDicom) lines.push(`WARNING: ${plural(lookLikeDicom, 'file')} that look${lookLikeDicom === 1 ? 's' : ''} like DICOM cannot be shared as images (listed above).`);
  const c = countShare(index);
  lines.push(
    `To share: ${plural(c.patients, 'patient')}, ${plural(c.studies, 'study', 'studies')}, ${plural(c.series, 'series', 'series')}, ` +
      `${plural(c.images, 'image')}, ${plural(c.objects, 'other DICOM object')}, ${plural(c.files, 'file')} in all, ${formatBytes(c.bytes)}.`
  );
  return lines.join('\n');
}
