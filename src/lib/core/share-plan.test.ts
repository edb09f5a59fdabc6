import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from './dicom/index-file';
import { StudyIndexBuilder } from './dicom/study-index';
import { layoutFiles, parseManifest, serializeManifest } from './manifest';
import { buildManifest, orderFiles, selectSeries } from './share-plan';

const CD = new URL('../../../../shared/dicom-samples/dicomdir-pcir', import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

function indexCd() {
  const builder = new StudyIndexBuilder();
  for (const path of walk(CD)) builder.add(indexFile(relative(CD, path), new Uint8Array(readFileSync(path))));
  return builder.build();
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
    const { placements, objectSizes } = layoutFiles(ordered.map((f) => f.size));
    const manifest = buildManifest(
      index,
      {
        ordered,
        sha256: ordered.map(() => '0'.repeat(64)),
        placements,
        objects: objectSizes.map((size) => ({ size, salt: 'AAAAAAAAAAAAAAAAAAAAAA' })),
        objectSize: 32 * 1024 * 1024,
        recordSize: 262144
      },
      'CT for Dr X',
      new Date('2026-11-27T00:00:00Z')
    );
    const parsed = parseManifest(serializeManifest(manifest));
    expect(parsed.studies.flatMap((s) => s.series.flatMap((r) => r.files))).toHaveLength(index.imageCount);
    // The folder names suggest three patients; the files name two (Peter Doe has two studies).
    expect(new Set(parsed.studies.map((s) => s.patient.name)).size).toBe(2);
    expect(parsed.files.map((f) => f.path)).toEqual(ordered.map((f) => f.path));
  });

  it('leaves out unticked series, the studies and patients they empty, and the DICOMDIR', () => {
    const mr = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((r) => r.modality === 'MR');
    expect(mr.length).toBeGreaterThan(0);
    const selected = selectSeries(index, new Set(mr.map((r) => r.seriesUid)));
    const left = selected.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    expect(left.some((r) => r.modality === 'MR')).toBe(false);
    expect(selected.patients.flatMap((p) => p.studies).every((s) => !s.modalities.includes('MR'))).toBe(true);
    expect(selected.files.some((f) => f.kind === 'directory')).toBe(false);
    expect(selected.files).toHaveLength(left.reduce((n, r) => n + r.files.length, 0));
    expect(selected.imageCount).toBe(index.imageCount - mr.reduce((n, r) => n + r.imageCount, 0));
    expect(selected.totalBytes).toBe(selected.files.reduce((n, f) => n + f.size, 0));
    expect(orderFiles(selected)).toHaveLength(selected.files.length);
    expect(selectSeries(index, new Set())).toBe(index);
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
