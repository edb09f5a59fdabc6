import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, methodCodes, methodText, methodValues, Profile, type DeidOptions } from './profile';
import { PROFILE_EDITION, PROFILE_PATTERNS, PROFILE_TABLE } from './profile-table';

const profile = (o: Partial<DeidOptions> = {}) => new Profile({ ...DEFAULT_OPTIONS, ...o });
const action = (p: Profile, tag: number, vr = '') => p.decide(tag, vr)?.action ?? null;

describe('the generated table', () => {
  it('is PS3.15 Table E.1-1 of a named edition, with every row and the ranges it names', () => {
    expect(PROFILE_EDITION).toMatch(/^20\d\d[a-e]$/);
    expect(Object.keys(PROFILE_TABLE).length).toBeGreaterThan(600);
    expect(PROFILE_TABLE['00100010']).toMatchObject({ name: "Patient's Name", basic: 'Z', vr: 'PN' });
    expect(PROFILE_TABLE['00080018']).toMatchObject({ basic: 'U', options: { retainUids: 'K' } });
    expect(Object.keys(PROFILE_PATTERNS).sort()).toEqual(['50XXXXXX', '60XX3000', '60XX4000', 'private']);
  });
});

describe('decisions', () => {
  it('follow the Basic Profile without options', () => {
    const p = profile({ dates: 'remove', retainPatientCharacteristics: false, cleanDescriptors: false });
    expect(action(p, 0x00100010)).toBe('Z');
    expect(action(p, 0x00101040)).toBe('X');
    expect(action(p, 0x00080018)).toBe('U');
    expect(action(p, 0x00080020)).toBe('Z');
    expect(action(p, 0x00081030)).toBe('X');
    expect(action(p, 0x00101010)).toBe('X');
    expect(action(p, 0x00080060, 'CS')).toBeNull();
  });

  it('resolve compound actions so objects stay valid: Z for X/Z, D where D is offered, UIDs for X/Z/U*, X for sequences', () => {
    const p = profile();
    expect(action(profile({ cleanDescriptors: false }), 0x00321060)).toBe('Z'); // Requested Procedure Description, X/Z
    expect(action(p, 0x00321060)).toBe('C'); // …and C with Clean Descriptors
    expect(action(p, 0x00080080)).toBe('D'); // Institution Name, X/Z/D
    expect(action(p, 0x00100020)).toBe('D'); // Patient ID, Z/D
    expect(action(p, 0x00081140, 'SQ')).toBe('U'); // Referenced Image Sequence, X/Z/U*
    expect(action(p, 0x00080082, 'SQ')).toBe('X'); // Institution Code Sequence, X/Z/D
  });

  it('let an option that keeps win over one that cleans, and both over the Basic Profile', () => {
    expect(action(profile({ dates: 'keep' }), 0x00080020)).toBe('K');
    expect(action(profile({ dates: 'shift' }), 0x00080020)).toBe('C');
    expect(action(profile({ retainPatientCharacteristics: true }), 0x00102110)).toBe('C'); // Allergies: C under either option
    expect(action(profile({ retainInstitution: true }), 0x00080080)).toBe('K');
    expect(action(profile({ retainDevice: true }), 0x00081010)).toBe('K');
  });

  it('remove private attributes, curves and overlays; keep other standard attributes', () => {
    const p = profile();
    expect(action(p, 0x00091001)).toBe('X');
    expect(action(p, 0x00090010)).toBe('X');
    expect(action(profile({ retainSafePrivate: true }), 0x00291010)).toBe('C');
    expect(action(p, 0x50000010)).toBe('X');
    expect(action(p, 0x60003000)).toBe('X');
    expect(action(p, 0x60000010)).toBeNull(); // Overlay Rows
    expect(action(p, 0x00280010)).toBeNull();
  });

  it('replace UIDs of instances the table does not list, keep classes and syntaxes', () => {
    const p = profile();
    expect(action(p, 0x00081167)).toBe('U'); // Multi-frame Source SOP Instance UID
    expect(action(p, 0x00081150, 'UI')).toBeNull(); // Referenced SOP Class UID
    expect(action(p, 0x00020010, 'UI')).toBeNull();
    expect(action(p, 0x0008010c, 'UI')).toBeNull(); // Coding Scheme UID
    expect(action(p, 0x00299999, 'UI')).toBe('X');
    expect(action(p, 0x00181234, 'UI')).toBe('U'); // a UID attribute of a later edition
  });
});

describe('the method', () => {
  it('names the Basic Profile and each option chosen, with their CID 7050 codes', () => {
    expect(methodCodes(DEFAULT_OPTIONS).map((c) => c.code)).toEqual(['113100', '113107', '113108', '113105']);
    expect(methodCodes({ ...DEFAULT_OPTIONS, dates: 'keep', retainDevice: true, retainInstitution: true, cleanStructuredContent: true, retainPatientCharacteristics: false, cleanDescriptors: false }).map((c) => c.code)).toEqual([
      '113100',
      '113106',
      '113109',
      '113112',
      '113104'
    ]);
    expect(methodText(DEFAULT_OPTIONS)).toContain(`edition ${PROFILE_EDITION}`);
    expect(methodText(DEFAULT_OPTIONS)).toContain('Retain Longitudinal Temporal Information Modified Dates Option');
    for (const v of methodValues()) expect(v.length).toBeLessThanOrEqual(64);
  });
});
