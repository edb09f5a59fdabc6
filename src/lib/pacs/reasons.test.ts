import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '$lib/i18n';
import { describeReason, reasonCode } from './reasons';

describe('reasons per instance', () => {
  it('names a DICOM reason by its hex code and the app\'s own by its word', () => {
    expect(reasonCode(0xa900)).toBe('A900');
    expect(reasonCode(0x0110)).toBe('0110');
    expect(reasonCode('not-confirmed')).toBe('not-confirmed');
    expect(reasonCode(null)).toBe('');
  });

  it('says each reason in words, with the code as DICOM writes it, by the standard\'s ranges', async () => {
    const en = await loadCatalogue('patient', 'en', 'en');
    expect(describeReason(0xb007, en)).toBe('Stored, though it does not match its SOP class (0xB007).');
    expect(describeReason(0xa7ff, en)).toBe('The PACS is out of resources (0xA7FF).');
    expect(describeReason(0xa9c0, en)).toBe('The data does not match its SOP class (0xA9C0).');
    expect(describeReason(0xc123, en)).toBe('The PACS cannot understand it (0xC123).');
    expect(describeReason(0xb123, en)).toBe('Stored with a warning (0xB123).');
    expect(describeReason(0xfe00, en)).toBe('The PACS gave reason 0xFE00.');
    expect(describeReason('damaged', en)).toBe('The file is damaged in the share (its checksum does not match), so it was not sent.');
    expect(describeReason(null, en)).toBe('');
  });

  it('says them in the page\'s language, the code unchanged', async () => {
    const de = await loadCatalogue('patient', 'de', 'de');
    expect(describeReason(0x0122, de)).toBe('Das PACS nimmt diese Art von Objekt (SOP-Klasse) nicht an (0x0122).');
    expect(describeReason('not-kept', de)).toMatch(/^Das PACS meldete sie als gespeichert/);
  });
});
