// The patient's side on real parts: the link opened in a fresh browser context (empty cache and
// storage, as a new phone), the first image drawn, the whole study exported, and scrolling timed in
// the page with requestAnimationFrame.

import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const VIEWPORT = '[data-testid=viewport]';

/** Records, in the page's own clock (ms since navigation), when the viewport first shows a drawn image. */
function watchFirstImage() {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid=viewport][data-rendered=true]')) {
      globalThis.discless_first_image_ms = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered'] });
}

/**
 * Opens the link in a browser of its own with a fresh on-disk profile, as a patient's browser runs:
 * playwright's contexts are off the record, where Chromium keeps IndexedDB and the origin private
 * file system in memory. Returns the page (still open), the first image's time and close().
 */
export async function openLinkInProfile(root, link) {
  mkdirSync(join(root, 'bench', 'data'), { recursive: true });
  const profile = mkdtempSync(join(root, 'bench', 'data', 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, acceptDownloads: true });
  try {
    await context.addInitScript(watchFirstImage);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(link);
    await page.waitForFunction(() => globalThis.discless_first_image_ms !== undefined, null, { timeout: 120_000 });
    const firstImageMs = await page.evaluate(() => globalThis.discless_first_image_ms);
    const close = async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    };
    return { page, context, firstImageMs, close };
  } catch (error) {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens the link in a fresh context; returns the page (still open) and the first image's time.
 * `locale`: the browser's language (playwright's default otherwise); `watch(context)` is called
 * before the page opens, to listen to its requests.
 */
export async function openLink(browser, link, { locale, watch } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...(locale ? { locale } : {}) });
  watch?.(context);
  await context.addInitScript(watchFirstImage);
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForFunction(() => globalThis.discless_first_image_ms !== undefined, null, { timeout: 120_000 });
  const firstImageMs = await page.evaluate(() => globalThis.discless_first_image_ms);
  return { page, context, firstImageMs };
}

/**
 * "Save the original files": the reader worker downloads, decrypts and verifies every file into a
 * zip. Timed to the end of the download: streamed through the service worker, it begins before the
 * zip is written.
 */
export async function exportAll(page, bytes) {
  const start = performance.now();
  const download = page.waitForEvent('download', { timeout: 15 * 60_000 });
  await page.getByTestId('export-dicom').click();
  await (await download).path();
  const seconds = (performance.now() - start) / 1000;
  return bytes / 1e6 / seconds;
}

/**
 * Steps through the first `count` images once, waiting for each to be drawn, so they are cached. The
 * viewer opens a series at its middle image, so Home goes to the first one before.
 */
export async function warmCache(page, count) {
  await page.locator(VIEWPORT).focus();
  await page.keyboard.press('Home');
  await page.waitForSelector(`${VIEWPORT}[data-image-index="0"][data-rendered=true]`, { timeout: 60_000 });
  for (let i = 1; i < count; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`${VIEWPORT}[data-image-index="${i}"][data-rendered=true]`, { timeout: 60_000 });
  }
  await page.keyboard.press('Home');
  await page.waitForSelector(`${VIEWPORT}[data-image-index="0"][data-rendered=true]`);
}

/**
 * One step forward on every animation frame, as a fast wheel does, through `count` cached images.
 * fps = distinct images cornerstone drew per second; `rafHz` is the frame rate the page got, the
 * ceiling for fps.
 */
export async function scroll(page, count) {
  return page.evaluate(
    ({ count, selector }) =>
      new Promise((resolve, reject) => {
        const element = document.querySelector(selector);
        const drawn = [];
        const onDrawn = () => drawn.push(performance.now());
        element.addEventListener('cornerstoneimagerendered', onDrawn);
        const key = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true });
        let frames = 0;
        const first = performance.now();
        const tick = () => {
          frames++;
          if (Number(element.dataset.imageIndex) < count - 1) element.dispatchEvent(key);
          if (element.dataset.rendered === 'true' && Number(element.dataset.imageIndex) === count - 1) {
            element.removeEventListener('cornerstoneimagerendered', onDrawn);
            const seconds = (performance.now() - first) / 1000;
            resolve({ fps: (drawn.length - 1) / ((drawn.at(-1) - drawn[0]) / 1000), drawn: drawn.length, rafHz: frames / seconds });
            return;
          }
          if (performance.now() - first > 60_000) reject(new Error('scrolling did not reach the last image in 60 s'));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { count, selector: VIEWPORT }
  );
}
