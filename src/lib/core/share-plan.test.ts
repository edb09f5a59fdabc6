import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from './dicom/index-file';
import { StudyIndexBuilder } from './dicom/study-index';
import { layoutFiles, parseManifest, serializeManifest } from './manifest';
import { buildManifest, orderFiles, selectShare, SHARE_EVERYTHING, type SharedFile } from './share-plan';
import { makeTestCd } from './dicom/test-helpers';
import { DicomError } from './dicom/errors';

const CD = new URL('../../../../shared/dicom-samples/dicomdir-pcir', import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

/** Indexes a folder as the app does: what parses goes in, the rest is skipped with its reason. */
function indexFolder(folder: string) {
  const builder = new StudyIndexBuilder();
  for (const path of walk(folder).sort()) {
    const bytes = new Uint8Array(readFileSync(path));
    try {
      builder.add(indexFile(relative(folder, path), bytes));
    } catch (e) {
      if (!(e instanceof DicomError)) throw e;
      builder.skip({ path: relative(folder, path), size: bytes.length, code: e.code, reason: e.message });
    }
  }
  return builder.build();
}

const indexCd = () => indexFolder(CD);

/** The manifest a sender writes for `index` (checksums and salts stand in), as a reader parses it. */
function manifestOf(index: ReturnType<typeof indexCd>, ordered: SharedFile[] = orderFiles(index), label = '') {
  const { placements, objectSizes } = layoutFiles(ordered.map((f) => f.size));
  const content = {
    ordered,
    sha256: ordered.map(() => '0'.repeat(64)),
    placements,
    objects: objectSizes.map((size) => ({ size, salt: 'AAAAAAAAAAAAAAAAAAAAAA' })),
    objectSize: 32 * 1024 * 1024,
    recordSize: 262144
  };
  return parseManifest(serializeManifest(buildManifest(index, content, label, new Date('2026-11-27T00:00:00Z'))));
}

describe('share plan', () => {
  const index = indexCd();

  it('stores the DICOMDIR first, then every image series in viewing order', () => {
    const ordered = orderFiles(index);
    expect(ordered).toHaveLength(index.files.length);
    expect(new Set(ordered)).toEqual(new Set(index.files));
    expect(ordered[0].path).toBe('DICOMDIR');
    const firstSeries = index.patients[0].studies[0].series[0].files;
    expect(ordered.slice(1, 1 + firstSeries.length)).toEqual(firstSeries);
  });

  it('builds a manifest that a reader accepts and that names every series file', () => {
    const ordered = orderFiles(index);
    const parsed = manifestOf(index, ordered, 'CT for Dr X');
    expect(parsed.label).toBe('CT for Dr X');
    expect(parsed.studies.flatMap((s) => s.series.flatMap((r) => r.files))).toHaveLength(index.imageCount);
    // The folder names suggest three patients; the files name two (Peter Doe has two studies).
    expect(new Set(parsed.studies.map((s) => s.patient.name)).size).toBe(2);
    expect(parsed.files.map((f) => f.path)).toEqual(ordered.map((f) => f.path));
  });

  it('leaves out unticked series, the studies and patients they empty, and the DICOMDIR', () => {
    const mr = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((r) => r.modality === 'MR');
    expect(mr.length).toBeGreaterThan(0);
    const selected = selectShare(index, { ...SHARE_EVERYTHING, series: new Set(mr.map((r) => r.seriesUid)) });
    const left = selected.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    expect(left.some((r) => r.modality === 'MR')).toBe(false);
    expect(selected.patients.flatMap((p) => p.studies).every((s) => !s.modalities.includes('MR'))).toBe(true);
    expect(selected.files.some((f) => f.kind === 'directory')).toBe(false);
    expect(selected.files).toHaveLength(left.reduce((n, r) => n + r.files.length, 0));
    expect(selected.imageCount).toBe(index.imageCount - mr.reduce((n, r) => n + r.imageCount, 0));
    expect(selected.totalBytes).toBe(selected.files.reduce((n, f) => n + f.size, 0));
    expect(orderFiles(selected)).toHaveLength(selected.files.length);
    expect(selected.leftOut).toBe(mr.reduce((n, r) => n + r.files.length, 0));
    expect(selectShare(index, SHARE_EVERYTHING)).toBe(index);
  });

  it('puts a series thumbnail in the manifest only for the series that have one', () => {
    const ordered = orderFiles(index);
    const { placements, objectSizes } = layoutFiles(ordered.map((f) => f.size));
    const first = index.patients[0].studies[0].series[0].seriesUid;
    const thumbnail = 'data:image/jpeg;base64,/9j/AAAA';
    const manifest = buildManifest(
      index,
      { ordered, sha256: ordered.map(() => '0'.repeat(64)), placements, objects: objectSizes.map((size) => ({ size, salt: 'AA' })), objectSize: 32 * 1024 * 1024, recordSize: 262144 },
      '',
      new Date(),
      { [first]: thumbnail }
    );
    const series = parseManifest(serializeManifest(manifest)).studies.flatMap((s) => s.series);
    expect(series.filter((r) => r.thumbnail)).toEqual([expect.objectContaining({ uid: first, thumbnail })]);
  });
});

describe('share plan for a CD of every kind of object (tests/fixtures/make-cd.sh)', () => {
  const index = indexFolder(makeTestCd());
  const studies = index.patients.flatMap((p) => p.studies);

  it('puts every DICOM file of the CD in the share, pixel-less and private objects included, and lists every instance in its series', () => {
    const manifest = manifestOf(index);
    expect(manifest.v).toBe(2);
    const dicom = manifest.files.filter((f) => f.kind !== 'directory');
    expect(dicom).toHaveLength(32);
    expect(manifest.files.filter((f) => f.kind === 'other')).toHaveLength(21);
    const listed = manifest.studies.flatMap((s) => s.series.flatMap((r) => r.files));
    expect(new Set(listed)).toEqual(new Set(dicom.map((f) => manifest.files.indexOf(f))));
    expect(manifest.omitted!.map((o) => [o.path, o.code])).toEqual([
      ['AUTORUN.INF', 'not-dicom'],
      ['INDEX.HTM', 'not-dicom'],
      ['VIEWER/VIEWER.EXE', 'not-dicom']
    ]);
    expect(manifest.leftOut).toBe(0);
  });

  it('counts images and other objects per series, and keeps series of documents apart', () => {
    const rows = studies.flatMap((s) => s.series).filter((r) => !r.documentsOnly);
    expect(rows.map((r) => [r.description, r.imageCount, r.objectCount])).toEqual([
      ['Chest with pixels', 3, 0],
      ['Chest, no pixels', 0, 20],
      ['Padded UIDs', 1, 0],
      [expect.any(String), 1, 0],
      ['Vendor data', 0, 1]
    ]);
    const documents = studies.flatMap((s) => s.series).filter((r) => r.documentsOnly).flatMap((r) => r.files.map((f) => f.path));
    expect(documents.sort()).toEqual(['DICOM/DOC/PDF1', 'DICOM/ECG/ECG1', 'DICOM/KO/KO1', 'DICOM/PR/PR1', 'DICOM/RT/PLAN1', 'DICOM/SR/SR1']);
  });

  it('leaves out a document on its own, and drops the DICOMDIR once anything is left out', () => {
    const selected = selectShare(index, { ...SHARE_EVERYTHING, documents: new Set(['DICOM/KO/KO1']) });
    expect(selected.files.map((f) => f.path)).not.toContain('DICOM/KO/KO1');
    expect(selected.files.some((f) => f.kind === 'directory')).toBe(false);
    expect(selected.leftOut).toBe(1);
    expect(selected.files).toHaveLength(index.files.length - 2);
  });

  it('leaves out single files of a series, counting them; the DICOMDIR too when it is named', () => {
    const selected = selectShare(index, { ...SHARE_EVERYTHING, files: new Set(['DICOM/CT1/IM2']) });
    const ct1 = selected.patients[0].studies[0].series.find((r) => r.description === 'Chest with pixels')!;
    expect(ct1.files.map((f) => f.path)).toEqual(['DICOM/CT1/IM1', 'DICOM/CT1/IM3']);
    expect(ct1.imageCount).toBe(2);
    expect(selected.leftOut).toBe(1);
    const onlyDirectory = selectShare(index, { ...SHARE_EVERYTHING, files: new Set(['DICOMDIR']) });
    expect(onlyDirectory.files.some((f) => f.kind === 'directory')).toBe(false);
    expect(onlyDirectory.leftOut).toBe(0);
  });

  it('carries the files that are not DICOM as they are, last, under their own paths, when the sender asks', () => {
    const selected = selectShare(index, { ...SHARE_EVERYTHING, otherFiles: true });
    const ordered = orderFiles(selected);
    expect(ordered.slice(-3).map((f) => [f.path, f.kind])).toEqual([
      ['AUTORUN.INF', 'file'],
      ['INDEX.HTM', 'file'],
      ['VIEWER/VIEWER.EXE', 'file']
    ]);
    expect(selected.totalBytes).toBe(ordered.reduce((n, f) => n + f.size, 0));
    const manifest = manifestOf(selected, ordered);
    expect(manifest.files.filter((f) => f.kind === 'file').map((f) => [f.path, f.sopInstanceUid])).toEqual([
      ['AUTORUN.INF', ''],
      ['INDEX.HTM', ''],
      ['VIEWER/VIEWER.EXE', '']
    ]);
    expect(manifest.omitted).toEqual([]);
    expect(selected.files.some((f) => f.kind === 'directory')).toBe(true);
  });
});
