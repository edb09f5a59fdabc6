// Sharing through the real staff page, as staff do it: the folder is given to the page, they confirm
// the identity and share, and the clock stops when the QR is on screen. Each share runs in a browser
// of its own, so that its memory peak is not inflated by the shares before it.

import { launch } from './browser.mjs';
import { startSampling } from './memory.mjs';

const SHARE_TIMEOUT_MS = 15 * 60_000;

export async function shareFolder({ origin, dir, bytes, trace }) {
  const browser = await launch();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(origin + '/');
    await page.getByTestId('pick-folder').waitFor({ state: 'attached' });
    if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
    const memory = startSampling();
    const start = performance.now();
    await page.getByTestId('pick-folder').setInputFiles(dir);
    await page.getByTestId('confirm-identity').check({ timeout: SHARE_TIMEOUT_MS });
    const indexSeconds = (performance.now() - start) / 1000;
    await page.getByTestId('create-share').click();
    await page.getByTestId('share-qr').waitFor({ state: 'visible', timeout: SHARE_TIMEOUT_MS });
    const seconds = (performance.now() - start) / 1000;
    const peakMB = memory.stop();
    if (trace) await browser.stopTracing();
    const link = await page.getByTestId('share-link').getAttribute('href');
    return { seconds, indexSeconds, MBps: bytes / 1e6 / seconds, link, peakMB };
  } finally {
    await browser.close();
  }
}
