#!/usr/bin/env node
// Load and fault test of the blob store, against the store `npm start` runs (workerd, on-disk
// storage), on loopback only and with every loop bounded. Prints its figures; exits 1 on a failure.
//
//   npx vite build   # once: the store serves build/
//   node scripts/store-load.mjs [--port 8802] [--shares 20] [--mb 50] [--reads 100]
//
// 1. N concurrent uploads of M MB studies (32 MiB objects, as the app makes them) and a manifest each.
// 2. R concurrent Range reads at random places, then every object read whole: SHA-256 of everything
//    read equals what was written.
// 3. An upload interrupted by stopping the store process mid-object resumes after a restart from the
//    share status, with nothing lost.
// 4. 50 parallel wrong PIN proofs are counted as exactly 5: the share locks and its data is deleted.
// 5. A share with a 60 s lifetime answers 410 after it and its objects are gone from the disk.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
const PORT = Number(args.port ?? 8802);
const SHARES = Number(args.shares ?? 20);
const STUDY_BYTES = Number(args.mb ?? 50) * 1_000_000;
const READS = Number(args.reads ?? 100);
const OBJECT = 32 * 1024 * 1024;
const MiB = 1024 * 1024;
if (PORT < 8802 || PORT > 8809) throw new Error('Use a port in 8802..8809.');
if (!existsSync(join(root, 'build'))) throw new Error('Build the app first (npx vite build): the store serves build/.');

const data = mkdtempSync(join(tmpdir(), 'discless-load-'));
const base = `http://127.0.0.1:${PORT}`;
const figures = [];
const failures = [];
const check = (ok, what) => (ok ? console.log(`  ok   ${what}`) : (failures.push(what), console.log(`  FAIL ${what}`)));
const seconds = (since) => (performance.now() - since) / 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the store process -------------------------------------------------------------------------

let store = null;
async function startStore() {
  store = spawn(process.execPath, ['scripts/start.mjs', '--var', 'MIN_TTL_SECONDS:60'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DISCLESS_DATA: data, DISCLESS_SKIP_BUILD: '1', UPLOAD_KEYS: '' },
    // Kept outside the data directory's R2 files, for a look after a failure.
    stdio: ['ignore', openSync(`${data}.log`, 'a'), openSync(`${data}.log`, 'a')]
  });
  const started = performance.now();
  for (let i = 0; i < 120; i++) {
    await sleep(500);
    try {
      if ((await fetch(`${base}/api/v1/info`)).ok) return seconds(started);
    } catch {
      // Not listening yet.
    }
  }
  throw new Error('The store did not start within 60 s.');
}
async function stopStore() {
  const exited = new Promise((r) => store.once('exit', r));
  store.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  store = null;
}

// --- deterministic content, seekable so any range can be checked without keeping it ------------

/** Byte i of object (seed) is a hash of (seed, i div 4): any range can be regenerated. */
function content(seed, offset, length) {
  const firstWord = Math.floor(offset / 4);
  const words = new Uint32Array(Math.ceil((offset + length) / 4) - firstWord);
  for (let w = 0; w < words.length; w++) {
    let x = (Math.imul(firstWord + w, 0x9e3779b1) ^ seed) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    words[w] = (x ^ (x >>> 16)) >>> 0;
  }
  const bytes = new Uint8Array(words.buffer);
  return bytes.subarray(offset - firstWord * 4, offset - firstWord * 4 + length);
}

// --- HTTP ----------------------------------------------------------------------------------------

const token = () => randomBytes(32).toString('base64url');

// Node's HTTP client sometimes sees a connection reset by local workerd when many connections open
// at once (curl with the same load sees none). Object PUTs are idempotent by design and reads are
// safe, so such a request is sent again, as the app's uploader does; every retry is counted and
// reported, so none hides.
const retries = { put: 0, get: 0 };
async function retrying(kind, attempt) {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const code = error.code ?? error.cause?.code;
      if (i >= 4 || !['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code)) throw error;
      retries[kind]++;
      await sleep(200 * 2 ** i);
    }
  }
}
const sha256hex = (text) => createHash('sha256').update(text).digest('hex');

async function api(method, path, { body, headers = {} } = {}) {
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // A binary or empty body.
  }
  return { status: response.status, json };
}

/** PUTs `length` bytes of content(seed) in 1 MiB writes; `onHalf` runs instead of sending the rest. */
function putStream(path, ownerToken, seed, length, onHalf) {
  return onHalf ? putOnce(path, ownerToken, seed, length, onHalf) : retrying('put', () => putOnce(path, ownerToken, seed, length));
}

