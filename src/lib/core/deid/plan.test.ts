// A whole CD (tests/fixtures/make-cd.sh: images, instances without pixels, a key object selection
// and a presentation state referencing images, a deflated SR, a PDF, a private class, a bare big
// endian data set…) surveyed, planned and read as a de-identified share.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from '../dicom/index-file';
import { StudyIndexBuilder } from '../dicom/study-index';
import { makeTestCd, readSample, testCdFiles } from '../dicom/test-helpers';
import { selectShare } from '../share-plan';
import { burnedInRisk } from './burned-in';
import { Deidentifier } from './deidentify';
import { deidentifiedBytes, manifestMark, mergeSurveys, planShare, renameThumbnails, surveyFiles } from './plan';
import { DEFAULT_OPTIONS } from './profile';
import { bytesSource, HEAD_BYTES, materialize } from './source';
import { countingSource, dump, settings } from './test-support';

const cd = makeTestCd();
const dicom = testCdFiles().filter((f) => f.kind !== 'not-dicom');
const bytes = new Map(dicom.map((f) => [f.path, new Uint8Array(readFileSync(join(cd, f.path)))]));
const open = (path: string) => bytesSource(bytes.get(path)!);

function cdIndex() {
  const builder = new StudyIndexBuilder();
  for (const [path, b] of bytes) builder.add(indexFile(path, b));
  return builder.build();
}

describe('the survey', async () => {
  const index = cdIndex();
  const survey = await surveyFiles(index.files.filter((f) => f.kind !== 'directory').map((f) => ({ path: f.path, source: open(f.path) })));

  it('learns the patient name, ID, birth date and accession number as identifiers', () => {
    for (const v of ['tester', 'cecilia', 'cd-0042', '19610714', '14.07.1961', 'acc-77']) expect(survey.identifiers, v).toContain(v);
  });

  it('is the same read in parts and merged', async () => {
    const files = index.files.filter((f) => f.kind !== 'directory').map((f) => ({ path: f.path, source: open(f.path) }));
    const parts = await Promise.all([surveyFiles(files.slice(0, 10)), surveyFiles(files.slice(10, 20)), surveyFiles(files.slice(20))]);
    expect(mergeSurveys(parts)).toEqual(survey);
  });

  it('reads every file and its Burned In Annotation; the PDF is a document the share leaves out', () => {
    expect(survey.files.filter((f) => f.error)).toEqual([]);
    const pdf = index.files.find((f) => f.path === 'DICOM/DOC/PDF1')!;
    expect(burnedInRisk(pdf, survey.files.find((f) => f.path === pdf.path)!.burnedIn)).toBe('document');
    const ct = index.files.find((f) => f.path === 'DICOM/CT1/IM1')!;
    expect(burnedInRisk(ct, survey.files.find((f) => f.path === ct.path)!.burnedIn)).toBeNull();
  });
});

