// What the review says about the files that will not go as DICOM: a short reason per indexer code,
// counted, so staff see at a glance what a CD holds that cannot be shared as images.

import type { SkippedFile } from '../core/dicom/study-index';
import { language, s } from '../i18n';
import { skipReason } from '../i18n/dicom-names';

/** Files that look like DICOM but could not be read as DICOM: these deserve a warning. */
export function dicomLike(skipped: SkippedFile[]): SkippedFile[] {
  return skipped.filter((s) => s.code !== 'not-dicom');
}

/** "2 damaged (cut short), 1 not DICOM", most frequent first. */
export function reasonCounts(skipped: SkippedFile[]): string {
  const counts = new Map<string, number>();
  for (const file of skipped) counts.set(file.code, (counts.get(file.code) ?? 0) + 1);
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([code, count]) => s.left_out_reason({ count, reason: skipReason(code) }));
  return new Intl.ListFormat(language.tag, { type: 'unit', style: 'short' }).format(reasons);
}

/** "3 files (2 damaged (cut short), 1 not DICOM)". */
export function describeLeftOut(skipped: SkippedFile[]): string {
  return s.left_out_files({ count: skipped.length, reasons: reasonCounts(skipped) });
}
