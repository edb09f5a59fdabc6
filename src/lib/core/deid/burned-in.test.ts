import { describe, expect, it } from 'vitest';
import { burnedInRisk } from './burned-in';

const file = (modality: string, sopClassUid = '1.2.840.10008.5.1.4.1.1.6.1', kind: 'image' | 'document' | 'other' = 'image') => ({
  kind,
  sopClassUid,
  series: { modality, description: '', number: null }
});

describe('images that may show the patient in their pixels', () => {
  it('are those whose Burned In Annotation says YES, whatever the modality', () => {
    expect(burnedInRisk(file('CT', '1.2.840.10008.5.1.4.1.1.2'), 'YES')).toBe('image');
  });

  it('are, when it is absent, ultrasound, secondary captures, angiography, photos and scanned documents', () => {
    for (const m of ['US', 'OT', 'XA', 'XC', 'DOC']) expect(burnedInRisk(file(m), ''), m).toBe('image');
    expect(burnedInRisk(file('', '1.2.840.10008.5.1.4.1.1.7'), '')).toBe('image');
    expect(burnedInRisk(file('CT', '1.2.840.10008.5.1.4.1.1.2'), '')).toBeNull();
    expect(burnedInRisk(file('MR', '1.2.840.10008.5.1.4.1.1.4'), '')).toBeNull();
  });

  it('are not those whose Burned In Annotation says NO, nor objects without pixels', () => {
    expect(burnedInRisk(file('US'), 'NO')).toBeNull();
    expect(burnedInRisk(file('US', '1.2.840.10008.5.1.4.1.1.6.1', 'other'), '')).toBeNull();
  });

  it('encapsulated documents (PDF, CDA) are left out: the profile replaces their content', () => {
    expect(burnedInRisk(file('DOC', '1.2.840.10008.5.1.4.1.1.104.1', 'document'), 'YES')).toBe('document');
    expect(burnedInRisk(file('DOC', '1.2.840.10008.5.1.4.1.1.104.2', 'document'), 'NO')).toBe('document');
  });
});
