// The viewer in each patient language: a fresh browser whose language is that one opens a share,
// draws the first image and shows no English UI word, nor does its Send to PACS dialog; an expired
// share says so in that language; Arabic reads right to left and passes axe. A de-identified share
// says so, and how it was made, in the phone's language, and its handout in the one staff pick.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { catalogueWords, englishOnly, message, PATIENT_LANGUAGES, visibleTexts } from './support/languages';
import { shareFolder } from './support/staff';
import { createApiShare } from './support/store-api';

const CD = join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir');

/** The browser language a phone set to each language sends (navigator.languages). */
const BROWSER_LOCALE: Record<string, string> = {
  en: 'en-US',
  es: 'es-MX',
  fr: 'fr-FR',
  de: 'de-DE',
  pt: 'pt-BR',
  pl: 'pl-PL',
  tr: 'tr-TR',
  ar: 'ar-EG',
  'zh-Hans': 'zh-CN',
  uk: 'uk-UA'
};

/** Digits of any script: Arabic in Egypt writes them ٠١٢٣٤٥٦٧٨٩. */
const DIGITS = /\p{Nd}+/u;
let link = '';
let expired = '';

test.beforeAll(async ({ browser, baseURL }) => {
  const page = await browser.newPage();
  link = await shareFolder(page, CD);
  await page.close();
  // The e2e store runs with MIN_TTL_SECONDS=1 (playwright.config.ts), a test setting.
  const share = await createApiShare(baseURL!, { ttlSeconds: 1, commit: false });
  await expect.poll(async () => (await fetch(`${baseURL}/api/v1/shares/${share.id}`)).status, { timeout: 30_000 }).toBe(410);
  expired = share.link;
});

async function openIn(browser: Browser, language: string, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: BROWSER_LOCALE[language] });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * The Send to PACS dialog as a receiving clinic first meets it, which needs no PACS: the form for
 * each kind of login, and what it says of an address or a login it cannot use before asking any
 * PACS. None of it may show an English UI word in another language.
 */
async function checkPacsDialog(page: Page, language: string): Promise<void> {
  const noEnglish = async () => {
    if (language !== 'en') expect(englishOnly(await visibleTexts(page), catalogueWords(language))).toEqual([]);
  };
  const dialog = page.getByTestId('pacs-dialog');
  await page.getByTestId('send-to-pacs').click();
  await expect(dialog.getByRole('heading')).toHaveText(message(language, 'pacs_title'));
  await noEnglish();
  await dialog.getByTestId('pacs-url').fill('http://pacs.example.org/dicom-web');
  await dialog.getByTestId('pacs-test').click();
  const error = dialog.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'pacs-bad-url');
  await expect(error).toContainText(message(language, 'error_pacs_bad_url_title'));
  await expect(error).toContainText(message(language, 'pacs_problem_not_https'));
  await noEnglish();
  await dialog.getByTestId('pacs-url').fill('https://pacs.example.org/dicom-web');
  for (const [auth, problem] of [
    ['basic', 'pacs_problem_no_user'],
    ['bearer', 'pacs_problem_no_token']
  ]) {
    await dialog.getByTestId('pacs-auth').selectOption(auth);
    await dialog.getByTestId('pacs-test').click();
    await expect(error).toHaveAttribute('data-code', 'pacs-unauthorized');
    await expect(error).toContainText(message(language, problem));
    await noEnglish();
  }
  await dialog.getByTestId('pacs-close').click();
  await expect(dialog).toBeHidden();
}

test('every patient language has a browser language here', () => {
  expect(Object.keys(BROWSER_LOCALE).sort()).toEqual([...PATIENT_LANGUAGES].sort());
});

for (const language of PATIENT_LANGUAGES) {
  test(`${language}: a browser in ${BROWSER_LOCALE[language]} sees the first image, no English UI word, and an expired share in its language`, async ({ browser }) => {
    const page = await openIn(browser, language, link);
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByTestId('language')).toHaveValue(language);
    await expect(page.getByTestId('overlay-position')).toHaveText(message(language, 'image_position', { n: DIGITS, count: DIGITS }));
    // Wait for the offline copy's notice too, so that it is among the texts checked.
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', /kept|failed/, { timeout: 60_000 });

    const texts = await visibleTexts(page);
    expect(texts.length).toBeGreaterThan(10);
    if (language !== 'en') expect(englishOnly(texts, catalogueWords(language))).toEqual([]);
    // The check sees English where there is some: the English page, read as if it were Spanish.
    else expect(englishOnly(texts, catalogueWords('es')).length).toBeGreaterThan(10);

    if (language === 'ar') {
      // The image and its corner texts stay left to right in a right-to-left page.
      await expect(page.locator('[dir=ltr]').getByTestId('overlay')).toBeVisible();
      await expect(page.locator('[dir=ltr]').getByTestId('viewport')).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await checkPacsDialog(page, language);

    // Another share in the same browser: a new document, as a second scanned code opens.
    await page.goto('about:blank');
    await page.goto(expired);
    const error = page.getByTestId('error');
    await expect(error).toHaveAttribute('data-code', 'expired', { timeout: 30_000 });
    await expect(error).toContainText(message(language, 'error_expired_title'));
    await expect(error).toContainText(message(language, 'error_expired_message'));
    if (language !== 'en') expect(englishOnly(await visibleTexts(page), catalogueWords(language))).toEqual([]);
    await page.context().close();
  });
}

