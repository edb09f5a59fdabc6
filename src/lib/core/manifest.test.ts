import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManifestError } from './errors';
import { fileExtents, layoutFiles, MAX_THUMBNAIL_CHARS, parseManifest, serializeManifest, type Manifest } from './manifest';

function manifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    v: 1,
    created: '2026-11-27T18:00:00.000Z',
    label: '',
    recordSize: 262144,
    objectSize: 100,
    objects: [{ size: 100, salt: 'AAAAAAAAAAAAAAAAAAAAAA' }, { size: 30, salt: 'AQEBAQEBAQEBAQEBAQEBAQ' }],
    files: [
      {
        path: 'DICOMDIR', size: 60, sha256: 'a'.repeat(64), object: 0, offset: 0, kind: 'directory',
        sopClassUid: '1.2.840.10008.1.3.10', sopInstanceUid: '1.2', studyUid: '', seriesUid: '', transferSyntaxUid: '1.2.840.10008.1.2.1', image: null
      },
      {
        path: 'A/B/1', size: 70, sha256: 'b'.repeat(64), object: 0, offset: 60, kind: 'image',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.3', studyUid: '1.4', seriesUid: '1.5',
        transferSyntaxUid: '1.2.840.10008.1.2.1', image: { number: 1, rows: 16, columns: 16, frames: 1, sliceLocation: null }
      }
    ],
    studies: [
      {
        uid: '1.4', date: '2001-01-01', time: '', description: 'CT', accession: '', modalities: ['CT'],
        patient: { name: 'DOE, John', id: '1', birthDate: '', sex: '' },
        series: [{ uid: '1.5', number: 1, description: '', modality: 'CT', files: [1] }]
      }
    ],
    ...overrides
  };
}

function rejects(m: unknown) {
  expect(() => parseManifest(new TextEncoder().encode(JSON.stringify(m)))).toThrow(ManifestError);
}

describe('file layout', () => {
  it('packs files end to end and cuts objects at the object size', () => {
    const { placements, objectSizes } = layoutFiles([60, 70, 0, 5], 100);
    expect(placements).toEqual([{ object: 0, offset: 0 }, { object: 0, offset: 60 }, { object: 1, offset: 30 }, { object: 1, offset: 30 }]);
    expect(objectSizes).toEqual([100, 35]);
  });

  it('gives a file that crosses objects one extent per object', () => {
    expect(fileExtents({ object: 0, offset: 60, size: 250 }, 100)).toEqual([
      { object: 0, offset: 60, length: 40 },
      { object: 1, offset: 0, length: 100 },
      { object: 2, offset: 0, length: 100 },
      { object: 3, offset: 0, length: 10 }
    ]);
  });

  it('has no objects for an empty share', () => {
    expect(layoutFiles([0, 0], 100).objectSizes).toEqual([]);
  });
});

describe('parseManifest', () => {
  it('round-trips a valid manifest', () => {
    expect(parseManifest(serializeManifest(manifest()))).toEqual(manifest());
  });

  it('rejects bytes that are not UTF-8 JSON', () => {
    expect(() => parseManifest(Uint8Array.of(0xff, 0xfe))).toThrow(ManifestError);
  });

  it('rejects an unknown version', () => rejects({ ...manifest(), v: 3 }));

  it('rejects a file that runs past the end of the data', () => {
    const m = manifest();
    m.files[1].size = 71;
    rejects(m);
  });

  it('rejects an object other than the last that is not full', () => {
    rejects(manifest({ objects: [{ size: 99, salt: '' }, { size: 30, salt: '' }] }));
  });

  it('rejects a series that names a file that does not exist', () => {
    const m = manifest();
    m.studies[0].series[0].files = [7];
    rejects(m);
  });

  it('rejects a malformed checksum', () => {
    const m = manifest();
    m.files[0].sha256 = 'A'.repeat(64);
    rejects(m);
  });

  it('accepts a small JPEG or PNG data URL as a series thumbnail', () => {
    for (const thumbnail of ['data:image/jpeg;base64,/9j/4AAQ', 'data:image/png;base64,iVBORw0KGgo=']) {
      const m = manifest();
      m.studies[0].series[0].thumbnail = thumbnail;
      expect(parseManifest(serializeManifest(m)).studies[0].series[0].thumbnail).toBe(thumbnail);
    }
  });

  it.each([
    ['a link to elsewhere', 'https://example.org/x.jpg'],
    ['an SVG (could carry script)', 'data:image/svg+xml;base64,PHN2Zz4='],
    ['an oversized picture', 'data:image/jpeg;base64,' + 'A'.repeat(MAX_THUMBNAIL_CHARS)],
    ['a number', 7]
  ])('rejects a series thumbnail that is %s', (_, thumbnail) => {
    const m = manifest();
    (m.studies[0].series[0] as { thumbnail?: unknown }).thumbnail = thumbnail;
    rejects(m);
  });
});

describe('docs/vectors/manifest.json', () => {
  interface Vectors {
    positive: { name: string; manifest: Manifest; expect: { files: number; objects: string[]; omitted: number; leftOut: number; deidentified?: string[] } }[];
    negative: Record<string, { name: string; base: string; set?: Record<string, unknown>; remove?: string[] }[]>;
  }
  const vectors: Vectors = JSON.parse(readFileSync(new URL('../../../docs/vectors/manifest.json', import.meta.url), 'utf8'));
  const encode = (m: unknown) => new TextEncoder().encode(JSON.stringify(m));

  /** JSON Pointer (RFC 6901): the parent object and the last key. */
  function at(root: unknown, pointer: string): [Record<string, unknown>, string] {
    const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    return [keys.reduce((node, k) => (node as Record<string, unknown>)[k], root) as Record<string, unknown>, last];
  }

  it.each(vectors.positive.map((v) => [v.name, v]))('accepts %s', (_, v) => {
    const m = parseManifest(encode(v.manifest));
    expect(m.files).toHaveLength(v.expect.files);
    expect(m.files.map((f) => f.kind)).toEqual(v.expect.objects);
    expect(m.omitted?.length ?? 0).toBe(v.expect.omitted);
    expect(m.leftOut ?? 0).toBe(v.expect.leftOut);
    expect(m.deidentified?.codes ?? null).toEqual(v.expect.deidentified ?? null);
  });

  const negatives = Object.entries(vectors.negative).flatMap(([code, list]) => list.map((v) => [code, v.name, v] as const));
  it.each(negatives)('rejects with %s: %s', (code, _, v) => {
    const m = structuredClone(vectors.positive.find((p) => p.name === v.base)!.manifest);
    for (const [pointer, value] of Object.entries(v.set ?? {})) {
      const [parent, key] = at(m, pointer);
      parent[key] = value;
    }
    for (const pointer of v.remove ?? []) {
      const [parent, key] = at(m, pointer);
      delete parent[key];
    }
    expect(() => parseManifest(encode(m))).toThrow(expect.objectContaining({ code }));
  });
});
