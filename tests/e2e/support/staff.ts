import { expect, type Page } from '@playwright/test';

/** Shares a folder through the staff page as staff would, and returns the link it shows. */
export async function shareFolder(page: Page, folder: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await expect(page.getByTestId('review')).toBeVisible();
  const multiple = page.getByTestId('confirm-multiple-patients');
  if (await multiple.isVisible()) await multiple.check();
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  const link = page.getByTestId('share-link');
  await expect(link).toBeVisible({ timeout: 60_000 });
  return (await link.getAttribute('href'))!;
}