test('the language picked in the viewer is kept in this browser and the page follows it at once', async ({ browser }) => {
  const page = await openIn(browser, 'en', link);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  const names = await page.getByTestId('language').locator('option').allTextContents();
  expect(names).toEqual(['English', 'Español', 'Français', 'Deutsch', 'Português', 'Polski', 'Türkçe', 'العربية', '简体中文', 'Українська']);

  await page.getByTestId('language').selectOption('uk');
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
  await expect(page.getByTestId('export-dicom')).toHaveText(message('uk', 'export_download'));
  await expect(page.getByTestId('overlay-position')).toHaveText(message('uk', 'image_position', { n: DIGITS, count: DIGITS }));

  await page.reload();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
  await expect(page.getByTestId('language')).toHaveValue('uk');
  await page.context().close();
});

test('an Arabic phone shows the PIN form in Arabic and takes the PIN in Arabic-Indic digits', async ({ browser }) => {
  const staff = await browser.newPage();
  await staff.goto('/');
  await staff.getByTestId('pick-files').setInputFiles(join(import.meta.dirname, '../../../shared/dicom-samples/CT_small.dcm'));
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('pin').fill('4821');
  await staff.getByTestId('create-share').click();
  const pinned = (await staff.getByTestId('share-link').getAttribute('href', { timeout: 60_000 }))!;
  await staff.close();

  const page = await openIn(browser, 'ar', pinned);
  await expect(page.getByTestId('pin')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('ar', 'pin_title'));
  expect(englishOnly(await visibleTexts(page), catalogueWords('ar'))).toEqual([]);
  await page.getByTestId('pin').fill('٤٨٢١');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  await page.context().close();
});

test('a de-identified share is marked, with how it was made, in Arabic and German, and its handout prints in German', async ({ browser }) => {
  const staff = await browser.newPage();
  await staff.goto('/');
  await staff.getByTestId('pick-files').setInputFiles(join(import.meta.dirname, '../../../shared/dicom-samples/CT_small.dcm'));
  await expect(staff.getByTestId('review')).toBeVisible({ timeout: 60_000 });
  await staff.getByTestId('deidentify').check();
  await staff.getByTestId('pseudonym').fill('Case 7');
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('create-share').click();
  await expect(staff.getByTestId('share-qr')).toBeVisible({ timeout: 120_000 });
  const deidentified = (await staff.getByTestId('share-link').getAttribute('href'))!;
  await staff.getByTestId('layout-handout').check();
  await staff.getByTestId('handout-language').selectOption('de');
  const sheet = staff.getByTestId('print-label');
  await expect(sheet).toHaveAttribute('lang', 'de');
  await expect(sheet).toContainText(message('de', 'handout_deidentified_study', { modalities: 'CT' }));
  await expect(sheet).toContainText(message('de', 'handout_step_doctor_deidentified'));
  await staff.close();

  for (const language of ['ar', 'de']) {
    const page = await openIn(browser, language, deidentified);
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
    const mark = page.getByTestId('deidentified');
    await expect(mark.locator('summary')).toHaveText(message(language, 'deidentified_mark'));
    await mark.locator('summary').click();
    await expect(mark).toContainText(message(language, 'deidentified_method'));
    // The default options: patient characteristics and descriptions kept, dates moved.
    await expect(mark.locator('li')).toHaveText(['113107', '113108', '113105'].map((code) => message(language, `deid_option_${code}`)));
    await expect(page.getByTestId('export-dicom')).toHaveText(message(language, 'export_download_deidentified'));
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', /kept|failed/, { timeout: 60_000 });
    expect(englishOnly(await visibleTexts(page), catalogueWords(language))).toEqual([]);
    await page.context().close();
  }
});
