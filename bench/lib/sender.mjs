// Sharing through the real staff page, as staff do it: the folder is given to the page, they confirm
// the identity and share, and the clock stops when the QR is on screen. Each share runs in a browser
// (and a fresh profile) of its own, so that its memory peak is not inflated by the shares before it.

import { clickWhenEnabled, launchBare, setInputFolder } from './bare-chromium.mjs';
import { startSampling } from './memory.mjs';

const SHARE_TIMEOUT_MS = 15 * 60_000;

/**
 * Stamps, in the page's clock, when the folder reaches the page, the review shows, staff click
 * "share" and the QR shows. The driver's own steps between them (polling, round trips) took seconds
 * on a loaded machine; the product's time is (review − folder) + (QR − click).
 */
function stampSenderSteps() {
  const stamps = (globalThis.discless_stamps = {});
  const now = () => performance.now();
  document.addEventListener('change', (e) => e.target?.matches?.('[data-testid=pick-folder]') && (stamps.folder ??= now()), true);
  document.addEventListener('click', (e) => e.target?.closest?.('[data-testid=create-share]') && (stamps.click ??= now()), true);
  document.addEventListener('click', (e) => e.target?.closest?.('[data-testid=deidentify]') && (stamps.deid ??= now()), true);
  new MutationObserver(() => {
    if (!stamps.review && document.querySelector('[data-testid=review]')) stamps.review = now();
    if (!stamps.surveyed && document.querySelector('[data-testid=pseudonym]')) stamps.surveyed = now();
    if (!stamps.uploading && document.querySelector('[data-testid=upload-bytes]')) stamps.uploading = now();
    if (!stamps.qr && document.querySelector('[data-testid=share-qr]')) stamps.qr = now();
  }).observe(document, { subtree: true, childList: true });
}

/**
 * Shares the folder `dir` of `bytes` bytes. Returns the product's seconds and MB/s (page clock), the
 * wall-clock seconds, the indexing seconds, the link and the memory peak. Chromium is driven through
 * a bare DevTools pipe (bare-chromium.mjs), not playwright, so its memory is a real user's. With
 * `pseudonym`, the share is a de-identified copy: staff tick `deidentify`, the review reads every file
 * (counted, as `surveySeconds`), they type the pseudonym and wait for the preview (not counted: a
 * person's typing), then share.
 */
export async function shareFolder({ origin, dir, bytes, trace, pseudonym }) {
  const browser = await launchBare();
  try {
    const { page } = browser;
    await page.send('Page.enable');
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${stampSenderSteps})()` });
    await page.send('Page.navigate', { url: origin + '/' });
    await page.waitFor(`!!document.querySelector('[data-testid=pick-folder]')`, 60_000);
    const stopTracing = trace ? await browser.startTracing(trace) : null;
    const memory = startSampling();
    const start = performance.now();
    await setInputFolder(page, '[data-testid=pick-folder]', dir);
    if (pseudonym) {
      await clickWhenEnabled(page, '[data-testid=deidentify]', SHARE_TIMEOUT_MS);
      const type = `(() => { const input = document.querySelector('[data-testid=pseudonym]'); if (!input) return false; input.value = ${JSON.stringify(pseudonym)}; input.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`;
      await page.waitFor(type, SHARE_TIMEOUT_MS);
      await page.waitFor(`!!document.querySelector('[data-testid=deid-preview]')`, SHARE_TIMEOUT_MS);
    }
    await clickWhenEnabled(page, '[data-testid=confirm-identity]', SHARE_TIMEOUT_MS);
    await clickWhenEnabled(page, '[data-testid=create-share]', 60_000);
    // A share the store stopped (the page pauses it and names the error) fails the run at once.
    const done = `document.querySelector('[data-testid=upload-progress][data-phase=paused] [data-testid=error]')?.dataset.code ?? (document.querySelector('[data-testid=share-qr]') && document.querySelector('a[data-testid=share-link]')?.href)`;
    const link = await page.waitFor(done, SHARE_TIMEOUT_MS);
    if (!link.startsWith('http')) throw new Error(`the share stopped: ${link}`);
    const wallSeconds = (performance.now() - start) / 1000;
    const { peakMB, peakSeconds, byProcess } = memory.stop();
    await stopTracing?.();
    const s = await page.evaluate('globalThis.discless_stamps');
    const indexSeconds = (s.review - s.folder) / 1000;
    const surveySeconds = pseudonym ? (s.surveyed - s.deid) / 1000 : 0;
    const shareSeconds = (s.qr - s.click) / 1000;
    // Until the first byte count shows: for a de-identified share, the plan of every file.
    const prepareSeconds = s.uploading ? (s.uploading - s.click) / 1000 : null;
    const seconds = indexSeconds + surveySeconds + shareSeconds;
    return { seconds, wallSeconds, indexSeconds, surveySeconds, shareSeconds, prepareSeconds, MBps: bytes / 1e6 / seconds, link, peakMB, peakSeconds, byProcess };
  } finally {
    await browser.close();
  }
}
