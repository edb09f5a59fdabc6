#!/usr/bin/env node
// Measures WebCrypto AES-256-GCM encryption throughput in Debian Chromium at the record sizes the
// spec allows (64 KiB … 4 MiB), the figure behind docs/SPEC.md §4.1. Prints a table; run with
// `node bench/record-size.mjs`. Needs /usr/bin/chromium. Each size encrypts TOTAL_MB, one record at a
// time and with two in flight (the sender keeps encrypting while it uploads), median of RUNS runs.

import { chromium } from '@playwright/test';
import http from 'node:http';

const TOTAL_MB = Number(process.env.TOTAL_MB ?? 128);
const RUNS = Number(process.env.RUNS ?? 3);
const SIZES = [64, 256, 1024, 4096].map((k) => k * 1024);

// WebCrypto needs a secure context: a page served from 127.0.0.1 is one, about:blank is not.
const server = http.createServer((_, res) => res.end('<!doctype html><title>bench</title>'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);

const rows = [];
for (const size of SIZES) {
  const result = await page.evaluate(
    async ({ size, totalMb, runs }) => {
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
      const record = crypto.getRandomValues(new Uint8Array(Math.min(size, 65536)));
      const data = new Uint8Array(size);
      for (let at = 0; at < size; at += record.length) data.set(record.subarray(0, size - at), at);
      const count = Math.round((totalMb * 1024 * 1024) / size);
      const iv = (i) => {
        const out = new Uint8Array(12);
        new DataView(out.buffer).setUint32(7, i);
        return out;
      };
      const seal = (i) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(i), additionalData: iv(0) }, key, data);
      const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const serial = [];
      const paired = [];
      for (let run = 0; run < runs; run++) {
        let t = performance.now();
        for (let i = 0; i < count; i++) await seal(i);
        serial.push((count * size) / 1048576 / ((performance.now() - t) / 1000));
        t = performance.now();
        for (let i = 0; i < count; i += 2) await Promise.all([seal(i), seal(i + 1)]);
        paired.push((count * size) / 1048576 / ((performance.now() - t) / 1000));
      }
      return { serial: median(serial), paired: median(paired) };
    },
    { size, totalMb: TOTAL_MB, runs: RUNS }
  );
  rows.push({ record: `${size / 1024} KiB`, 'MB/s one at a time': result.serial.toFixed(0), 'MB/s two in flight': result.paired.toFixed(0) });
}
console.log(`WebCrypto AES-256-GCM in ${browser.version()}, ${TOTAL_MB} MB per run, median of ${RUNS}`);
console.table(rows);
await browser.close();
server.close();
