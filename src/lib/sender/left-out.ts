// What the review says about the files that will not go as DICOM: a short reason per indexer code,
// counted, so staff see at a glance what a CD holds that cannot be shared as images.

import { SKIP_REASONS } from '../core/dicom/errors';
import type { SkippedFile } from '../core/dicom/study-index';
import { plural } from '../format';

/** Files that look like DICOM but could not be read as DICOM: these deserve a warning. */
export function dicomLike(skipped: SkippedFile[]): SkippedFile[] {
  return skipped.filter((s) => s.code !== 'not-dicom');
}

/** "2 damaged (cut short), 1 not DICOM", most frequent first. */
export function reasonCounts(skipped: SkippedFile[]): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${n} ${SKIP_REASONS[code] ?? code}`)
    .join(', ');
}

/** "3 files (2 damaged (cut short), 1 not DICOM)". */
export function describeLeftOut(skipped: SkippedFile[]): string {
  return `${plural(skipped.length, 'file')} (${reasonCounts(skipped)})`;
}
