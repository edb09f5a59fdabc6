// Figures that need no store: the physical references (WebCrypto AES-GCM per record size, hash-wasm
// SHA-256), the peer design (RFC 8188) and the product's decoder per codec. bench/harness is bundled
// by Vite with the product's modules and served from 127.0.0.1: WebCrypto needs a secure context.

import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { build } from 'vite';
import { folderFiles } from './data.mjs';
import { summary } from './stats.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Bundles bench/harness and serves it with the given folders mounted at /m/<n>/. */
export async function serveHarness(root, port, mounts) {
  const out = mkdtempSync(join(tmpdir(), 'discless-harness-'));
  await build({
    configFile: false,
    root: join(root, 'bench', 'harness'),
    logLevel: 'warn',
    resolve: { alias: { $lib: join(root, 'src', 'lib') } },
    build: { outDir: out, emptyOutDir: true, target: 'es2022' }
  });
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [, mount, rest] = /^\/m\/(\d+)\/(.+)$/.exec(path) ?? [];
    const file = mount !== undefined ? join(mounts[Number(mount)], rest) : join(out, path === '/' ? 'index.html' : path);
    const base = mount !== undefined ? mounts[Number(mount)] : out;
    if (relative(base, file).startsWith('..' + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.close();
      rmSync(out, { recursive: true, force: true });
    }
  };
}

const call = (page, fn, ...args) => page.evaluate(({ fn, args }) => globalThis.discless_bench[fn](...args), { fn, args });

export async function measureRaw(page, { mb, runs }) {
  const aes = [];
  const sha = [];
  const table = [];
  // Unmeasured first calls: the first run otherwise pays for the page's start-up (seen: 331 MB/s first,
  // 615 MB/s a minute later for the same 256 KiB records).
  await call(page, 'aesGcm', mb, 256 * 1024, 1);
  await call(page, 'sha256', mb);
  for (let run = 0; run < runs; run++) {
    aes.push(await call(page, 'aesGcm', mb, 256 * 1024, 1));
    sha.push(await call(page, 'sha256', mb));
  }
  // The record-size table behind docs/SPEC.md §4.1 (formerly bench/record-size.mjs).
  for (const kib of [64, 256, 1024, 4096]) {
    const one = [];
    const two = [];
    for (let run = 0; run < runs; run++) {
      one.push(await call(page, 'aesGcm', mb, kib * 1024, 1));
      two.push(await call(page, 'aesGcm', mb, kib * 1024, 2));
    }
    table.push({ record: `${kib} KiB`, one: summary(one), two: summary(two) });
  }
  return { aes: summary(aes), sha: summary(sha), recordSizes: table };
}

export async function measureEce(page, { mb, runs }) {
  const values = [];
  for (let run = 0; run < runs; run++) values.push(await call(page, 'ece', mb, 64 * 1024));
  return summary(values);
}

/**
 * Median decode time per image for each codec, each file decoded once per run. `sources` maps a
 * codec to a folder (or one file, decoded 20 times) in `mounts`; a codec the decoder rejects gets
 * null and the decoder's own words.
 */
export async function measureDecode(page, sources, mounts, { runs }) {
  const out = {};
  for (const [codec, { path, note }] of Object.entries(sources)) {
    const files = path.endsWith('.dcm') ? Array(20).fill(path) : folderFiles(path);
    const urls = files.map((file) => `/m/${mounts.indexOf(dirname(file))}/${basename(file)}`);
    const times = [];
    try {
      for (let run = 0; run < runs; run++) times.push(...(await call(page, 'decode', urls)));
      const { runs: _, ...figure } = summary(times);
      out[codec] = { ...figure, images: times.length, note };
    } catch (error) {
      const message = String(error.message ?? error).split('\n')[0].replace(/^.*?(Error|\$): /, '');
      out[codec] = summary([], `the decoder on this branch refuses it: ${message}`);
    }
  }
  return out;
}
