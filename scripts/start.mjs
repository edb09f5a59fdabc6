#!/usr/bin/env node
// `npm start`: build the app, then serve it and the blob store from one local workerd on
// http://127.0.0.1:$PORT, with shares kept on disk in $DISCLESS_DATA (.data).
// `npm start -- --var MIN_TTL_SECONDS:60` overrides a variable of worker/wrangler.jsonc.
// UPLOAD_KEYS=<key>[,<key>…] makes creating a share need one of those keys, as the Worker secret
// does in production; without it uploads are open (development only).
//
// The Worker runs in workerd through Miniflare, configured from worker/wrangler.jsonc by wrangler's
// own reader, not under `wrangler dev`: its request proxy answered 503 "worker restarted mid-request"
// to concurrent uploads of 32 MiB objects (measured: 2 of 2, 3 of 4 failed), and its watching
// bundler could restart the Worker mid-upload. Data stays in wrangler's layout (<data>/v3).

import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || '8787');
const data = resolve(root, process.env.DISCLESS_DATA || '.data');
const config = join(root, 'worker/wrangler.jsonc');
const env = {
  ...process.env,
  // wrangler otherwise reaches out to the network for metrics and request metadata.
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false'
};
const HOUR = 3_600_000;

function parseVars(args) {
  const vars = {};
  for (let i = 0; i < args.length; i++) {
    const pair = args[i] === '--var' ? args[++i] : args[i].startsWith('--var=') ? args[i].slice(6) : null;
    const match = pair && /^([A-Z_][A-Z0-9_]*):(.*)$/.exec(pair);
    if (!match) throw new Error(`Unknown argument ${args[i]}: only --var NAME:value is accepted.`);
    vars[match[1]] = match[2];
  }
  return vars;
}

const vars = parseVars(process.argv.slice(2));
const uploadKeys = (process.env.UPLOAD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);

if (process.env.DISCLESS_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync(data, { recursive: true });
// The Worker is bundled once, exactly as `wrangler deploy` would upload it.
const require = createRequire(import.meta.url);
const wranglerBin = resolve(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
// Kept beside the data and replaced on each start, so a killed server leaves nothing behind elsewhere.
const bundle = join(data, 'worker-bundle');
rmSync(bundle, { recursive: true, force: true });
mkdirSync(bundle, { recursive: true });
const bundled = spawnSync(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--config', config, '--outdir', bundle], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env
});
if (bundled.status !== 0) process.exit(bundled.status ?? 1);

// Miniflare serves local R2 to workerd from a Node HTTP server with Node's 5 s keep-alive timeout;
// Node closing an idle socket just as workerd reuses it fails the R2 call ("Network connection
// lost", cloudflare/workers-sdk#14848): concurrent uploads lost 20 of 40 this way. Loopback sockets
// are cheap, so idle ones are kept open until workerd closes them.
const createServer = http.createServer;
http.createServer = (...args) => Object.assign(createServer(...args), { keepAliveTimeout: 0 });

Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });
const { Miniflare } = await import('miniflare');
const { unstable_getMiniflareWorkerOptions } = await import('wrangler');
const { workerOptions } = unstable_getMiniflareWorkerOptions(config);

const mf = new Miniflare({
  ...workerOptions,
  modules: true,
  modulesRoot: bundle,
  scriptPath: join(bundle, 'index.js'),
  // The secret lives only in this process's memory and workerd's; never on the command line.
  bindings: { ...workerOptions.bindings, ...vars, ...(uploadKeys.length > 0 ? { UPLOAD_KEYS: uploadKeys.join(',') } : {}) },
  host: '127.0.0.1',
  port,
  defaultPersistRoot: join(data, 'v3')
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(sweeper);
  await mf.dispose().catch(() => undefined);
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, stop);

await mf.ready;
console.log(`Discless on http://127.0.0.1:${port}/  (shares stored in ${data})`);
console.log(
  uploadKeys.length > 0
    ? `Uploads need an upload key (UPLOAD_KEYS is set: ${uploadKeys.length} key${uploadKeys.length > 1 ? 's' : ''}). Enter it once per device at /settings.`
    : 'Uploads are OPEN: anyone who reaches this port can create shares. For development only.'
);
if (Object.keys(vars).length > 0) console.log(`Variables set here: ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(', ')}`);

// The Cron Trigger of production (hourly orphan sweep), which local workerd does not fire itself.
const sweeper = setInterval(async () => {
  try {
    await (await mf.getWorker()).scheduled({ cron: '17 * * * *' });
  } catch {
    console.error('store: the hourly sweep failed; it runs again in an hour.');
  }
}, HOUR);
