#!/usr/bin/env node
// Measures the memory an export takes, for studies of different sizes: the reader worker's JS heap
// and ArrayBuffer memory (CDP Runtime.getHeapUsage, every 200 ms; "live" = right after a forced GC,
// every second) and the resident memory of all Chromium processes (/proc), for every way out: the
// default download streamed to disk through the service worker (static/download-sw.js), the same
// download where no service worker runs (zip bytes in Chromium's blob storage, in the browser
// process), and saving straight to a picked file (streamed to disk).
//
// Usage: npx vite build && node bench/export-memory.mjs [folder ...]
// Without folders it makes two synthetic CT series (about 100 MB and 300 MB) with
// ../shared/tools/make-study.sh in $BENCH_DIR (default /tmp/discless-export-bench), once.
// Needs /usr/bin/chromium and dcmtk. PORT (default 8841) is where it starts the app and store.

import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8841';
const origin = `http://127.0.0.1:${port}`;
const benchDir = process.env.BENCH_DIR ?? '/tmp/discless-export-bench';
const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
};
const SLICE = join(root, '../shared/dicom-samples/CT1_UNC.explicit_little_endian.dcm');

function studies() {
  if (process.argv.length > 2) return process.argv.slice(2).map((f) => resolve(f));
  return [190, 570].map((slices) => {
    const dir = join(benchDir, `ct${slices}`);
    if (!existsSync(dir)) execFileSync(join(root, '../shared/tools/make-study.sh'), [SLICE, String(slices), dir], { stdio: 'inherit' });
    return dir;
  });
}

function filesIn(dir) {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name)) : [join(dir, name)]));
}

