#!/usr/bin/env node
// Load and fault test of the blob store, against the store `npm start` runs (the workerd binary with
// worker/workerd.capnp, everything on local disk), on loopback only and with every loop bounded.
// Prints its figures; exits 1 on a failure.
//
//   npm run build    # once: the store serves build/
//   node scripts/store-load.mjs [--port 8802] [--shares 20] [--mb 50] [--reads 100]
//
// 1. N concurrent uploads of M MB studies (32 MiB objects, as the app makes them) and a manifest each.
// 2. R concurrent Range reads at random places, then every object read whole: SHA-256 of everything
//    read equals what was written.
// 3. An upload interrupted by stopping the store mid-object resumes after a restart from the share
//    status, with nothing lost.
// 4. workerd is killed with SIGKILL while N shares upload (scripts/lib/store-crash.mjs): after a
//    restart every committed share reads back SHA-256-identical, nothing partial is visible, every
//    upload finishes from the share status, and what the kill left behind is deleted.
// 5. 50 parallel wrong PIN proofs are counted as exactly 5: the share locks and its data is deleted.
// 6. A share with a 60 s lifetime answers 410 after it and its files are gone from the disk.

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterCrashSweep, crashTest, filesUnder } from './lib/store-crash.mjs';
import { content, MiB, seconds, sha256hex, sleep, StoreClient, StoreProcess, token } from './lib/store-kit.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)));
const PORT = Number(args.port ?? 8802);
const SHARES = Number(args.shares ?? 20);
const STUDY_BYTES = Number(args.mb ?? 50) * 1_000_000;
const READS = Number(args.reads ?? 100);
const OBJECT = 32 * MiB;
if (!Number.isInteger(PORT) || PORT < 1024 || PORT > 65535) throw new Error('--port must be 1024..65535.');
if (!existsSync(join(root, 'build', 'index.html'))) throw new Error('Build the app first (npm run build): the store serves build/.');

const data = mkdtempSync(join(tmpdir(), 'discless-load-'));
const store = new StoreProcess(root, PORT, data, `${data}.log`);
const client = new StoreClient(store.base);
const figures = [];
const failures = [];
const check = (ok, what) => (ok ? console.log(`  ok   ${what}`) : (failures.push(what), console.log(`  FAIL ${what}`)));
const objectPath = (share, n) => `/api/v1/shares/${share.id}/objects/${n}`;

function objectSizes(total) {
  const sizes = [];
  for (let left = total; left > 0; left -= OBJECT) sizes.push(Math.min(OBJECT, left));
  return sizes;
}

async function concurrentUploads() {
  console.log(`\n1. ${SHARES} concurrent uploads of ${STUDY_BYTES / 1e6} MB`);
  const started = performance.now();
  const shares = await Promise.all(
    Array.from({ length: SHARES }, async (_, s) => {
      const share = await client.newShare();
      for (const [n, size] of objectSizes(STUDY_BYTES).entries()) {
        const seed = s * 1000 + n + 1;
        const { status, text } = await client.put(objectPath(share, n), share.ownerToken, seed, size);
        if (status !== 201) throw new Error(`object PUT answered ${status}: ${text}`);
        share.objects.push({ n, size, seed });
      }
      if ((await client.commit(share)).status !== 201) throw new Error('manifest PUT failed');
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
      const read = await client.read(objectPath(share, object.n), `bytes=${start}-${start + length - 1}`);
      return read.status === 206 && read.bytes === length && read.hash === sha256hex(content(object.seed, start, length));
    })
  );
  check(results.every(Boolean), `${results.filter(Boolean).length}/${READS} ranges byte-identical (206)`);
  figures.push([`${READS} concurrent Range reads (≤ 1 MiB each)`, `${seconds(started).toFixed(1)} s`]);
  const whole = performance.now();
  let same = 0;
  let count = 0;
  let bytes = 0;
  for (const share of shares) {
    const reads = await Promise.all(share.objects.map((o) => client.read(objectPath(share, o.n))));
    reads.forEach((read, i) => {
      const object = share.objects[i];
      count++;
      bytes += read.bytes;
      const expected = createHash('sha256');
      for (let at = 0; at < object.size; at += MiB) expected.update(content(object.seed, at, Math.min(MiB, object.size - at)));
      if (read.status === 200 && read.hash === expected.digest('hex')) same++;
    });
  }
  const took = seconds(whole);
  check(same === count, `${same}/${count} whole objects: SHA-256 of what was read equals what was written`);
  figures.push([`read back ${(bytes / 1e9).toFixed(2)} GB whole`, `${took.toFixed(1)} s, ${(bytes / 1e6 / took).toFixed(0)} MB/s`]);
}

