import { readFileSync } from 'node:fs';
import { data } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { listTags, orientationMarkers, type TagRow } from './tags';

const SAMPLES = new URL('../../../../../shared/dicom-samples/', import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const dictionary = (tag: string) => (data.DicomMetaDictionary.dictionary as Record<string, { name: string; vr: string }>)[tag];
const row = (rows: TagRow[], tag: string) => rows.find((r) => r.tag === tag);

describe('listTags', () => {
  it('lists meta and data set elements with names, VRs and values (CT_small.dcm, explicit LE)', () => {
    const rows = listTags(sample('CT_small.dcm'), dictionary);
    // Values as `dcmdump CT_small.dcm` prints them.
    expect(row(rows, '(0002,0010)')).toMatchObject({ name: 'TransferSyntaxUID', vr: 'UI', value: '1.2.840.10008.1.2.1' });
    expect(row(rows, '(0010,0010)')).toMatchObject({ name: 'PatientName', vr: 'PN', value: 'CompressedSamples^CT1' });
    expect(row(rows, '(0028,0010)')).toMatchObject({ name: 'Rows', vr: 'US', value: '128' });
    expect(row(rows, '(7FE0,0010)')).toMatchObject({ name: 'PixelData', value: '(32768 bytes)' });
  });

  it('takes VRs from the dictionary for implicit VR files and reads big endian numbers', () => {
    expect(row(listTags(sample('MR_small_implicit.dcm'), dictionary), '(0028,0011)')).toMatchObject({ vr: 'US', value: '64' });
    expect(row(listTags(sample('MR_small_bigendian.dcm'), dictionary), '(0028,0011)')).toMatchObject({ vr: 'US', value: '64' });
  });

  it('indents the items of sequences', () => {
    const rows = listTags(sample('test-SR.dcm'), dictionary);
    expect(row(rows, '(0040,A730)')).toMatchObject({ vr: 'SQ', depth: 0 });
    expect(rows.some((r) => r.depth >= 2 && r.name === 'CodeMeaning')).toBe(true);
  });
});

describe('orientationMarkers', () => {
  const rowsWith = (iop: string): TagRow[] => [{ tag: '(0020,0037)', name: '', vr: 'DS', value: iop, depth: 0 }];

  it('labels an axial image R/L across and A/P down', () => {
    expect(orientationMarkers(rowsWith('1\\0\\0\\0\\1\\0'))).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('labels a coronal image H/F down', () => {
    expect(orientationMarkers(rowsWith('1\\0\\0\\0\\0\\-1'))).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
  });

  it('gives two letters for an oblique edge, strongest first', () => {
    expect(orientationMarkers(rowsWith('0.8\\0.6\\0\\0\\0\\-1'))?.right).toBe('LP');
  });

  it('gives nothing without a usable orientation', () => {
    expect(orientationMarkers([])).toBeNull();
    expect(orientationMarkers(rowsWith('1\\0\\0'))).toBeNull();
  });

  it('reads the orientation of a real CT (CT_small.dcm)', () => {
    expect(orientationMarkers(listTags(sample('CT_small.dcm'), dictionary))).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
});
