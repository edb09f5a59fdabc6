// Saving straight to a file (File System Access API): the zip is streamed from the reader worker
// into the file the user picked, so no memory holds the study, and it is the same export as the
// download: every original bit-identical, a DICOMDIR and a README.TXT. No download is involved.

import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pickIntoPrivateFileSystem, readPrivateFile } from './support/save-picker';
import { shareFolder } from './support/staff';

const CD = join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('saving to a chosen file streams the same bit-identical export there, with no download', async ({ browser }) => {
  const staff = await browser.newContext();
  const link = await shareFolder(await staff.newPage(), CD);
  await staff.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await pickIntoPrivateFileSystem(page, 'export.zip');
  const downloads: unknown[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.goto(link);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });

  await page.getByTestId('export-dicom-to-disk').click();
  // The browser replaces the chosen file only when the stream is closed, so a non-empty file is whole.
  await expect.poll(async () => (await readPrivateFile(page, 'export.zip'))?.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
  const { DICOMDIR: dicomdir, 'README.TXT': readme, ...exported } = unzipSync((await readPrivateFile(page, 'export.zip'))!);
  expect(dicomdir.length).toBeGreaterThan(0);
  expect(readme.length).toBeGreaterThan(0);
  const digests = (files: Iterable<Uint8Array>) => [...files].map(sha256).sort();
  expect(digests(Object.values(exported))).toEqual(digests(walk(CD).map((p) => readFileSync(p))));
  await expect(page.getByTestId('export-dicom')).toBeEnabled();
  expect(downloads).toEqual([]);
  await context.close();
});