function putOnce(path, ownerToken, seed, length, onHalf) {
  return new Promise((resolvePut, reject) => {
    const request = http.request(base + path, {
      method: 'PUT',
      headers: { 'Content-Length': String(length), Authorization: `Bearer ${ownerToken}` },
      // A fresh connection each: a kept-alive socket the server has just closed fails the next write.
      agent: false
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolvePut({ status: response.statusCode, sha256: hash.digest('hex'), text }));
    });
    request.on('error', reject);
    const hash = createHash('sha256');
    let sent = 0;
    const pump = () => {
      while (sent < length) {
        if (onHalf && sent >= length / 2) return onHalf(request);
        const piece = content(seed, sent, Math.min(MiB, length - sent));
        hash.update(piece);
        sent += piece.length;
        if (!request.write(piece)) return request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

function readHash(path, range) {
  return retrying('get', () => readOnce(path, range));
}

async function readOnce(path, range) {
  const response = await fetch(base + path, { headers: range ? { Range: range } : {} });
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of response.body) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { status: response.status, hash: hash.digest('hex'), bytes };
}

async function newShare(extra = {}) {
  const id = randomBytes(16).toString('hex');
  const ownerToken = token();
  const created = await api('POST', '/api/v1/shares', { body: JSON.stringify({ id, ownerTokenHash: sha256hex(ownerToken), ...extra }) });
  if (created.status !== 201) throw new Error(`create answered ${created.status} ${JSON.stringify(created.json)}`);
  return { id, ownerToken, objects: [] };
}

function objectSizes(total) {
  const sizes = [];
  for (let left = total; left > 0; left -= OBJECT) sizes.push(Math.min(OBJECT, left));
  return sizes;
}

async function commit(share) {
  return putStream(`/api/v1/shares/${share.id}/manifest`, share.ownerToken, 7, 1000);
}

// --- the runs ------------------------------------------------------------------------------------

async function concurrentUploads() {
  console.log(`\n1. ${SHARES} concurrent uploads of ${STUDY_BYTES / 1e6} MB`);
  const started = performance.now();
  const shares = await Promise.all(
    Array.from({ length: SHARES }, async (_, s) => {
      const share = await newShare();
      for (const [n, size] of objectSizes(STUDY_BYTES).entries()) {
        const seed = s * 1000 + n + 1;
        const { status, sha256, text } = await putStream(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, seed, size);
        if (status !== 201) throw new Error(`object PUT answered ${status}: ${text}`);
        share.objects.push({ n, size, seed, sha256 });
      }
      if ((await commit(share)).status !== 201) throw new Error('manifest PUT failed');
      return share;
    })
  );
  const took = seconds(started);
  const total = SHARES * STUDY_BYTES;
  figures.push([`upload ${SHARES} × ${STUDY_BYTES / 1e6} MB concurrently`, `${took.toFixed(1)} s, ${(total / 1e6 / took).toFixed(0)} MB/s`]);
  check(shares.length === SHARES, `${SHARES} shares committed (${(total / 1e9).toFixed(2)} GB)`);
  return shares;
}

async function rangeReads(shares) {
  console.log(`\n2. ${READS} concurrent Range reads, then every object read whole`);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: READS }, async () => {
      const share = shares[Math.floor(Math.random() * shares.length)];
      const object = share.objects[Math.floor(Math.random() * share.objects.length)];
      const start = Math.floor(Math.random() * object.size);
      const length = Math.min(object.size - start, 1 + Math.floor(Math.random() * MiB));
      const read = await readHash(`/api/v1/shares/${share.id}/objects/${object.n}`, `bytes=${start}-${start + length - 1}`);
      const expected = createHash('sha256').update(content(object.seed, start, length)).digest('hex');
      return read.status === 206 && read.bytes === length && read.hash === expected;
    })
  );
  const rangeTook = seconds(started);
  check(results.every(Boolean), `${results.filter(Boolean).length}/${READS} ranges byte-identical (206)`);
  figures.push([`${READS} concurrent Range reads (≤ 1 MiB each)`, `${rangeTook.toFixed(1)} s`]);
  const whole = performance.now();
  let same = 0;
  let count = 0;
  let bytes = 0;
  for (const share of shares) {
    const reads = await Promise.all(share.objects.map((o) => readHash(`/api/v1/shares/${share.id}/objects/${o.n}`)));
    reads.forEach((read, i) => {
      count++;
      bytes += read.bytes;
      if (read.status === 200 && read.hash === share.objects[i].sha256) same++;
    });
  }
  const wholeTook = seconds(whole);
  check(same === count, `${same}/${count} whole objects: SHA-256 of what was read equals what was written`);
  figures.push([`read back ${(bytes / 1e9).toFixed(2)} GB whole`, `${wholeTook.toFixed(1)} s, ${(bytes / 1e6 / wholeTook).toFixed(0)} MB/s`]);
}

