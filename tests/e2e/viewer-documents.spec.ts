// Non-image objects in a share: a structured report reads as text, an encapsulated PDF (made here
// with dcmtk's pdf2dcm) is shown as a PDF, anything else is listed with its type.

import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareFolder } from './support/staff';

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

test('a report, a PDF and an RT plan in a share are shown or named in plain words', async ({ page }) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'discless-docs-')), 'study');
  mkdirSync(dir);
  for (const name of ['CT_small.dcm', 'test-SR.dcm', 'rtplan.dcm']) copyFileSync(join(SAMPLES, name), join(dir, name));
  writeFileSync(join(dir, '..', 'letter.pdf'), PDF);
  execFileSync('pdf2dcm', ['--title', 'Discharge letter', join(dir, '..', 'letter.pdf'), join(dir, 'letter.dcm')]);

  const link = await shareFolder(page, dir);
  await page.goto(link);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true');
  const documents = page.getByTestId('document');
  await expect(documents).toHaveCount(3);

  await documents.filter({ hasText: 'Comprehensive report' }).click();
  await expect(page.getByTestId('document-report')).toContainText('Text Code: A mass of');
  await page.getByRole('button', { name: 'Back to the images' }).click();
  await expect(page.getByTestId('viewport')).toBeVisible();

  await documents.filter({ hasText: 'PDF document' }).click();
  await expect(page.getByTestId('document-view')).toHaveAttribute('data-kind', 'pdf');
  await expect(page.getByRole('heading', { name: 'Discharge letter' })).toBeVisible();
  // The strict CSP allows no fetch of blob: URLs, so the PDF is checked the way a person saves it.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('document-pdf').click();
  const saved = readFileSync((await (await downloading).path())!, 'latin1');
  expect(saved.startsWith(PDF)).toBe(true);

  await documents.filter({ hasText: 'Radiotherapy plan' }).click();
  await expect(page.getByTestId('document-view')).toHaveAttribute('data-kind', 'other');
  await expect(page.getByTestId('document-view')).toContainText('cannot be shown here');
});
