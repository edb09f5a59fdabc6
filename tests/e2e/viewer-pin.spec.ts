// A share with a PIN, on real parts: staff set a PIN on the staff page, the patient's browser asks
// for it, a wrong PIN says how many tries are left, the right one shows the image. Five wrong PINs
// lock the share for good. The whole flow runs under the app's strict CSP, which must refuse nothing.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { createApiShare } from './support/store-api';

const FILE = join(import.meta.dirname, '../../../shared/dicom-samples/CT_small.dcm');
const PIN = '4821';

/** Collects the browser's CSP refusals, which would mean the policy breaks a real feature. */
function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

test('a share made with a PIN asks for it, counts a wrong one, and opens with the right one', async ({ browser, baseURL }) => {
  const staff = await browser.newPage();
  const staffCsp = watchCsp(staff);
  await staff.goto(baseURL + '/');
  await staff.getByTestId('pick-files').setInputFiles(FILE);
  await expect(staff.getByTestId('review')).toBeVisible();
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('pin').fill('12a');
  await expect(staff.getByTestId('create-share')).toBeDisabled();
  await staff.getByTestId('generate-pin').click();
  await expect(staff.getByTestId('pin')).toHaveValue(/^\d{6}$/);
  await staff.getByTestId('pin').fill(PIN);
  await staff.getByTestId('create-share').click();
  const link = await staff.getByTestId('share-link').getAttribute('href', { timeout: 60_000 });
  expect(link).toBeTruthy();
  // Staff choose whether the PIN goes on a slip of its own; it never goes on the QR label.
  await expect(staff.getByTestId('print-label')).not.toContainText(PIN);
  await staff.getByTestId('print-pin-slip').check();
  await expect(staff.getByTestId('print-pin')).toContainText(PIN);

  const patient = await (await browser.newContext()).newPage();
  const patientCsp = watchCsp(patient);
  await patient.goto(link!);
  await expect(patient.getByTestId('pin')).toBeVisible();
  await expect(patient.getByTestId('viewport')).toHaveCount(0);

  await patient.getByTestId('pin').fill('0000');
  await patient.getByTestId('unlock').click();
  const error = patient.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'wrong-pin', { timeout: 30_000 });
  await expect(error).toContainText('4 tries left');

  await patient.getByTestId('pin').fill(PIN);
  await patient.getByTestId('unlock').click();
  await expect(patient.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  await expect(patient.getByTestId('error')).toHaveCount(0);

  expect(staffCsp).toEqual([]);
  expect(patientCsp).toEqual([]);
});

test('five wrong PINs lock the share for good, and the viewer says so', async ({ page, baseURL }) => {
  const share = await createApiShare(baseURL!, { pin: PIN, commit: true });
  await page.goto(share.link);
  for (const left of ['4 tries left', '3 tries left', '2 tries left', 'One try left']) {
    await page.getByTestId('pin').fill('1111');
    await page.getByTestId('unlock').click();
    await expect(page.getByTestId('error')).toContainText(left, { timeout: 30_000 });
    await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'wrong-pin');
  }
  await page.getByTestId('pin').fill('1111');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'locked', { timeout: 30_000 });
  await expect(page.getByTestId('pin')).toHaveCount(0);

  // Even the right PIN, from a fresh browser, finds nothing left.
  await page.goto('about:blank');
  await page.goto(share.link);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'locked', { timeout: 30_000 });
});

test('a PIN that cannot be one is refused without asking the store', async ({ page, baseURL }) => {
  const share = await createApiShare(baseURL!, { pin: PIN, commit: true });
  let unlocks = 0;
  page.on('request', (request) => {
    if (request.url().endsWith('/unlock')) unlocks++;
  });
  await page.goto(share.link);
  await page.getByTestId('pin').fill('12');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'bad-pin');
  expect(unlocks).toBe(0);
});
