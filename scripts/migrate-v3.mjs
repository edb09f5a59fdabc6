#!/usr/bin/env node
// Moves the shares of a store set up before the store ran on workerd directly (Miniflare's layout,
// <data>/v3) into the present layout (<data>/blobs, <data>/durable-objects), once, with the store
// stopped:
//
//   node scripts/migrate-v3.mjs /var/lib/discless
//
// Each R2 object Miniflare kept is read through Miniflare itself (its own format: a SQLite index and
// blob files) and written to blobs/<key>, aside first and renamed when whole. The Durable Objects'
// SQLite files (and their alarms, metadata.sqlite) were already workerd's own format: their folder
// is moved as it is. v3/ is then renamed v3.migrated/ and left for the operator to delete once the
// store serves the shares again (docs/DEPLOY.md, Upgrading).

import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const data = resolve(process.argv[2] ?? '.data');
const old = join(data, 'v3');
if (!existsSync(old)) {
  console.log(`${old} does not exist: nothing to move.`);
  process.exit(0);
}
const blobs = join(data, 'blobs');
const durable = join(data, 'durable-objects');
// Miniflare named the class's folder after a worker without a name; workerd.capnp keeps that key.
const SHARES = '-Share';
if (existsSync(join(durable, SHARES))) throw new Error(`${join(durable, SHARES)} exists already: this store has shares in the present layout.`);

Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
const { Miniflare } = await import('miniflare');
const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch() { return new Response(null, { status: 404 }); } }',
  r2Buckets: { BLOBS: 'discless-blobs' },
  r2Persist: join(old, 'r2')
});
let count = 0;
let bytes = 0;
try {
  const bucket = await mf.getR2Bucket('BLOBS');
  let cursor;
  do {
    const page = await bucket.list({ prefix: 'shares/', cursor, limit: 1000 });
    for (const { key, size } of page.objects) {
      if (!/^shares\/[0-9a-f]{32}\/(objects\/[0-9]+|manifest)\/[0-9a-f]{16}$/.test(key)) continue;
      const body = new Uint8Array(await (await bucket.get(key)).arrayBuffer());
      if (body.length !== size) throw new Error(`${key}: read ${body.length} bytes of ${size}`);
      const target = join(blobs, key);
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(`${target}.migrating`, body);
      renameSync(`${target}.migrating`, target);
      count++;
      bytes += size;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
} finally {
  await mf.dispose();
}
mkdirSync(durable, { recursive: true, mode: 0o700 });
const from = join(old, 'do', SHARES);
if (existsSync(from) && statSync(from).isDirectory()) renameSync(from, join(durable, SHARES));
renameSync(old, join(data, 'v3.migrated'));
console.log(`Moved ${count} blobs (${(bytes / 1e6).toFixed(1)} MB) to ${blobs} and the shares' metadata to ${durable}.`);
console.log(`The old folder is now ${join(data, 'v3.migrated')}: delete it once the store serves the shares again.`);
