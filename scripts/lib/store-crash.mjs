// The crash test of scripts/store-load.mjs: workerd is killed (SIGKILL) while 20 shares upload at
// once, some already committed, most with a body half sent. After a restart every committed share
// must read back SHA-256-identical, every object the store lists must be whole, nothing a reader can
// reach may be partial, and every upload must finish from the share status as the app resumes it.
// The partial files the kill left on disk must be gone once the store is up again (scripts/start.mjs
// deletes them before workerd starts). Every file is then aged, as if the store had been down for two
// hours, and the store's own sweep, which runs a minute after a start, must delete every complete
// body that the kill left unlinked.

import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, MiB, seconds, sleep } from './store-kit.mjs';

const PARTIAL = /^\.kj-tmp\..*\.partial$/;

/** Every file under dir, with its size. */
export function filesUnder(dir) {
  const out = [];
  const walk = (at) => {
    for (const name of existsSync(at) ? readdirSync(at) : []) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out.push({ path, name, size: stat.size });
    }
  };
  walk(dir);
  return out;
}

/** Share s has 1 + s % 4 objects of 8, 16 or 24 MiB: small shares commit early, large ones are mid-body. */
const plan = (s) => Array.from({ length: 1 + (s % 4) }, (_, n) => ({ n, size: (8 + 8 * ((s + n) % 3)) * MiB, seed: 500_000 + s * 100 + n }));

export async function crashTest({ store, client, shares: count, check, figures }) {
  console.log(`\n4. workerd killed (SIGKILL) while ${count} shares upload at once, then restarted`);
  const uploads = [];
  for (let s = 0; s < count; s++) uploads.push({ ...(await client.newShare()), plan: plan(s), acked: new Set(), committed: false });
  const midBody = new Set();
  let killed = false;
  const watch = (key) => ({ sent }) => {
    if (killed) return 'stop';
    if (sent > 0) midBody.add(key);
  };
  const running = uploads.map(async (share) => {
    try {
      for (const { n, size, seed } of share.plan) {
        const key = `${share.id}/${n}`;
        const { status } = await client.putOnce(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, seed, size, watch(key));
        midBody.delete(key);
        if (status !== 201) return;
        share.acked.add(n);
      }
      const { status } = await client.putOnce(`/api/v1/shares/${share.id}/manifest`, share.ownerToken, 7, 1000, watch(`${share.id}/m`));
      midBody.delete(`${share.id}/m`);
      share.committed = status === 201;
    } catch {
      // The store went away under this upload.
    }
  });
  // Kill once a quarter of the shares committed and most others are mid-body.
  const started = performance.now();
  while (seconds(started) < 300 && !(uploads.filter((u) => u.committed).length >= count / 4 && midBody.size >= count / 2)) await sleep(20);
  const atKill = { committed: uploads.filter((u) => u.committed).length, midBody: midBody.size };
  killed = true;
  const pid = await store.crash();
  await Promise.all(running);
  figures.push(['killed mid-upload', `workerd ${pid} SIGKILL with ${atKill.committed} of ${count} shares committed and ${atKill.midBody} bodies half sent`]);
  check(atKill.midBody >= count / 2 && atKill.committed >= 1, `the kill came with ${atKill.midBody} PUT bodies half sent and ${atKill.committed} shares committed`);

  const blobDir = join(store.data, 'blobs');
  const partials = filesUnder(blobDir).filter((f) => PARTIAL.test(f.name));
  figures.push(['partial files the kill left on disk', `${partials.length} (hidden .kj-tmp.* names, never linked)`]);
  // As if the store had been down for two hours: the sweep's grace for unlinked files is one hour.
  const past = new Date(Date.now() - 2 * 3600_000);
  for (const file of filesUnder(blobDir)) utimesSync(file.path, past, past);

  const restart = await store.start();
  figures.push(['restart after the kill', `${restart.toFixed(1)} s`]);
  const left = filesUnder(blobDir).filter((f) => PARTIAL.test(f.name)).length;
  check(partials.length > 0 && left === 0, `the ${partials.length} partial files the kill left are gone after the restart (${left} left)`);
  let whole = 0;
  let listedBad = 0;
  let lostAcks = 0;
  let readyBefore = 0;
  for (const share of uploads) {
    const status = (await client.api('GET', `/api/v1/shares/${share.id}`)).json;
    if (status.state === 'ready') readyBefore++;
    if (share.committed && status.state !== 'ready') lostAcks++;
    const listed = new Map(status.objects.map((o) => [o.n, o.size]));
    for (const n of share.acked) if (!listed.has(n)) lostAcks++;
    for (const [n, size] of listed) if (share.plan[n]?.size !== size) listedBad++;
    if (status.state !== 'ready') {
      // Resume as the app does: send what is missing, then the manifest.
      for (const { n, size, seed } of share.plan) {
        if (listed.get(n) !== size) await client.put(`/api/v1/shares/${share.id}/objects/${n}`, share.ownerToken, seed, size);
      }
      if ((await client.commit(share)).status !== 201) continue;
    }
    let same = 0;
    for (const { n, size, seed } of share.plan) {
      const read = await client.read(`/api/v1/shares/${share.id}/objects/${n}`);
      if (read.status === 200 && read.bytes === size && read.hash === contentHash(seed, size)) same++;
    }
    const manifest = await client.read(`/api/v1/shares/${share.id}/manifest`);
    if (same === share.plan.length && manifest.hash === contentHash(7, 1000)) whole++;
  }
  check(lostAcks === 0, `every PUT answered 201 before the kill is still stored (${lostAcks} lost)`);
  check(listedBad === 0, `every object the status lists after the restart has its full size (${listedBad} not)`);
  check(readyBefore >= atKill.committed, `${readyBefore} shares ready after the restart, at least the ${atKill.committed} committed before the kill`);
  check(whole === count, `${whole}/${count} shares read back SHA-256-identical (objects and manifest) after resuming the rest`);
  const files = filesUnder(blobDir).filter((f) => uploads.some((u) => f.path.includes(u.id))).length;
  figures.push(['files of the crashed shares once all committed', `${files}`]);
  return { blobDir, uploads };
}

/** After the sweep that follows a start: exactly the linked bodies remain, and nothing partial. */
export async function afterCrashSweep({ client, check, figures, blobDir, uploads }) {
  console.log('\n4. (continued) The sweep a minute after the restart');
  const expected = uploads.reduce((sum, share) => sum + share.plan.length + 1, 0);
  const ours = () => filesUnder(blobDir).filter((f) => uploads.some((u) => f.path.includes(u.id)));
  const started = performance.now();
  let left = ours();
  while (seconds(started) < 120 && (left.some((f) => PARTIAL.test(f.name)) || left.length !== expected)) {
    await sleep(2000);
    left = ours();
  }
  const partial = left.filter((f) => PARTIAL.test(f.name)).length;
  figures.push(['files of the crashed shares after the sweep', `${left.length} (${expected} linked, ${partial} partial)`]);
  check(partial === 0 && left.length === expected, `the sweep left exactly the ${expected} linked bodies: ${partial} partial, ${left.length - partial - expected} unlinked`);
  for (const share of uploads.slice(0, 3)) {
    const read = await client.read(`/api/v1/shares/${share.id}/objects/0`);
    check(read.hash === contentHash(share.plan[0].seed, share.plan[0].size), `share ${share.id.slice(0, 8)}… still reads back after the sweep`);
  }
}
