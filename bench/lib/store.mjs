// The real local store as `npm start` runs it (scripts/start.mjs: the workerd binary with
// worker/workerd.capnp, everything on local disk), with its shares in a fresh folder under bench/data
// that is deleted afterwards; and its own speed, against dd writing and reading the same bytes on the
// same disk in the same run.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

export function buildApp(root) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

export async function startStore(root, port) {
  // Under bench/data rather than /tmp: a run lasts half an hour, and others sweep /tmp/discless-*.
  mkdirSync(join(root, 'bench', 'data'), { recursive: true });
  const data = mkdtempSync(join(root, 'bench', 'data', 'store-'));
  // Its own process group, so that stopping it also stops workerd.
  const child = spawn('node', ['scripts/start.mjs'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), DISCLESS_DATA: data, DISCLESS_SKIP_BUILD: '1' }
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the store exited with code ${child.exitCode}`);
    try {
      if ((await fetch(origin + '/')).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('the store did not start within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    origin,
    data,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      rmSync(data, { recursive: true, force: true });
    }
  };
}

const OBJECT = 32 * 1024 * 1024;
/** The viewer's export reads this much per Range request, this many requests ahead (share-reader.ts). */
export const RANGE_BYTES = 4 * 1024 * 1024;
export const RANGES_IN_FLIGHT = 4;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode, bytes }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The same reads from a plain Node HTTP server holding the object in memory: what this machine's
 * loopback and Node's HTTP client allow at all, with no store, disk or Worker involved.
 */
async function plainHttpGet(body, objects) {
  const server = http.createServer((req, res) => {
    const [, a, b] = /bytes=(\d+)-(\d+)/.exec(req.headers.range);
    res.writeHead(206, { 'content-length': Number(b) - Number(a) + 1 });
    res.end(body.subarray(Number(a), Number(b) + 1));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const spans = Array.from({ length: (objects * OBJECT) / RANGE_BYTES }, (_, i) => (i * RANGE_BYTES) % OBJECT);
    const started = performance.now();
    await Promise.all(Array.from({ length: RANGES_IN_FLIGHT }, async () => {
      for (let at = spans.shift(); at !== undefined; at = spans.shift()) await request(url, { headers: { range: `bytes=${at}-${at + RANGE_BYTES - 1}` } });
    }));
    return (objects * OBJECT) / 1e6 / ((performance.now() - started) / 1000);
  } finally {
    server.close();
  }
}

/** Seconds a command takes, or an error with its output. */
function timed(command, args) {
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

/**
 * The store's own speed from Node (node:http, kept-alive connections), next to dd on the same disk
 * in the same run. `objects` random 32 MiB objects (the sender's object size):
 * - dd writes each to a file in the store's data folder, conv=fsync, one after another;
 * - the store gets them by PUT, two at a time (as the sender sends them);
 * - dd reads each file back from the disk (iflag=direct) and from the page cache; the store serves
 *   them back in 4 MiB Range requests, 4 in flight (as the viewer's export reads), and in 2 MiB
 *   requests one after another (as before), from the page cache, as the bytes were just written;
 * - a plain Node HTTP server serves the same Range requests from memory, for the loopback's limit.
 */
export async function measureStore(origin, dataDir, objects = 4) {
  const id = randomBytes(16).toString('hex');
  const token = randomBytes(32).toString('base64url');
  const ownerTokenHash = createHash('sha256').update(token).digest('hex');
  const created = await request(`${origin}/api/v1/shares`, { method: 'POST', body: JSON.stringify({ id, ownerTokenHash, ttlSeconds: 86_400 }) });
  if (created.status !== 201) throw new Error(`the store refused a share: ${created.status}`);
  const body = randomBytes(OBJECT);
  const total = objects * OBJECT;
  const mbps = (seconds) => total / 1e6 / seconds;

  const ddDir = mkdtempSync(join(dataDir, 'dd-'));
  try {
    const source = join(ddDir, 'source');
    writeFileSync(source, body);
    const put = async (path, bytes) => {
      const answer = await request(`${origin}/api/v1/shares/${id}/${path}`, { method: 'PUT', body: bytes, headers: { authorization: `Bearer ${token}`, 'content-length': bytes.length } });
      if (answer.status !== 201) throw new Error(`the store refused ${path}: ${answer.status}`);
    };
    const range = (n, at, size) => request(`${origin}/api/v1/shares/${id}/objects/${n}`, { headers: { range: `bytes=${at}-${at + size - 1}` } }).then((r) => {
      if (r.bytes !== size) throw new Error(`short range read: ${r.status}`);
    });
    const since = (started) => (performance.now() - started) / 1000;
    // dd and the store take turns, two objects at a time, so that the machine's other load falls on
    // both alike.
    const seconds = { ddWrite: 0, storePut: 0, ddRead: 0, ddReadCached: 0, storeGet: 0, storeGetSequential: 0 };
    for (let n = 0; n < objects; n += 2) {
      for (const k of [n, n + 1]) seconds.ddWrite += timed('dd', [`if=${source}`, `of=${join(ddDir, String(k))}`, 'bs=1M', 'conv=fsync', 'status=none']);
      const started = performance.now();
      await Promise.all([put(`objects/${n}`, body), put(`objects/${n + 1}`, body)]);
      seconds.storePut += since(started);
    }
    // The store serves nothing of a share before its manifest commits it.
    await put('manifest', randomBytes(4096));
    // Reads: dd from the disk (O_DIRECT), as the write went to it (conv=fsync), and from the page
    // cache; the store from the page cache, as the bytes were just written.
    for (let n = 0; n < objects; n++) {
      const file = join(ddDir, String(n));
      seconds.ddRead += timed('dd', [`if=${file}`, 'of=/dev/null', 'bs=1M', 'iflag=direct', 'status=none']);
      seconds.ddReadCached += timed('dd', [`if=${file}`, 'of=/dev/null', 'bs=1M', 'status=none']);
      const spans = Array.from({ length: OBJECT / RANGE_BYTES }, (_, i) => i * RANGE_BYTES);
      let started = performance.now();
      await Promise.all(Array.from({ length: RANGES_IN_FLIGHT }, async () => {
        for (let at = spans.shift(); at !== undefined; at = spans.shift()) await range(n, at, RANGE_BYTES);
      }));
      seconds.storeGet += since(started);
      started = performance.now();
      for (let at = 0; at < OBJECT; at += 2 * 1024 * 1024) await range(n, at, 2 * 1024 * 1024);
      seconds.storeGetSequential += since(started);
    }
    const speeds = Object.fromEntries(Object.entries(seconds).map(([key, s]) => [key, mbps(s)]));
    return { ...speeds, httpFromMemory: await plainHttpGet(body, objects) };
  } finally {
    rmSync(ddDir, { recursive: true, force: true });
  }
}