async function restartResume() {
  console.log('\n3. Upload interrupted by restarting the store, then resumed from the share status');
  const share = await newShare();
  const sizes = [8 * MiB, 8 * MiB, 8 * MiB, 5 * MiB + 3];
  const seed = (n) => 900_000 + n;
  for (const n of [0, 1]) await putStream(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, seed(n), sizes[n]);
  // Object 2 is half sent when the store process goes away.
  let stopping = null;
  const interrupted = putStream(`/api/v1/shares/${share.id}/objects/2`, share.ownerToken, seed(2), sizes[2], () => {
    stopping ??= stopStore();
  }).catch((error) => `connection lost (${error.code ?? error.message})`);
  const outcome = await Promise.race([interrupted, sleep(30_000).then(() => null)]);
  check(typeof outcome === 'string', `the PUT in flight failed with the store: ${outcome}`);
  await stopping;
  const restart = await startStore();
  figures.push(['store restart', `${restart.toFixed(1)} s`]);
  const status = await api('GET', `/api/v1/shares/${share.id}`);
  const stored = new Map(status.json.objects.map((o) => [o.n, o.size]));
  check(stored.get(0) === sizes[0] && stored.get(1) === sizes[1] && !stored.has(2), `status after restart lists objects 0 and 1 with their sizes, not 2`);
  for (const [n, size] of sizes.entries()) {
    if (stored.get(n) !== size) await putStream(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, seed(n), size);
  }
  check((await commit(share)).status === 201, 'the resumed upload commits');
  let same = 0;
  for (const [n, size] of sizes.entries()) {
    const read = await readHash(`/api/v1/shares/${share.id}/objects/${n}`);
    if (read.hash === createHash('sha256').update(content(seed(n), 0, size)).digest('hex')) same++;
  }
  check(same === sizes.length, `${same}/${sizes.length} objects byte-identical after the resume: nothing lost`);
}

async function parallelWrongPins() {
  console.log('\n4. 50 parallel wrong PINs');
  const proof = token();
  const share = await newShare({ pinVerifier: sha256hex(proof) });
  await putStream(`/api/v1/shares/${share.id}/objects/0`, share.ownerToken, 5, 1000);
  await commit(share);
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => api('POST', `/api/v1/shares/${share.id}/unlock`, { body: JSON.stringify({ proof: token() }) }))
  );
  const wrong = answers.filter((a) => a.json?.code === 'wrong-pin').map((a) => a.json.attemptsLeft).sort();
  const locked = answers.filter((a) => a.status === 410 && a.json?.code === 'locked').length;
  check(JSON.stringify(wrong) === '[1,2,3,4]' && locked === 46, `exactly 5 counted: wrong-pin with ${wrong.join(',')} left, then ${locked} × locked`);
  const right = await api('POST', `/api/v1/shares/${share.id}/unlock`, { body: JSON.stringify({ proof }) });
  check(right.json?.code === 'locked', 'the right PIN after the lock is refused: locked');
  figures.push(['50 parallel wrong PINs', `${wrong.length + 1} counted, ${locked} answered locked`]);
}

/** Files under the data directory's R2 storage, with their sizes. */
function blobFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path, size: statSync(path).size });
    }
  };
  walk(join(data, 'v3', 'r2'));
  return out;
}

async function shortLifetime() {
  console.log('\n5. A share with a 60 s lifetime');
  const share = await newShare({ ttlSeconds: 60 });
  // Sizes no other object in this run has, to find its blobs on disk.
  const sizes = [3 * MiB + 17, 2 * MiB + 29];
  for (const [n, size] of sizes.entries()) await putStream(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, 4242 + n, size);
  await commit(share);
  const before = blobFiles().filter((f) => sizes.includes(f.size)).length;
  check(before === sizes.length && (await readHash(`/api/v1/shares/${share.id}/objects/0`)).status === 200, `readable, ${before} blobs of its sizes on disk`);
  const created = performance.now();
  let status = 200;
  for (let i = 0; i < 150 && status !== 410; i++) {
    await sleep(1000);
    status = (await api('GET', `/api/v1/shares/${share.id}/objects/0`)).status;
  }
  const gone = await api('GET', `/api/v1/shares/${share.id}`);
  check(status === 410 && gone.json?.code === 'expired' && typeof gone.json?.expiresAt === 'string', `410 expired after ${seconds(created).toFixed(0)} s, with expiresAt ${gone.json?.expiresAt}`);
  let left = before;
  for (let i = 0; i < 60 && left > 0; i++) {
    await sleep(1000);
    left = blobFiles().filter((f) => sizes.includes(f.size)).length;
  }
  check(left === 0, `its objects are gone from the disk (${left} blobs of its sizes left)`);
}

async function main() {
  console.log(`Store load and fault test on ${base} (data in ${data})`);
  const first = await startStore();
  figures.push(['store start', `${first.toFixed(1)} s`]);
  try {
    const shares = await concurrentUploads();
    await rangeReads(shares);
    await restartResume();
    await parallelWrongPins();
    await shortLifetime();
  } finally {
    if (store) await stopStore();
    rmSync(data, { recursive: true, force: true });
  }
  figures.push(['requests sent again after a connection reset', `${retries.put} PUT, ${retries.get} GET`]);
  console.log('\nFigures');
  for (const [what, value] of figures) console.log(`  ${what.padEnd(48)} ${value}`);
  if (failures.length === 0) rmSync(`${data}.log`, { force: true });
  console.log(failures.length === 0 ? '\nAll checks passed.' : `\n${failures.length} check(s) FAILED; the store's output is in ${data}.log.`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(async (error) => {
  console.error(error);
  if (store) await stopStore();
  process.exit(1);
});
