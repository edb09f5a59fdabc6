// The real local store (scripts/start.mjs: the Worker in workerd, local R2 and Durable Objects),
// with its shares in a fresh folder under bench/data that is deleted afterwards.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function buildApp(root) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

export async function startStore(root, port) {
  // Under bench/data rather than /tmp: a run lasts half an hour, and others sweep /tmp/discless-*.
  mkdirSync(join(root, 'bench', 'data'), { recursive: true });
  const data = mkdtempSync(join(root, 'bench', 'data', 'store-'));
  // Its own process group, so that stopping it also stops wrangler's workerd.
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
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      rmSync(data, { recursive: true, force: true });
    }
  };
}

/**
 * The store's own speed, without a browser: Node PUTs `objects` random 32 MiB objects (the sender's
 * object size, two in flight, as the sender sends them) into a fresh share, then reads them back in
 * 2 MiB Range requests one after another (the export reads 8 records ahead). Neither the sender nor
 * the viewer can be faster than these.
 */
export async function measureStore(origin, objects = 4) {
  const id = randomBytes(16).toString('hex');
  const token = randomBytes(32).toString('base64url');
  const ownerTokenHash = createHash('sha256').update(token).digest('hex');
  const created = await fetch(`${origin}/api/v1/shares`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, ownerTokenHash, ttlSeconds: 86_400 })
  });
  if (!created.ok) throw new Error(`the store refused a share: ${created.status}`);
  const size = 32 * 1024 * 1024;
  const body = randomBytes(size);
  const put = async (path, bytes) => {
    const response = await fetch(`${origin}/api/v1/shares/${id}/${path}`, { method: 'PUT', body: bytes, headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`the store refused ${path}: ${response.status}`);
  };
  let start = performance.now();
  for (let n = 0; n < objects; n += 2) await Promise.all([put(`objects/${n}`, body), put(`objects/${n + 1}`, body)]);
  const putMBps = (objects * size) / 1e6 / ((performance.now() - start) / 1000);
  // The store serves nothing of a share before its manifest commits it.
  await put('manifest', randomBytes(4096));

  const step = 2 * 1024 * 1024;
  start = performance.now();
  for (let n = 0; n < objects; n++) {
    for (let at = 0; at < size; at += step) {
      const response = await fetch(`${origin}/api/v1/shares/${id}/objects/${n}`, { headers: { range: `bytes=${at}-${at + step - 1}` } });
      if ((await response.arrayBuffer()).byteLength !== step) throw new Error(`short range read: ${response.status}`);
    }
  }
  const rangeGetMBps = (objects * size) / 1e6 / ((performance.now() - start) / 1000);
  return { putMBps, rangeGetMBps };
}
