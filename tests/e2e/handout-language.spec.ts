// Staff print the sheet in the patient's language: the printed page (print media) holds that
// language's steps and PIN slip, and its QR still holds the very same link, which names no
// language (the viewer on the patient's phone picks its own).

import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { message } from './support/languages';
import { decodeQr } from './support/qr';

const FILE = join(import.meta.dirname, '../../../shared/dicom-samples/CT_small.dcm');
const PIN = '730514';
const STEPS = ['handout_how', 'handout_step_camera', 'handout_step_tap', 'handout_step_doctor', 'handout_step_private'];

test('staff print the handout in Spanish: Spanish steps and PIN slip on the printed page, the same link in the QR', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('pick-files').setInputFiles(FILE);
  await expect(page.getByTestId('review')).toBeVisible();
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('pin').fill(PIN);
  await page.getByTestId('create-share').click();
  const sheet = page.getByTestId('print-label');
  await expect(page.getByTestId('share-qr')).toBeVisible({ timeout: 60_000 });
  const link = (await page.getByTestId('share-link').getAttribute('href'))!;
  expect(decodeQr(await sheet.screenshot())).toBe(link);
  await expect(sheet).toHaveAttribute('lang', 'en');
  for (const key of STEPS) await expect(sheet).toContainText(message('en', key));

  await page.getByTestId('print-pin-slip').check();
  await page.getByTestId('handout-language').selectOption('es');
  await expect(sheet).toHaveAttribute('lang', 'es');
  await expect(page.getByTestId('share-link')).toHaveAttribute('href', link);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('handout-language')).toBeHidden();
  await expect(page.getByTestId('share-link')).toBeHidden();
  await expect(sheet).toBeVisible();
  for (const key of STEPS) {
    await expect(sheet).toContainText(message('es', key));
    await expect(sheet).not.toContainText(message('en', key));
  }
  await expect(sheet.getByTestId('share-qr')).toHaveAttribute('alt', message('es', 'handout_qr_alt'));
  await expect(sheet).not.toContainText(PIN);
  await expect(page.getByTestId('print-pin')).toHaveAttribute('lang', 'es');
  await expect(page.getByTestId('print-pin')).toHaveText(message('es', 'pin_slip', { pin: PIN }));
  // The printed page, as the printer gets it: its code still opens the same link.
  expect(decodeQr(await page.screenshot({ fullPage: true }))).toBe(link);
});