describe('a planned share', async () => {
  const index = selectShare(cdIndex(), { series: new Set(), documents: new Set(), otherFiles: false, files: new Set(['DICOM/DOC/PDF1', 'DICOMDIR']) });
  const survey = await surveyFiles(index.files.map((f) => ({ path: f.path, source: open(f.path) })));
  const deid = await Deidentifier.create(settings(), survey.identifiers);
  const ct1 = index.patients[0].studies[0].series[0].seriesUid;
  const plan = await planShare(index, open, deid);

  it('describes the files as shared: pseudonym, shifted date, no accession, new UIDs, neutral paths', () => {
    expect(plan.index.patients).toHaveLength(1);
    const [patient] = plan.index.patients;
    expect(patient).toMatchObject({ name: 'TEACHING 42', id: 'TEACHING 42', birthDate: '' });
    const [study] = patient.studies;
    expect(study.studyUid).toBe(deid.keys.uid('2.25.31415926535897932384626433832795.1'));
    expect(study.accession).toBe('');
    expect(study.date).not.toBe('2026-11-01');
    expect(study.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(plan.ordered.map((f) => f.path)).toEqual(plan.ordered.map((_, i) => `DEIDENTIFIED/${String(i + 1).padStart(5, '0')}`));
    expect(plan.ordered).toHaveLength(31); // 33 DICOM files less the PDF and the DICOMDIR
    expect(plan.index.leftOut).toBe(1);
  });

  it('keeps the thumbnail with its series under the new UID', () => {
    expect(renameThumbnails(deid, { [ct1]: 'data:image/png;base64,AAAA' })).toEqual({ [deid.keys.uid(ct1)]: 'data:image/png;base64,AAAA' });
    expect(plan.index.patients[0].studies[0].series.some((r) => r.seriesUid === deid.keys.uid(ct1))).toBe(true);
  });

  it('gives each file the bytes it planned, which dcmdump reads; every reference of the key object selection resolves', async () => {
    const shared = new Set(plan.ordered.map((f) => f.sopInstanceUid));
    for (const [i, file] of plan.ordered.entries()) {
      const source = open(plan.sources[i]);
      const chunks: Uint8Array[] = [];
      for await (const chunk of deidentifiedBytes(deid, source, file.size, i % 2 ? plan.pieces[i] : null)) chunks.push(chunk.slice());
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
      expect(out.length).toBe(file.size);
      expect(indexFile(file.path, out).sopInstanceUid).toBe(file.sopInstanceUid);
      const lines = dump(out, `plan-${i}.dcm`);
      if (file.sopClassUid === '1.2.840.10008.5.1.4.1.1.88.59') {
        const refs = lines.filter((l) => l.tag === '0008,1155').map((l) => l.value.slice(1, -1));
        expect(refs.length).toBe(6);
        for (const ref of refs) expect(shared.has(ref), ref).toBe(true);
      }
    }
  });

  it('stops with file-changed when a file no longer gives the planned size or bytes', async () => {
    const first = plan.ordered[0];
    const read = deidentifiedBytes(deid, open(plan.sources[0]), first.size + 1);
    await expect(read.next()).rejects.toMatchObject({ code: 'file-changed' });
    const image = plan.ordered.findIndex((f) => f.kind === 'image');
    expect(plan.pieces[image]).not.toBeNull();
    const original = bytes.get(plan.sources[image])!;
    const cut = deidentifiedBytes(deid, bytesSource(original.subarray(0, original.length - 10)), plan.ordered[image].size, plan.pieces[image]);
    await expect((async () => { for await (const _ of cut); })()).rejects.toMatchObject({ code: 'file-changed' });
  });

  it('is marked with the method and its codes', () => {
    expect(manifestMark(DEFAULT_OPTIONS)).toEqual({ method: expect.stringContaining('Basic Application Level Confidentiality Profile'), codes: ['113100', '113107', '113108', '113105'] });
  });

  it('holds only the new headers: no piece is a view of a larger buffer', () => {
    const held = plan.pieces.flatMap((p) => p ?? []).filter((s): s is Uint8Array => s instanceof Uint8Array);
    expect(held.length).toBeGreaterThanOrEqual(plan.ordered.length);
    for (const b of held) expect(b.buffer.byteLength).toBe(b.length);
  });

  it('survives a structured clone (it is made on the review and sent to the sharing worker)', () => {
    const copy = structuredClone(plan);
    expect(copy.ordered[0]).toBe(copy.index.patients[0].studies[0].series.flatMap((r) => r.files).find((f) => f.path === copy.ordered[0].path));
    expect(copy.pieces).toEqual(plan.pieces);
  });

  it('is the same bytes when planned again (an interrupted upload resumes)', async () => {
    const again = await planShare(index, open, await Deidentifier.create(settings(), survey.identifiers));
    expect(again.ordered.map((f) => [f.size, f.sopInstanceUid])).toEqual(plan.ordered.map((f) => [f.size, f.sopInstanceUid]));
    const source = open(plan.sources[0]);
    const a = await deid.rewrite(source);
    expect(await materialize(a.segments, source)).toEqual(await materialize((await deid.rewrite(source)).segments, source));
  });
});

describe('reading a large image', () => {
  it('plans it from its head and what follows its pixels, never its pixels; sends its pixels in one read', async () => {
    const bytes = readSample('CT1_UNC.explicit_little_endian.dcm');
    const file = indexFile('CT/1', bytes);
    const pixels = [file.pixelData!.offset, file.pixelData!.offset + file.pixelData!.length];
    const builder = new StudyIndexBuilder();
    builder.add(file);
    const deid = await Deidentifier.create(settings());
    const planned = countingSource(bytes);
    const plan = await planShare(builder.build(), () => planned, deid);
    expect(planned.ranges[0]).toEqual([0, HEAD_BYTES]);
    expect(planned.ranges.every(([from, to]) => to <= HEAD_BYTES || from >= pixels[1])).toBe(true);
    expect(planned.read_).toBeLessThan(HEAD_BYTES + 1024);
    // As planned: the header held, the pixels read once (and nothing else).
    const sent = countingSource(bytes);
    let total = 0;
    for await (const chunk of deidentifiedBytes(deid, sent, plan.ordered[0].size, plan.pieces[0])) total += chunk.length;
    expect(total).toBe(plan.ordered[0].size);
    expect(sent.ranges).toEqual([[pixels[0] - 12, pixels[1]]]); // the Pixel Data element, header and value
    // Without the plan: the head, the pixels, what follows them; no byte twice but the head's.
    const again = countingSource(bytes);
    for await (const chunk of deidentifiedBytes(deid, again, plan.ordered[0].size)) total -= chunk.length;
    expect(total).toBe(0);
    expect(again.ranges.length).toBeLessThanOrEqual(3);
    expect(again.read_).toBeLessThan(bytes.length + HEAD_BYTES);
  });
});
