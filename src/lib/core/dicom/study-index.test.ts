import { describe, expect, it } from 'vitest';
import { DicomError } from './errors';
import { indexFile, type IndexedFile } from './index-file';
import { StudyIndexBuilder } from './study-index';
import { listSamples, readManifest, readSample } from './test-helpers';

/** Indexes files the way the app does: accept what parses, skip the rest with the error's words. */
function build(paths: string[]) {
  const builder = new StudyIndexBuilder();
  for (const path of paths) {
    const bytes = readSample(path);
    try {
      builder.add(indexFile(path, bytes));
    } catch (e) {
      if (!(e instanceof DicomError)) throw e;
      builder.skip({ path, size: bytes.length, code: e.code, reason: e.message });
    }
  }
  return builder.build();
}

const seriesOf = (files: IndexedFile[]) => files.map((f) => f.path.split('/').pop());

describe('StudyIndexBuilder on the dicomdir-pcir CD', () => {
  const paths = listSamples().filter((p) => p.startsWith('dicomdir-pcir/'));
  const index = build(paths);

  it('accepts all 32 files, keeps the DICOMDIR as a directory outside any series, and counts 31 images', () => {
    expect(index.skipped).toEqual([]);
    expect(index.files.map((f) => f.path)).toEqual(paths); // input order
    expect(index.files.filter((f) => f.kind === 'directory').map((f) => f.path)).toEqual(['dicomdir-pcir/DICOMDIR']);
    const inSeries = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((x) => x.files)));
    expect(inSeries).toHaveLength(31);
    expect(inSeries.some((f) => f.kind === 'directory')).toBe(false);
    expect(index.imageCount).toBe(31);
    expect(index.totalBytes).toBe(paths.reduce((sum, p) => sum + readSample(p).length, 0));
  });

  it('groups by what the files say, not by folder: 3 folders hold 2 patients (dcmdump: the DICOMDIR has 2 PATIENT records)', () => {
    // Folders 98892001 and 98892003 both hold "Doe^Peter", Patient ID 98890234, sex M, no birth date.
    expect(index.patients.map((p) => [p.name, p.id, p.sex])).toEqual([
      ['DOE, Archibald', '77654033', ''],
      ['DOE, Peter', '98890234', 'M']
    ]);
  });

  it('lists studies newest first and series by number, matching the DICOMDIR (6 studies, 13 series)', () => {
    const summary = index.patients.map((p) =>
      p.studies.map((s) => [s.date, s.description, s.modalities.join('+'), s.series.map((x) => `${x.number}:${x.imageCount}`).join(' ')])
    );
    expect(summary).toEqual([
      [
        ['2001-01-01', 'XR C Spine Comp Min 4 Views', 'CR', '1:1 2:1 3:1'],
        ['1995-09-03', 'CT, HEAD/BRAIN WO CONTRAST', 'CT', '2:4']
      ],
      [
        // Three MR studies on the same day: latest study time first (05:07:43, 04:53:57, 02:51:09).
        ['2003-05-05', 'Carotids', 'MR', '1:1 2:1'],
        ['2003-05-05', 'Brain-MRA', 'MR', '1:1 2:3 700:7'],
        ['2003-05-05', 'Brain', 'MR', '1:1 2:3'],
        ['2001-01-01', '', 'CT', '4:2 5:5']
      ]
    ]);
  });

  it('sorts a series by instance number, not by file name', () => {
    const peter = index.patients[1];
    const mra = peter.studies.find((s) => s.description === 'Brain-MRA')!;
    expect(seriesOf(mra.series.find((s) => s.number === 700)!.files)).toEqual(['4558', '4528', '4588', '4467', '4618', '4678', '4648']);
    // Folder MR2 mixes three series; this one's files are numbered 3, 2, 1.
    expect(seriesOf(mra.series.find((s) => s.number === 2)!.files)).toEqual(['6935', '6605', '6273']);
  });
});

describe('StudyIndexBuilder on the whole corpus', () => {
  it('skips exactly the truncated file and the two text files, with their codes and plain reasons', () => {
    const index = build(listSamples());
    expect(index.skipped.map((s) => [s.path, s.code])).toEqual([
      ['LICENSES.md', 'not-dicom'],
      ['MANIFEST.tsv', 'not-dicom'],
      ['MR_truncated.dcm', 'truncated']
    ]);
    expect(index.skipped[2].reason).toBe('This DICOM file is damaged: it ends before its pixel data does.');
    const manifestImages = readManifest().filter((r) => r.rows_x_cols && r.file !== 'MR_truncated.dcm');
    expect(index.imageCount).toBe(manifestImages.length);
    expect(index.files.filter((f) => f.kind === 'image').map((f) => f.path).sort()).toEqual(manifestImages.map((r) => r.file).sort());
  });
});

