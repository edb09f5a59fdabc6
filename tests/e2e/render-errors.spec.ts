// What a patient sees, in the real viewer after a real share, when an image cannot be drawn: the kind
// of image the viewer cannot decode yet, named, or damaged image data, saying which image. Never a
// blank canvas that looks like a finished rendering.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser, { type DataSet } from 'dicom-parser';
import { unsupportedSyntaxFile } from './support/unsupported-file';

// The package's full declarations (the project's dicom-parser.d.ts types only what the indexer uses).
const parseDicom = (dicomParser as unknown as { parseDicom(bytes: Uint8Array): DataSet }).parseDicom;

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');
const seriesUid = (path: string) => parseDicom(readFileSync(path)).string('x0020000e')!;

test('an undecodable image names its transfer syntax and damaged data says which image', async ({ browser }) => {
  const work = mkdtempSync(join(tmpdir(), 'discless-errors-'));
  const unsupported = join(work, 'NM_j2k_multicomponent.dcm');
  writeFileSync(unsupported, unsupportedSyntaxFile(SAMPLES));
  // A valid file whose RLE header claims 255 segments: the header and the index are fine, the pixels not.
  const damaged = join(work, 'MR_small_RLE_damaged.dcm');
  const rle = readFileSync(join(SAMPLES, 'MR_small_RLE.dcm'));
  const fragment = parseDicom(rle).elements.x7fe00010!.fragments![0];
  rle[fragment.position] = 0xff;
  writeFileSync(damaged, rle);

  const staff = await browser.newPage();
  await staff.goto('/');
  await staff.getByTestId('pick-files').setInputFiles([unsupported, damaged]);
  await expect(staff.getByTestId('review')).toBeVisible();
  const multiple = staff.getByTestId('confirm-multiple-patients');
  if (await multiple.count()) await multiple.check();
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('create-share').click();
  const link = await staff.getByTestId('share-link').getAttribute('href', { timeout: 60_000 });
  await staff.close();

  const viewer = await browser.newPage();
  await viewer.goto(link!);
  const error = viewer.getByTestId('error');
  const viewport = viewer.getByTestId('viewport');

  await viewer.locator(`[data-testid=series][data-series-uid="${seriesUid(unsupported)}"]`).click();
  await expect(error).toHaveAttribute('data-code', 'unsupported', { timeout: 30_000 });
  await expect(error).toContainText('This image type cannot be shown yet');
  await expect(error).toContainText('Image 1 of 1: Multi-component JPEG 2000 images (transfer syntax 1.2.840.10008.1.2.4.92)');
  await expect(viewport).toHaveAttribute('data-rendered', 'false');

  await viewer.locator(`[data-testid=series][data-series-uid="${seriesUid(damaged)}"]`).click();
  await expect(error).toHaveAttribute('data-code', 'damaged', { timeout: 30_000 });
  await expect(error).toContainText('Image 1 of 1: The RLE-compressed image data in this file is damaged.');
  await expect(viewport).toHaveAttribute('data-rendered', 'false');
  await viewer.close();
  rmSync(work, { recursive: true, force: true });
});
