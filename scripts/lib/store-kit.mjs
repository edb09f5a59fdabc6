// What scripts/store-load.mjs needs to drive the real store from outside: the store process (as
// `npm start` runs it), content that any range of can be regenerated, and plain HTTP calls.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

export const MiB = 1024 * 1024;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const seconds = (since) => (performance.now() - since) / 1000;
export const sha256hex = (data) => createHash('sha256').update(data).digest('hex');
export const token = () => randomBytes(32).toString('base64url');

/** The store as `npm start` runs it (scripts/start.mjs: workerd with worker/workerd.capnp). */
export class StoreProcess {
  constructor(root, port, data, log) {
    Object.assign(this, { root, port, data, log, child: null, base: `http://127.0.0.1:${port}` });
  }

  async start() {
    this.child = spawn(process.execPath, ['scripts/start.mjs', '--var', 'MIN_TTL_SECONDS:60'], {
      cwd: this.root,
      env: { ...process.env, PORT: String(this.port), DISCLESS_DATA: this.data, DISCLESS_SKIP_BUILD: '1', UPLOAD_KEYS: '' },
      stdio: ['ignore', openSync(this.log, 'a'), openSync(this.log, 'a')]
    });
    const started = performance.now();
    for (let i = 0; i < 120; i++) {
      await sleep(500);
      try {
        if ((await fetch(`${this.base}/api/v1/info`)).ok) return seconds(started);
      } catch {
        // Not listening yet.
      }
    }
    throw new Error('The store did not start within 60 s.');
  }

  /** Stops it as systemd or Ctrl-C would: SIGTERM, which start.mjs passes on to workerd. */
  async stop() {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    this.child = null;
  }

  /** Kills the workerd process itself with SIGKILL, as a crash, the OOM killer or a power cut of the process would. */
  async crash() {
    const workerd = childPids(this.child.pid).find((pid) => readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === 'workerd');
    if (!workerd) throw new Error('no workerd process under the store');
    const exited = new Promise((r) => this.child.once('exit', r));
    process.kill(workerd, 'SIGKILL');
    await Promise.race([exited, sleep(15_000)]);
    this.child = null;
    return workerd;
  }
}

function childPids(parent) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

/** Byte i of object (seed) is a hash of (seed, i div 4): any range can be regenerated. */
export function content(seed, offset, length) {
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

/** SHA-256 of content(seed) of `size` bytes, computed in 1 MiB steps. */
export function contentHash(seed, size) {
  const hash = createHash('sha256');
  for (let at = 0; at < size; at += MiB) hash.update(content(seed, at, Math.min(MiB, size - at)));
  return hash.digest('hex');
}

export class StoreClient {
  constructor(base) {
    this.base = base;
    // Node's HTTP client sometimes sees a connection reset by a busy local store when many
    // connections open at once. Object PUTs are idempotent by design and reads are safe, so such a
    // request is sent again, as the app's uploader does; every retry is counted and reported.
    this.retries = { put: 0, get: 0 };
  }

  async api(method, path, { body, headers = {} } = {}) {
    const response = await fetch(this.base + path, { method, headers, body });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // A binary or empty body.
    }
    return { status: response.status, json };
  }

  async retrying(kind, attempt) {
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        const code = error.code ?? error.cause?.code;
        if (i >= 4 || !['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code)) throw error;
        this.retries[kind]++;
        await sleep(200 * 2 ** i);
      }
    }
  }

  /** PUTs `length` bytes of content(seed), retried on a reset connection. */
  put(path, ownerToken, seed, length) {
    return this.retrying('put', () => this.putOnce(path, ownerToken, seed, length));
  }

  /**
   * One PUT in 1 MiB writes. `watch` (optional) hears of each write ({ sent }) and may return
   * 'stop' to stop writing and leave the body half sent. Never retried.
   */
  putOnce(path, ownerToken, seed, length, watch) {
    return new Promise((resolvePut, reject) => {
      const request = http.request(this.base + path, {
        method: 'PUT',
        headers: { 'Content-Length': String(length), Authorization: `Bearer ${ownerToken}` },
        // A fresh connection each: a kept-alive socket the server has just closed fails the next write.
        agent: false
      });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolvePut({ status: response.statusCode, text }));
        response.on('error', reject);
      });
      request.on('error', reject);
      let sent = 0;
      const pump = () => {
        while (sent < length) {
          if (watch?.({ sent }) === 'stop') return;
          const piece = content(seed, sent, Math.min(MiB, length - sent));
          sent += piece.length;
          if (!request.write(piece)) return request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
  }

  read(path, range) {
    return this.retrying('get', () => this.readOnce(path, range));
  }

  async readOnce(path, range) {
    const response = await fetch(this.base + path, { headers: range ? { Range: range } : {} });
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of response.body) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    return { status: response.status, hash: hash.digest('hex'), bytes };
  }

  async newShare(extra = {}) {
    const id = randomBytes(16).toString('hex');
    const ownerToken = token();
    const created = await this.api('POST', '/api/v1/shares', { body: JSON.stringify({ id, ownerTokenHash: sha256hex(ownerToken), ...extra }) });
    if (created.status !== 201) throw new Error(`create answered ${created.status} ${JSON.stringify(created.json)}`);
    return { id, ownerToken, objects: [] };
  }

  commit(share) {
    return this.put(`/api/v1/shares/${share.id}/manifest`, share.ownerToken, 7, 1000);
  }
}