function file(over: Partial<IndexedFile> & { path: string }): IndexedFile {
  const base = indexFile('template', readSample('dicomdir-pcir/77654033/CT2/17106'));
  return { ...base, ...over, instance: over.instance === undefined ? base.instance : over.instance };
}

describe('StudyIndexBuilder ordering and grouping rules', () => {
  it('orders files by instance number, then slice location, then path, missing numbers last', () => {
    const b = new StudyIndexBuilder();
    const inst = (number: number | null, sliceLocation: number | null) => ({ ...file({ path: 't' }).instance!, number, sliceLocation });
    b.add(file({ path: 'e', instance: inst(null, null) }));
    b.add(file({ path: 'd', instance: inst(2, 5) }));
    b.add(file({ path: 'c', instance: inst(2, -5) }));
    b.add(file({ path: 'b', instance: inst(1, null) }));
    b.add(file({ path: 'a', instance: inst(1, null) }));
    b.add(file({ path: 'f', kind: 'document', instance: null }));
    const [series] = b.build().patients[0].studies[0].series;
    expect(series.files.map((f) => f.path)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(series.imageCount).toBe(5); // the document is listed but is not an image
  });

  it('orders studies newest first with undated ones last, and series by number with unnumbered last', () => {
    const b = new StudyIndexBuilder();
    const study = (date: string) => ({ ...file({ path: 'x' }).study, date, time: '' });
    const series = (number: number | null) => ({ ...file({ path: 'x' }).series, number });
    b.add(file({ path: '1', studyUid: 'old', study: study('1999-01-01') }));
    b.add(file({ path: '2', studyUid: 'none', study: study('') }));
    b.add(file({ path: '3', studyUid: 'new', seriesUid: 's-null', study: study('2020-01-01'), series: series(null) }));
    b.add(file({ path: '4', studyUid: 'new', seriesUid: 's-10', study: study('2020-01-01'), series: series(10) }));
    b.add(file({ path: '5', studyUid: 'new', seriesUid: 's-9', study: study('2020-01-01'), series: series(9) }));
    const [patient] = b.build().patients;
    expect(patient.studies.map((s) => s.studyUid)).toEqual(['new', 'old', 'none']);
    expect(patient.studies[0].series.map((s) => s.seriesUid)).toEqual(['s-9', 's-10', 's-null']);
  });

  it('separates patients who share a name but not a birth date or ID', () => {
    const b = new StudyIndexBuilder();
    const patient = (id: string, birthDate: string) => ({ name: 'DOE, John', id, birthDate, sex: 'M' });
    b.add(file({ path: '1', patient: patient('1', '1970-01-01') }));
    b.add(file({ path: '2', patient: patient('1', '1980-01-01') }));
    b.add(file({ path: '3', patient: patient('2', '1970-01-01') }));
    b.add(file({ path: '4', patient: patient('1', '1970-01-01') }));
    const patients = b.build().patients;
    expect(patients.map((p) => [p.id, p.birthDate, p.studies[0].series[0].files.length])).toEqual([
      ['1', '1970-01-01', 2],
      ['1', '1980-01-01', 1],
      ['2', '1970-01-01', 1]
    ]);
    expect(new Set(patients.map((p) => p.key)).size).toBe(3);
  });

  it('lists unnamed patients after named ones', () => {
    const b = new StudyIndexBuilder();
    const patient = (name: string) => ({ name, id: '', birthDate: '', sex: '' });
    b.add(file({ path: '1', patient: patient('') }));
    b.add(file({ path: '2', patient: patient('ZED, Zoe') }));
    b.add(file({ path: '3', patient: patient('ABLE, Al') }));
    expect(b.build().patients.map((p) => p.name)).toEqual(['ABLE, Al', 'ZED, Zoe', '']);
  });

  it('returns fresh, equal results on every build so progress snapshots cannot be corrupted', () => {
    const b = new StudyIndexBuilder();
    b.add(file({ path: '1' }));
    b.skip({ path: 'autorun.inf', size: 40, code: 'not-dicom', reason: 'This is not a DICOM file (it looks like a text file).' });
    const first = b.build();
    first.files.pop();
    first.patients[0].studies.pop();
    expect(b.build()).toMatchObject({ files: [{ path: '1' }], skipped: [{ path: 'autorun.inf' }], imageCount: 1 });
    expect(b.build().patients[0].studies).toHaveLength(1);
  });
});
