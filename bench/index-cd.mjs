#!/usr/bin/env node
// Indexes a 2,000-file CD on the staff page in Debian Chromium and prints how long it took, the files
// per second, and how long the page's main thread was ever blocked (Long Tasks API and the largest gap
// between animation frames). Run `npm run build` once, then `node bench/index-cd.mjs`
// (FILES=<n>, PORT=<n>). It starts the product with scripts/start.mjs on a fresh data folder.

import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES = Number(process.env.FILES ?? 2000);
const PORT = Number(process.env.PORT ?? 8829);
const CD = new URL('../../shared/dicom-samples/dicomdir-pcir/', import.meta.url).pathname;

const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const sources = walk(CD).filter((p) => !p.endsWith('DICOMDIR'));
const root = join(mkdtempSync(join(tmpdir(), 'discless-bench-')), 'CD');
for (let i = 0; i < FILES; i++) {
  const dir = join(root, `S${Math.floor(i / 100)}`);
  if (i % 100 === 0) mkdirSync(dir, { recursive: true });
  copyFileSync(sources[i % sources.length], join(dir, `I${i}`));
}

const server = spawn('node', ['scripts/start.mjs'], {
  env: { ...process.env, PORT: String(PORT), DISCLESS_SKIP_BUILD: '1', DISCLESS_DATA: mkdtempSync(join(tmpdir(), 'discless-bench-data-')) },
  stdio: 'ignore'
});
const base = `http://127.0.0.1:${PORT}/`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {
    if (i > 120) throw new Error('the server did not start');
  }
  await new Promise((r) => setTimeout(r, 500));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
});
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => [Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
    window.__maxFrameGap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.__maxFrameGap = Math.max(window.__maxFrameGap, now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(base);
  await page.evaluate(() => ((window.__longTasks = []), (window.__maxFrameGap = 0)));
  const t0 = await page.evaluate(() => performance.now());
  const started = Date.now();
  await page.getByTestId('pick-folder').setInputFiles(root);
  const tIndexing = await page.waitForFunction(() => document.querySelector('[data-testid=indexing]') && performance.now(), null, { polling: 'raf' }).then((h) => h.jsonValue());
  const tReview = await page.waitForFunction(() => document.querySelector('[data-testid=review]') && performance.now(), null, { timeout: 600_000, polling: 'raf' }).then((h) => h.jsonValue());
  const seconds = (Date.now() - started) / 1000;
  const { longTasks, maxFrameGap, totals } = await page.evaluate(() => ({
    longTasks: window.__longTasks,
    maxFrameGap: window.__maxFrameGap,
    totals: document.querySelector('[data-testid=totals]')?.textContent?.trim()
  }));
  console.log(`Indexing ${FILES} files (${totals}) in ${browser.version()}, ${(await page.evaluate(() => navigator.hardwareConcurrency))} cores`);
  if (process.env.VERBOSE) console.log({ t0, tIndexing, tReview, longTasks });
  console.table({
    'seconds from pick to review': seconds.toFixed(1),
    'files per second': (FILES / seconds).toFixed(0),
    'long tasks (> 50 ms) on the page': longTasks.length,
    'longest task, ms': Math.max(0, ...longTasks.map(([, d]) => d)).toFixed(0),
    'largest gap between frames, ms': maxFrameGap.toFixed(0)
  });
} finally {
  await browser.close();
  server.kill();
}
