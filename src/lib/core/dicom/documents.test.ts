import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument, type ReportItem } from './documents';

const SAMPLES = new URL('../../../../../shared/dicom-samples/', import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));

/** A minimal one-page PDF (PDF 1.4; the xref offsets are not checked by pdf2dcm). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

function flatten(items: ReportItem[]): ReportItem[] {
  return items.flatMap((i) => [i, ...flatten(i.children)]);
}

describe('readDocument', () => {
  it('reads a structured report as a tree of named values (test-SR.dcm)', () => {
    const doc = readDocument(sample('test-SR.dcm'));
    expect(doc.kind).toBe('report');
    if (doc.kind !== 'report') return;
    // Values checked with `dcmdump test-SR.dcm`: the report's title and its first text item.
    expect(doc.title).toBe('Diagnosis');
    const all = flatten(doc.items);
    expect(all).toContainEqual(expect.objectContaining({ name: 'Text Code', value: 'A mass of' }));
    expect(all.some((i) => i.name === 'Code' && i.value === 'Sample Code 1')).toBe(true);
  });

  it('gives back the PDF inside an encapsulated PDF made by dcmtk pdf2dcm, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'discless-pdf-'));
    writeFileSync(join(dir, 'report.pdf'), PDF);
    execFileSync('pdf2dcm', ['--title', 'Discharge letter', join(dir, 'report.pdf'), join(dir, 'report.dcm')]);
    const doc = readDocument(new Uint8Array(readFileSync(join(dir, 'report.dcm'))));
    expect(doc).toMatchObject({ kind: 'pdf', title: 'Discharge letter' });
    if (doc.kind === 'pdf') expect(Buffer.from(doc.pdf).subarray(0, PDF.length).equals(PDF)).toBe(true);
  });

  it('gives other objects (an RT plan, an ECG) no title of their own, only their class, which the page names', () => {
    expect(readDocument(sample('rtplan.dcm'))).toEqual({ kind: 'other', sopClassUid: '1.2.840.10008.5.1.4.1.1.481.5', title: '' });
    expect(readDocument(sample('waveform_ecg.dcm'))).toEqual({ kind: 'other', sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', title: '' });
  });
});
