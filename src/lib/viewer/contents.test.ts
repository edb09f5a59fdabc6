import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../core/manifest';
import { shareContents } from './contents';

const vectors = JSON.parse(readFileSync(new URL('../../../docs/vectors/manifest.json', import.meta.url), 'utf8'));
const manifest = (name: string): Manifest => structuredClone(vectors.positive.find((v: { name: string }) => v.name === name).manifest);

describe('shareContents', () => {
  it('lists series with images and series of objects without pixels, never dropping one', () => {
    const contents = shareContents(manifest('version-2-every-kind'));
    expect(contents.series.map((s) => [s.series.description, s.frames.length, s.objects.length])).toEqual([
      ['Chest with pixels', 1, 0],
      ['Chest, no pixels', 0, 1],
      ['', 1, 0],
      ['Vendor data', 0, 1]
    ]);
  });

  it('lists series of documents only as documents, and counts the files carried as they are', () => {
    const contents = shareContents(manifest('version-2-every-kind'));
    expect(contents.documents.map((d) => d.file.path)).toEqual(['DICOM/KO/KO1']);
    expect(contents.carried).toBe(1);
  });

  it("lists a DICOM object of no series as a document, and never the sender's DICOMDIR", () => {
    const m = manifest('version-2-every-kind');
    m.studies[0].series = m.studies[0].series.filter((s) => s.uid !== '2.25.6');
    const contents = shareContents(m);
    expect(contents.documents.map((d) => d.file.path)).toEqual(['DICOM/KO/KO1', 'DICOM/PRIV/OBJ1']);
  });

  it('shows one image per frame of a multi-frame file', () => {
    const m = manifest('version-1');
    m.files[1].image!.frames = 3;
    expect(shareContents(m).series[0].frames.map((f) => f.frame)).toEqual([0, 1, 2]);
  });
});
