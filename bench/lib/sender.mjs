// Sharing through the real staff page, as staff do it: the folder is given to the page, they confirm
// the identity and share, and the clock stops when the QR is on screen. Each share runs in a browser
// of its own, so that its memory peak is not inflated by the shares before it.

import { launch } from './browser.mjs';
import { startSampling } from './memory.mjs';

const SHARE_TIMEOUT_MS = 15 * 60_000;

/**
 * Stamps, in the page's clock, when the folder reaches the page, the review shows, staff click
 * "share" and the QR shows. Playwright's own steps between them (actionability checks, round trips)
 * took seconds on a loaded machine; the product's time is (review − folder) + (QR − click).
 */
function stampSenderSteps() {
  const stamps = (globalThis.discless_stamps = {});
  const now = () => performance.now();
  document.addEventListener('change', (e) => e.target?.matches?.('[data-testid=pick-folder]') && (stamps.folder ??= now()), true);
  document.addEventListener('click', (e) => e.target?.closest?.('[data-testid=create-share]') && (stamps.click ??= now()), true);
  new MutationObserver(() => {
    if (!stamps.review && document.querySelector('[data-testid=review]')) stamps.review = now();
    if (!stamps.qr && document.querySelector('[data-testid=share-qr]')) stamps.qr = now();
  }).observe(document, { subtree: true, childList: true });
}

/**
 * Shares the folder `dir` of `bytes` bytes. Returns the product's seconds and MB/s (page clock), the
 * wall-clock seconds as playwright saw them, the indexing seconds, the link and the memory peak.
 */
export async function shareFolder({ origin, dir, bytes, trace }) {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    await context.addInitScript(stampSenderSteps);
    const page = await context.newPage();
    await page.goto(origin + '/');
    await page.getByTestId('pick-folder').waitFor({ state: 'attached' });
    if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
    const memory = startSampling();
    const start = performance.now();
    await page.getByTestId('pick-folder').setInputFiles(dir);
    await page.getByTestId('confirm-identity').check({ timeout: SHARE_TIMEOUT_MS });
    await page.getByTestId('create-share').click();
    await page.getByTestId('share-qr').waitFor({ state: 'visible', timeout: SHARE_TIMEOUT_MS });
    const wallSeconds = (performance.now() - start) / 1000;
    const { peakMB, peakSeconds, byProcess } = memory.stop();
    if (trace) await browser.stopTracing();
    const s = await page.evaluate(() => globalThis.discless_stamps);
    const indexSeconds = (s.review - s.folder) / 1000;
    const seconds = indexSeconds + (s.qr - s.click) / 1000;
    const link = await page.getByTestId('share-link').getAttribute('href');
    return { seconds, wallSeconds, indexSeconds, MBps: bytes / 1e6 / seconds, link, peakMB, peakSeconds, byProcess };
  } finally {
    await browser.close();
  }
}
