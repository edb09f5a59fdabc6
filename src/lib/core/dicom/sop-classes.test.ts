import { describe, expect, it } from 'vitest';
import { isDocumentClass, plainClass, recordTypeOf, standardClassName, TOP_LEVEL_RECORD_TYPES } from './sop-classes';
import { STORAGE_SOP_CLASSES } from './storage-classes';

const ROOT = '1.2.840.10008.5.1.4.1.1.';

describe('recordTypeOf (PS3.3 F.5)', () => {
  it.each([
    ['CT image', `${ROOT}2`, 'IMAGE'],
    ['enhanced MR image', `${ROOT}4.1`, 'IMAGE'],
    ['ultrasound image (retired)', `${ROOT}6`, 'IMAGE'],
    ['segmentation', `${ROOT}66.4`, 'IMAGE'],
    ['RT image', `${ROOT}481.1`, 'IMAGE'],
    ['MR spectroscopy', `${ROOT}4.2`, 'SPECTROSCOPY'],
    ['12-lead ECG', `${ROOT}9.1.1`, 'WAVEFORM'],
    ['grayscale presentation state', `${ROOT}11.1`, 'PRESENTATION'],
    ['standalone VOI LUT (retired)', `${ROOT}11`, 'VOI LUT'],
    ['comprehensive SR', `${ROOT}88.33`, 'SR DOCUMENT'],
    ['key object selection', `${ROOT}88.59`, 'KEY OBJECT DOC'],
    ['encapsulated PDF', `${ROOT}104.1`, 'ENCAP DOC'],
    ['raw data', `${ROOT}66`, 'RAW DATA'],
    ['spatial registration', `${ROOT}66.1`, 'REGISTRATION'],
    ['RT dose', `${ROOT}481.2`, 'RT DOSE'],
    ['RT plan', `${ROOT}481.5`, 'RT PLAN'],
    ['RT ion plan', `${ROOT}481.8`, 'RT PLAN'],
    ['RT beams treatment record', `${ROOT}481.4`, 'RT TREAT RECORD'],
    ['RT physician intent', `${ROOT}481.10`, 'RADIOTHERAPY'],
    ['hanging protocol', '1.2.840.10008.5.1.4.38.1', 'HANGING PROTOCOL'],
    ['color palette', '1.2.840.10008.5.1.4.39.1', 'PALETTE'],
    ['a private class', '1.3.6.1.4.1.5962.99.1.2001.1', 'PRIVATE'],
    ['no class at all', '', 'PRIVATE']
  ])('lists a %s instance as %s', (_, uid, type) => {
    expect(recordTypeOf(uid)).toBe(type);
  });

  it('gives every storage class of the standard a record type', () => {
    for (const uid of Object.keys(STORAGE_SOP_CLASSES)) expect(recordTypeOf(uid), uid).toMatch(/^[A-Z][A-Z ]+$/);
  });

  it('puts classes without a study at the top of the directory', () => {
    expect(TOP_LEVEL_RECORD_TYPES.has(recordTypeOf('1.2.840.10008.5.1.4.38.1'))).toBe(true);
    expect(TOP_LEVEL_RECORD_TYPES.has(recordTypeOf(`${ROOT}88.33`))).toBe(false);
  });
});

describe('isDocumentClass', () => {
  it('calls reports, notes, states, waveforms and plans documents, and images and private classes not', () => {
    for (const uid of [`${ROOT}88.33`, `${ROOT}88.59`, `${ROOT}11.1`, `${ROOT}104.1`, `${ROOT}9.1.1`, `${ROOT}481.5`]) expect(isDocumentClass(uid), uid).toBe(true);
    for (const uid of [`${ROOT}2`, `${ROOT}7`, `${ROOT}4`, '1.3.6.1.4.1.5962.99.1.2001.1', '']) expect(isDocumentClass(uid), uid).toBe(false);
  });
});

describe('class names', () => {
  it('gives common classes a plain name of their own (a message) and the rest the standard name', () => {
    expect(plainClass(`${ROOT}104.1`)).toBe('pdf');
    expect(plainClass(`${ROOT}88.59`)).toBe('key_images');
    expect(plainClass(`${ROOT}66`)).toBeNull();
    expect(standardClassName(`${ROOT}66`)).toBe('Raw Data');
    expect(standardClassName(`${ROOT}6`)).toBe('Ultrasound Image (Retired)');
    expect(standardClassName('1.2.3')).toBeNull();
    expect(plainClass('toString')).toBeNull();
  });
});
