import { describe, expect, it } from 'vitest';
import { latin1 } from '../dicom/charset';
import { dummyText, Scrubber, shiftDates, ShareKeys } from './values';

const KEY = new Uint8Array(32).fill(3);

describe('replacement UIDs', () => {
  it('are 2.25 UUIDs (version 8), the same for the same UID and key, different for another', async () => {
    const keys = await ShareKeys.create(KEY);
    const a = keys.uid('1.2.826.0.1.3680043.2.1125.1');
    expect(a).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(keys.uid('1.2.826.0.1.3680043.2.1125.1')).toBe(a);
    expect(keys.uid('1.2.826.0.1.3680043.2.1125.2')).not.toBe(a);
    const n = BigInt(a.slice(5));
    expect((n >> 76n) & 0xfn).toBe(8n); // version nibble
    expect((n >> 62n) & 0x3n).toBe(2n); // RFC variant
    expect((await ShareKeys.create(new Uint8Array(32))).uid('1.2.826.0.1.3680043.2.1125.1')).not.toBe(a);
  });

  it('leave UIDs of the standard itself and empty values alone', async () => {
    const keys = await ShareKeys.create(KEY);
    expect(keys.uid('1.2.840.10008.5.1.4.1.1.2')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(keys.uid('')).toBe('');
  });

  it('give one date offset per key, one to ten years back', async () => {
    const keys = await ShareKeys.create(KEY);
    expect(keys.dateOffsetDays).toBe((await ShareKeys.create(KEY)).dateOffsetDays);
    expect(keys.dateOffsetDays).toBeLessThanOrEqual(-365);
    expect(keys.dateOffsetDays).toBeGreaterThanOrEqual(-3652);
  });
});

describe('shifted dates', () => {
  it('move DA values, ranges and several values by whole days, across months and leap years', () => {
    expect(shiftDates('20240301', 'DA', -1)).toBe('20240229');
    expect(shiftDates('20250101', 'DA', -366)).toBe('20240101');
    expect(shiftDates('20200101-20200131\\20200301', 'DA', 10)).toBe('20200111-20200210\\20200311');
    expect(shiftDates('1997.04.30', 'DA', 1)).toBe('19970501');
  });

  it('keep the precision, time and offset of a DT value', () => {
    expect(shiftDates('20250301101010.123+0100', 'DT', -1)).toBe('20250228101010.123+0100');
    expect(shiftDates('2025', 'DT', -400)).toBe('2023');
    expect(shiftDates('202503', 'DT', -31)).toBe('202501');
  });

  it('remove what is not a date rather than keep it', () => {
    expect(shiftDates('20251301', 'DA', 1)).toBe('');
    expect(shiftDates('unknown', 'DA', 1)).toBe('');
    expect(shiftDates('', 'DA', 1)).toBe('');
  });
});

describe('dummy values', () => {
  it('fit their VR', () => {
    expect(dummyText('PN')).toBe('ANONYMIZED');
    expect(dummyText('DA')).toMatch(/^\d{8}$/);
    expect(dummyText('TM')).toMatch(/^\d{6}$/);
    expect(dummyText('AS')).toMatch(/^\d{3}[DWMY]$/);
    expect(dummyText('IS')).toBe('0');
  });
});

describe('cleaning text', () => {
  const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const clean = (scrubber: Scrubber, s: string) => latin1(scrubber.clean(bytes(s)));

  it('blanks names by their parts, IDs and birth dates in the forms people write them, whole words only', () => {
    const s = new Scrubber();
    s.add('Smithson^Anna^Marie', 'PN');
    s.add('PID-55501 ', 'LO');
    s.add('19700203', 'DA');
    expect(clean(s, 'Anna SMITHSON (PID-55501), 03.02.1970, 1970-02-03')).toBe('**** ******** (*********), **********, **********');
    expect(clean(s, 'Annabel Smithsonian')).toBe('Annabel Smithsonian');
    expect(clean(s, 'marie')).toBe('*****');
  });

  it('treats bytes above 127 as letters, so a name inside a word of another script is not cut', () => {
    const s = new Scrubber();
    s.add('Jörg', 'PN');
    expect(clean(s, 'Dr J\xf6rg saw it')).toBe('Dr **** saw it');
    expect(clean(s, 'J\xf6rgen')).toBe('J\xf6rgen');
  });

  it('returns the same bytes when nothing matches, and ignores values too short to mean anything', () => {
    const s = new Scrubber();
    s.add('AB', 'LO');
    s.add('X', 'PN');
    expect(s.size).toBe(0);
    const b = bytes('AB X');
    expect(s.clean(b)).toBe(b);
  });

  it('escapes what would be pattern syntax', () => {
    const s = new Scrubber();
    s.add('A.B(C)+', 'LO');
    expect(clean(s, 'x A.B(C)+ y AxB(C)+')).toBe('x ******* y AxB(C)+');
  });
});
