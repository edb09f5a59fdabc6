import { beforeAll, describe, expect, it } from 'vitest';
import { language } from '$lib/i18n';
import { describeLeftOut, dicomLike, reasonCounts } from './left-out';

beforeAll(() => language.useForStaff());

const skipped = (code: string, path = code) => ({ path, size: 1, code, reason: 'x' });

describe('left-out wording', () => {
  it('counts reasons most frequent first, in plain words', () => {
    const files = [skipped('not-dicom', 'a'), skipped('truncated', 'b'), skipped('truncated', 'c'), skipped('unsupported', 'd')];
    expect(reasonCounts(files)).toBe('2 damaged (cut short), 1 not DICOM, 1 in an encoding this app cannot read');
    expect(describeLeftOut(files)).toBe('4 files (2 damaged (cut short), 1 not DICOM, 1 in an encoding this app cannot read)');
  });

  it('warns about files that look like DICOM, not about viewer programs and web pages', () => {
    expect(dicomLike([skipped('not-dicom'), skipped('malformed'), skipped('unreadable')]).map((s) => s.code)).toEqual(['malformed', 'unreadable']);
  });
});