async function restartResume() {
  console.log('\n3. Upload interrupted by stopping the store (SIGTERM) mid-object, then resumed from the share status');
  const share = await client.newShare();
  const sizes = [8 * MiB, 8 * MiB, 8 * MiB, 5 * MiB + 3];
  const seed = (n) => 900_000 + n;
  for (const n of [0, 1]) await client.put(objectPath(share, n), share.ownerToken, seed(n), sizes[n]);
  // Object 2 is half sent when the store goes away.
  let stopping = null;
  const interrupted = client
    .putOnce(objectPath(share, 2), share.ownerToken, seed(2), sizes[2], ({ sent }) => {
      if (sent < sizes[2] / 2) return undefined;
      stopping ??= store.stop();
      return 'stop';
    })
    .catch((error) => `connection lost (${error.code ?? error.message})`);
  const outcome = await Promise.race([interrupted, sleep(30_000).then(() => null)]);
  check(typeof outcome === 'string', `the PUT in flight failed with the store: ${outcome}`);
  await stopping;
  figures.push(['store restart', `${(await store.start()).toFixed(1)} s`]);
  const status = await client.api('GET', `/api/v1/shares/${share.id}`);
  const stored = new Map(status.json.objects.map((o) => [o.n, o.size]));
  check(stored.get(0) === sizes[0] && stored.get(1) === sizes[1] && !stored.has(2), 'status after restart lists objects 0 and 1 with their sizes, not 2');
  for (const [n, size] of sizes.entries()) if (stored.get(n) !== size) await client.put(objectPath(share, n), share.ownerToken, seed(n), size);
  check((await client.commit(share)).status === 201, 'the resumed upload commits');
  let same = 0;
  for (const [n, size] of sizes.entries()) {
    const read = await client.read(objectPath(share, n));
    if (read.hash === sha256hex(content(seed(n), 0, size))) same++;
  }
  check(same === sizes.length, `${same}/${sizes.length} objects byte-identical after the resume: nothing lost`);
}

async function parallelWrongPins() {
  console.log('\n5. 50 parallel wrong PINs');
  const proof = token();
  const share = await client.newShare({ pinVerifier: sha256hex(proof) });
  await client.put(objectPath(share, 0), share.ownerToken, 5, 1000);
  await client.commit(share);
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => client.api('POST', `/api/v1/shares/${share.id}/unlock`, { body: JSON.stringify({ proof: token() }) }))
  );
  const wrong = answers.filter((a) => a.json?.code === 'wrong-pin').map((a) => a.json.attemptsLeft).sort();
  const locked = answers.filter((a) => a.status === 410 && a.json?.code === 'locked').length;
  check(JSON.stringify(wrong) === '[1,2,3,4]' && locked === 46, `exactly 5 counted: wrong-pin with ${wrong.join(',')} left, then ${locked} × locked`);
  const right = await client.api('POST', `/api/v1/shares/${share.id}/unlock`, { body: JSON.stringify({ proof }) });
  check(right.json?.code === 'locked', 'the right PIN after the lock is refused: locked');
  figures.push(['50 parallel wrong PINs', `${wrong.length + 1} counted, ${locked} answered locked`]);
}

async function shortLifetime() {
  console.log('\n6. A share with a 60 s lifetime');
  const share = await client.newShare({ ttlSeconds: 60 });
  const sizes = [3 * MiB + 17, 2 * MiB + 29];
  for (const [n, size] of sizes.entries()) await client.put(objectPath(share, n), share.ownerToken, 4242 + n, size);
  await client.commit(share);
  const files = () => filesUnder(join(data, 'blobs', 'shares', share.id));
  const before = files().length;
  check(before === sizes.length + 1 && (await client.read(objectPath(share, 0))).status === 200, `readable, ${before} files on disk (objects and manifest)`);
  const created = performance.now();
  let status = 200;
  for (let i = 0; i < 150 && status !== 410; i++) {
    await sleep(1000);
    status = (await client.api('GET', objectPath(share, 0))).status;
  }
  const gone = await client.api('GET', `/api/v1/shares/${share.id}`);
  check(status === 410 && gone.json?.code === 'expired' && typeof gone.json?.expiresAt === 'string', `410 expired after ${seconds(created).toFixed(0)} s, with expiresAt ${gone.json?.expiresAt}`);
  let left = before;
  for (let i = 0; i < 60 && left > 0; i++) {
    await sleep(1000);
    left = files().length;
  }
  check(left === 0, `its files are gone from the disk (${left} left)`);
}

async function main() {
  console.log(`Store load and fault test on ${store.base} (data in ${data})`);
  figures.push(['store start', `${(await store.start()).toFixed(1)} s`]);
  try {
    const shares = await concurrentUploads();
    await rangeReads(shares);
    await restartResume();
    const crashed = await crashTest({ store, client, shares: SHARES, check, figures });
    await parallelWrongPins();
    await shortLifetime();
    await afterCrashSweep({ client, check, figures, ...crashed });
  } finally {
    if (store.child) await store.stop();
    rmSync(data, { recursive: true, force: true });
  }
  figures.push(['requests sent again after a connection reset', `${client.retries.put} PUT, ${client.retries.get} GET`]);
  console.log('\nFigures');
  for (const [what, value] of figures) console.log(`  ${what.padEnd(48)} ${value}`);
  if (failures.length === 0) rmSync(`${data}.log`, { force: true });
  console.log(failures.length === 0 ? '\nAll checks passed.' : `\n${failures.length} check(s) FAILED; the store's output is in ${data}.log.`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(async (error) => {
  console.error(error);
  if (store.child) await store.stop();
  process.exit(1);
});
