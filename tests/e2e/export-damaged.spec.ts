// A share whose data is authentic but does not match the manifest's SHA-256 (what a buggy or
// compromised sender would produce) must never be exported silently: the viewer names the file and
// no download starts. The share is made in Node with the sender's own pipeline against the real
// store; only its manifest is altered, sealed again under the share's key, before it is committed.

import { expect, test } from '@playwright/test';
import { shareWithWrongChecksum } from './support/damaged-share';
import { pickIntoPrivateFileSystem, readPrivateFile, savePickerCalls } from './support/save-picker';
import { controlledByServiceWorker } from './support/service-worker';

test('a file that does not match its checksum stops the export, is named, and nothing is downloaded or saved', async ({ page, baseURL }) => {
  // The sender's DICOMDIR: never displayed, so only the export reads it.
  const { link, path } = await shareWithWrongChecksum(baseURL!, (p) => p.endsWith('/DICOMDIR'));
  await pickIntoPrivateFileSystem(page, 'export.zip');
  const downloads: unknown[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.goto(link);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });

  await page.getByTestId('export-dicom').click();
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'damaged', { timeout: 60_000 });
  await expect(error).toContainText(path);
  expect(downloads).toEqual([]);

  // Saving straight to a file stops the same way, and leaves no file behind.
  await page.getByTestId('export-dicom-to-disk').click();
  await expect.poll(() => savePickerCalls(page)).toBe(1);
  await expect(page.getByTestId('export-dicom-to-disk')).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'damaged');
  await expect(page.getByTestId('error')).toContainText(path);
  expect(await readPrivateFile(page, 'export.zip')).toBeNull();
  expect(downloads).toEqual([]);
});

test('where the service worker streams the download, every file is checked before it begins', async ({ page, baseURL }) => {
  const { link, path } = await shareWithWrongChecksum(baseURL!, (p) => p.endsWith('/DICOMDIR'));
  const downloads: unknown[] = [];
  page.on('download', (d) => downloads.push(d));
  const asked: string[] = [];
  page.on('request', (r) => void (new URL(r.url()).pathname.startsWith('/download/') && asked.push(r.url())));
  await page.goto(link);
  await controlledByServiceWorker(page);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });

  await page.getByTestId('export-dicom').click();
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'damaged', { timeout: 60_000 });
  await expect(error).toContainText(path);
  await expect(page.getByTestId('export-dicom')).toBeEnabled();
  expect(asked).toEqual([]);
  expect(downloads).toEqual([]);
});
