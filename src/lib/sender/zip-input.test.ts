import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expandZip, expandZips } from './zip-input';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);
const asFile = (data: Uint8Array, name: string) => new File([data as BlobPart], name);

describe('a CD as a .zip', () => {
  const contents = { 'DICOMDIR': bytes(300, 3), 'DICOM/ST1/IM1': bytes(200_000, 7), 'DICOM/ST1/IM2': bytes(5, 11), 'README.TXT': bytes(40, 13) };

  it('gives every entry, stored or deflated, byte-identical under the zip name', async () => {
    for (const level of [0, 6] as const) {
      const zip = asFile(zipSync({ ...contents, 'DICOM/': new Uint8Array(0) }, { level }), 'Patient CD.zip');
      const files = await expandZip({ path: 'Patient CD.zip', file: zip });
      expect(files.map((f) => f.path).sort()).toEqual(Object.keys(contents).map((k) => `Patient CD/${k}`).sort());
      for (const f of files) {
        const want = contents[f.path.slice('Patient CD/'.length) as keyof typeof contents];
        expect(Buffer.from(await f.file.arrayBuffer()).equals(want), f.path).toBe(true);
      }
    }
  });

  it('refuses a zip that unpacks to more than the limit, as a zip bomb', async () => {
    const bomb = asFile(zipSync({ a: new Uint8Array(3_000_000) }, { level: 9 }), 'cd.zip');
    await expect(expandZip({ path: 'cd.zip', file: bomb }, 1_000_000)).rejects.toMatchObject({ code: 'bad-zip' });
  });

  it('refuses a damaged zip with a clear error instead of hanging', async () => {
    const zip = zipSync({ a: bytes(100_000, 5) }, { level: 6 });
    zip.fill(0x55, 60, 2000);
    await expect(expandZip({ path: 'cd.zip', file: asFile(zip, 'cd.zip') })).rejects.toMatchObject({ code: 'bad-zip' });
  });

  it('opens only real zips and passes other files through', async () => {
    const zip = asFile(zipSync({ x: bytes(10, 3) }), 'cd.ZIP');
    const fake = asFile(bytes(10, 3), 'notes.zip');
    const other = asFile(bytes(10, 3), 'IM1');
    const out = await expandZips([
      { path: 'a/cd.ZIP', file: zip },
      { path: 'notes.zip', file: fake },
      { path: 'IM1', file: other }
    ]);
    expect(out.map((f) => f.path)).toEqual(['a/cd/x', 'notes.zip', 'IM1']);
  });
});