/** Resident memory of every Chromium process this script started (browser, renderers, GPU…). */
function chromiumRss() {
  const parent = new Map();
  const name = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      name.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      // the process ended while we looked
    }
  }
  const mine = (pid) => {
    for (let p = pid; p && p !== '1'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let kb = 0;
  for (const pid of parent.keys()) {
    if (!/chrom/i.test(name.get(pid) ?? '') || !mine(pid)) continue;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return kb * 1024;
}

async function waitForServer() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${origin}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no server on ${origin}`);
}

async function share(browser, folder) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.getByTestId('pick-folder').setInputFiles(folder);
  await page.getByTestId('review').waitFor();
  if (await page.getByTestId('confirm-multiple-patients').isVisible()) await page.getByTestId('confirm-multiple-patients').check();
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  const link = page.getByTestId('share-link');
  await link.waitFor({ timeout: 900_000 });
  const href = await link.getAttribute('href');
  await context.close();
  return href;
}

/** A CDP session on the page that reaches its reader worker (non-flat auto-attach). */
async function readerWorkerProbe(context, page) {
  const cdp = await context.newCDPSession(page);
  let session = null;
  let next = 1;
  const pending = new Map();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.url.includes('reader.worker')) session = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    pending.get(msg.id)?.(msg.result ?? {});
    pending.delete(msg.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId: session, message: JSON.stringify({ id, method, params }) });
    });
  return {
    ready: () => session !== null,
    heap: async () => {
      const r = await send('Runtime.getHeapUsage');
      return { used: r.usedSize ?? 0, buffers: r.backingStorageSize ?? 0 };
    },
    gc: () => send('HeapProfiler.collectGarbage')
  };
}

const mb = (bytes) => (bytes / 1048576).toFixed(1);

const MODES = { sw: 'download (service worker)', blob: 'download (Blob, no service worker)', file: 'file' };

async function measure(browser, folder, mode) {
  const toDisk = mode === 'file';
  const files = filesIn(folder).length;
  const bytes = filesIn(folder).reduce((n, f) => n + statSync(f).size, 0);
  const link = await share(browser, folder);
  // A normal (on-disk) profile, as a clinic's browser has: in an off-the-record context the origin
  // private file system, which stands in for the picked file below, would live in memory.
  const profile = mkdtempSync(join(tmpdir(), 'discless-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...LAUNCH,
    acceptDownloads: true,
    serviceWorkers: mode === 'blob' ? 'block' : 'allow'
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Saving to disk: the origin private file system stands in for the native save dialog.
  if (toDisk) {
    await page.addInitScript(() => {
      window.showSaveFilePicker = async () => (await navigator.storage.getDirectory()).getFileHandle('export.zip', { create: true });
    });
  }
  const probe = await readerWorkerProbe(context, page);
  await page.goto(link);
  await page.getByTestId('viewport').and(page.locator('[data-rendered=true]')).waitFor({ timeout: 120_000 });
  // The service worker claims the page once installed; the streamed download needs it in control.
  if (mode === 'sw') await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  let streamedBySw = false;
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/download/')) streamedBySw = r.fromServiceWorker();
  });
  while (!probe.ready()) await new Promise((r) => setTimeout(r, 100));
  await probe.gc();
  const before = await probe.heap();
  const rssBefore = chromiumRss();
  // Raw peaks include garbage V8 has not collected yet; every fifth sample forces a GC first, so
  // the "live" peak is what the worker really holds.
  const peak = { ...before, live: before.buffers, rss: rssBefore };
  let sampling = true;
  const sampler = (async () => {
    for (let i = 1; sampling; i++) {
      if (i % 5 === 0) await probe.gc();
      const h = await probe.heap();
      peak.used = Math.max(peak.used, h.used);
      if (i % 5 === 0) peak.live = Math.max(peak.live, h.buffers);
      else peak.buffers = Math.max(peak.buffers, h.buffers);
      peak.rss = Math.max(peak.rss, chromiumRss());
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const started = performance.now();
  let zipBytes;
  if (toDisk) {
    await page.getByTestId('export-dicom-to-disk').click();
    // The file is replaced only when the export closes its stream: non-empty means done.
    const size = () => page.evaluate(async () => (await (await (await navigator.storage.getDirectory()).getFileHandle('export.zip', { create: true })).getFile()).size);
    while ((zipBytes = await size()) === 0) await new Promise((r) => setTimeout(r, 200));
  } else {
    const downloading = page.waitForEvent('download', { timeout: 900_000 });
    await page.getByTestId('export-dicom').click();
    zipBytes = statSync(await (await downloading).path()).size;
  }
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  return {
    study: `${files} files, ${mb(bytes)} MiB`,
    to: MODES[mode],
    'via service worker': streamedBySw,
    'zip MiB': mb(zipBytes),
    'export s': seconds.toFixed(1),
    'worker heap MiB (before → peak)': `${mb(before.used)} → ${mb(peak.used)}`,
    'worker ArrayBuffers MiB (before → peak / live peak)': `${mb(before.buffers)} → ${mb(peak.buffers)} / ${mb(peak.live)}`,
    'all Chromium RSS MiB (before → peak)': `${mb(rssBefore)} → ${mb(peak.rss)}`
  };
}

const folders = studies();
const data = mkdtempSync(join(tmpdir(), 'discless-bench-data-'));
const server = spawn('node', ['scripts/start.mjs'], {
  cwd: root,
  env: { ...process.env, PORT: port, DISCLESS_SKIP_BUILD: '1', DISCLESS_DATA: data },
  stdio: 'ignore',
  detached: true
});
try {
  await waitForServer();
  const browser = await chromium.launch(LAUNCH);
  const rows = [];
  for (const mode of Object.keys(MODES)) {
    for (const folder of folders) {
      rows.push(await measure(browser, folder, mode));
      console.log(rows.at(-1));
    }
  }
  console.log(`Export memory in ${browser.version()} (reader worker: CDP Runtime.getHeapUsage; RSS: /proc)`);
  console.table(rows);
  await browser.close();
} finally {
  process.kill(-server.pid, 'SIGTERM');
  // workerd may still hold files for a moment after SIGTERM.
  setTimeout(() => rmSync(data, { recursive: true, force: true }), 2000);
}
