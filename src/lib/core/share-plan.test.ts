import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from './dicom/index-file';
import { StudyIndexBuilder } from './dicom/study-index';
import { layoutFiles, parseManifest, serializeManifest } from './manifest';
import { buildManifest, orderFiles } from './share-plan';

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
});
