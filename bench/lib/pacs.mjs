// The receiving clinic's side: the viewer sends a share into a PACS (Debian's Orthanc with its
// DICOMweb plugin, behind nginx, as docs/DEPLOY.md sets it up; scripts/local-pacs.mjs), against
// reading the same share from the store alone, by Node, in the same run.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startPacs } from '../../scripts/local-pacs.mjs';
import { folderFiles } from './data.mjs';

export { startPacs };

/**
 * Stamps, in the page's clock, the click on "Send", the moment the PACS has answered for every file
 * (sent), and the moment the progress says done (after the PACS listed them all: the check).
 */
function stampPacsSteps() {
  const stamps = (globalThis.discless_pacs = {});
  document.addEventListener('click', (e) => e.target?.closest?.('[data-testid=pacs-send]') && (stamps.click ??= performance.now()), true);
  new MutationObserver(() => {
    const progress = document.querySelector('[data-testid=pacs-progress]');
    if (!progress) return;
    if (!stamps.sent && progress.dataset.done === progress.dataset.total) stamps.sent = performance.now();
    if (!stamps.done && progress.dataset.phase === 'done') stamps.done = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase', 'data-done'] });
}

/**
 * Opens the link in a fresh context and, once the first image shows (as a clinician would), sends
 * the share to `pacs`. MB/s of the study's `bytes` from the click to done (all instances confirmed
 * and listed by the PACS afterwards). Returns the share id too, read off the viewer's requests.
 */
export async function sendToPacs(browser, link, pacs, bytes) {
  const context = await browser.newContext();
  await context.addInitScript(stampPacsSteps);
  const page = await context.newPage();
  let shareId = null;
  page.on('request', (request) => (shareId ??= /\/api\/v1\/shares\/([0-9a-f]{32})/.exec(request.url())?.[1] ?? null));
  try {
    await page.goto(link);
    await page.waitForSelector('[data-testid=viewport][data-rendered=true]', { timeout: 120_000 });
    await page.getByTestId('send-to-pacs').click();
    await page.getByTestId('pacs-url').fill(pacs.url);
    await page.getByTestId('pacs-auth').selectOption('basic');
    await page.getByTestId('pacs-user').fill(pacs.user);
    await page.getByTestId('pacs-password').fill(pacs.password);
    await page.getByTestId('pacs-send').click();
    await page.waitForSelector('[data-testid=pacs-progress]:is([data-phase=done], [data-phase=failed])', { timeout: 20 * 60_000 });
    const progress = page.getByTestId('pacs-progress');
    if ((await progress.getAttribute('data-phase')) === 'failed') throw new Error(`sending failed: ${await progress.innerText()}`);
    const result = page.getByTestId('pacs-result');
    const [sent, failed] = [await result.getAttribute('data-sent'), await result.getAttribute('data-failed')];
    if (failed !== '0') throw new Error(`the PACS did not take ${failed} instances (${sent} sent)`);
    const { click, sent: answered, done } = await page.evaluate(() => globalThis.discless_pacs);
    const seconds = (done - click) / 1000;
    return { MBps: bytes / 1e6 / seconds, seconds, checkSeconds: (done - answered) / 1000, sent: Number(sent), shareId };
  } finally {
    await context.close();
  }
}

/**
 * The store alone: Node reads every object of the share (its ciphertext, a little more than the
 * study) in 2 MiB Range requests one after another, as the viewer's reads go. The PACS send cannot
 * be faster than this.
 */
export async function readShare(origin, shareId) {
  const status = await (await fetch(`${origin}/api/v1/shares/${shareId}`)).json();
  const step = 2 * 1024 * 1024;
  let bytes = 0;
  const start = performance.now();
  for (const { n, size } of status.objects) {
    for (let at = 0; at < size; at += step) {
      const response = await fetch(`${origin}/api/v1/shares/${shareId}/objects/${n}`, { headers: { range: `bytes=${at}-${Math.min(size, at + step) - 1}` } });
      bytes += (await response.arrayBuffer()).byteLength;
      if (response.status !== 206 && response.status !== 200) throw new Error(`the store answered ${response.status}`);
    }
  }
  return { MBps: bytes / 1e6 / ((performance.now() - start) / 1000), bytes };
}

/**
 * The PACS alone: Node posts the study's files from disk to a fresh `pacs`, in the viewer's batches
 * (16 MiB, one request at a time), without the browser, the store or decryption. The viewer's send
 * cannot be faster than this either.
 */
export async function stowAlone(pacs, dir, batchBytes = 16 * 1024 * 1024) {
  const files = folderFiles(dir);
  const auth = `Basic ${Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64')}`;
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < files.length; ) {
    const parts = [];
    let size = 0;
    while (i < files.length && (parts.length === 0 || size + parts.at(-1).length <= batchBytes)) {
      const file = readFileSync(files[i++]);
      parts.push(file);
      size += file.length;
    }
    const boundary = `bench-${randomBytes(16).toString('hex')}`;
    const body = Buffer.concat([
      ...parts.flatMap((part, k) => [Buffer.from(`${k ? '\r\n' : ''}--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), part]),
      Buffer.from(`\r\n--${boundary}--\r\n`)
    ]);
    const response = await fetch(`${pacs.url}/studies`, {
      method: 'POST',
      body,
      headers: { authorization: auth, accept: 'application/dicom+json', 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` }
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`the PACS answered ${response.status}`);
    bytes += size;
  }
  return { MBps: bytes / 1e6 / ((performance.now() - start) / 1000) };
}
