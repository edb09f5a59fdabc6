// The owner's view from the staff computer: the history shows how often a share was opened, and
// withdrawing it ends it at once for the patient.

import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';

const CD = join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir');

test('the history counts openings, and a withdrawn share tells the patient it was withdrawn', async ({ page, browser }) => {
  const link = await shareFolder(page, CD);

  const patient = await browser.newContext();
  const viewer = await patient.newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true');

  await page.goto('/history');
  const entry = page.getByTestId('history-entry').first();
  await expect(entry).toHaveAttribute('data-state', 'active');
  await expect(entry.getByTestId('history-state')).toContainText('opened 1×');

  page.once('dialog', (dialog) => dialog.accept());
  await entry.getByTestId('history-revoke').click();
  await expect(entry).toHaveAttribute('data-state', 'revoked');

  await viewer.reload();
  await expect(viewer.getByTestId('error')).toHaveAttribute('data-code', 'revoked');
  await patient.close();
});
