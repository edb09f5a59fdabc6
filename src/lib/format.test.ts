import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatLength, formatPercent } from './format';

// Node's Intl carries the same CLDR data as the browsers; spaces in the expected texts may be
// no-break spaces, so they are compared with any space.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('writes sizes 1,024-based in the language of the page', () => {
    expect(plain(formatBytes(512, 'en'))).toBe('512 byte');
    expect(plain(formatBytes(1536, 'en'))).toBe('1.5 kB');
    expect(plain(formatBytes(320 * 1024 ** 2, 'en'))).toBe('320 MB');
    expect(plain(formatBytes(1.5 * 1024 ** 3, 'de'))).toBe('1,5 GB');
  });

  it('writes dates with the month in words, and leaves what is not a date as it is', () => {
    expect(formatDate('2001-01-31', 'en-GB')).toBe('31 Jan 2001');
    expect(formatDate('2001-01-31', 'en-US')).toBe('Jan 31, 2001');
    expect(formatDate('2001-01-31', 'es')).toBe('31 ene 2001');
    expect(formatDate('', 'es')).toBe('—');
    expect(formatDate('unknown', 'es')).toBe('unknown');
  });

  it('writes lengths, percentages and Arabic-Indic digits (Egypt) by Intl', () => {
    expect(plain(formatLength({ value: 33.54, unit: 'mm' }, 'en'))).toBe('33.5 mm');
    expect(plain(formatLength({ value: 33.54, unit: 'mm' }, 'fr'))).toBe('33,5 mm');
    expect(plain(formatLength({ value: 5, unit: 'px' }, 'en'))).toBe('5 px');
    expect(plain(formatPercent(0.45, 'fr'))).toBe('45 %');
    expect(formatPercent(0.45, 'ar-EG')).toMatch(/٤٥/);
  });
});
