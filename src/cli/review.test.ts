import { zipSync } from 'fflate';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectFiles } from './files';
import { makeTestCd } from '../lib/core/dicom/test-helpers';
import { countShare, indexFiles, plannedFiles, reviewText, selectForShare } from './review';

const SAMPLES = fileURLToPath(new URL('../../../shared/dicom-samples/', import.meta.url));

describe('the review of a folder', () => {
  it('names patients, studies and series, and every file left out with the indexer\'s reason', async () => {
    const dropped = await collectFiles([join(SAMPLES, 'dicomdir-pcir'), join(SAMPLES, 'MR_truncated.dcm'), join(SAMPLES, 'LICENSES.md')]);
    expect(dropped[0].path).toMatch(/^dicomdir-pcir\//);
    const index = await indexFiles(dropped, () => {});
    const text = reviewText(index);
    expect(text).toContain('Patient  DOE, Peter');
    expect(text).toMatch(/Series #700 MR .* 7 images/);
    expect(text).toMatch(/MR_truncated.dcm: .+ \[truncated\]/);
    expect(text).toMatch(/LICENSES.md: .+ \[not-dicom\]/);
    expect(countShare(index)).toMatchObject({ patients: 2, studies: 6, series: 13, files: 32, images: 31, skipped: 2 });
    // A second reading of the same folder plans the same upload: what --continue relies on.
    const again = await indexFiles(await collectFiles([join(SAMPLES, 'dicomdir-pcir'), join(SAMPLES, 'MR_truncated.dcm'), join(SAMPLES, 'LICENSES.md')]), () => {});
    expect(plannedFiles(again)).toEqual(plannedFiles(index));
  });

  it('reads a .zip of a CD as the same files as the folder, unpacked to disk, not memory', async () => {
    const folder = join(SAMPLES, 'dicomdir-pcir');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    const zip = join(mkdtempSync(join(tmpdir(), 'zip-')), 'cd.zip');
    writeFileSync(zip, zipSync(Object.fromEntries(walk(folder).map((p) => [`dicomdir-pcir/${relative(folder, p)}`, new Uint8Array(readFileSync(p))]))));
    const fromZip = await collectFiles([zip]);
    const fromFolder = await collectFiles([folder]);
    expect(fromZip.map((d) => d.path).sort()).toEqual(fromFolder.map((d) => `cd/${d.path}`).sort());
    const planned = plannedFiles(await indexFiles(fromZip, () => {}));
    expect(planned.map((f) => f.path.replace(/^cd\//, ''))).toEqual(plannedFiles(await indexFiles(fromFolder, () => {})).map((f) => f.path));
  });

  it('shares every kind of object of a CD, and carries the files that are not DICOM only when asked', async () => {
    const index = await indexFiles(await collectFiles([makeTestCd()]), () => {});
    expect(countShare(selectForShare(index))).toMatchObject({ files: 33, images: 5, objects: 27, carried: 0, skipped: 3 });
    expect(reviewText(selectForShare(index))).toMatch(/Series #2 CT .* 20 other objects/);
    expect(reviewText(selectForShare(index))).toContain('add --include-other-files');
    const carried = selectForShare(index, true);
    expect(countShare(carried)).toMatchObject({ files: 36, carried: 3, skipped: 0 });
    expect(plannedFiles(carried).slice(-3).map((f) => f.path)).toEqual(['CD/AUTORUN.INF', 'CD/INDEX.HTM', 'CD/VIEWER/VIEWER.EXE']);
  });
});
