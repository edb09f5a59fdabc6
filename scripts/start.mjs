#!/usr/bin/env node
// `npm start`: build the app, then serve it and the blob store from one local workerd
// (wrangler dev) on http://127.0.0.1:$PORT, with shares kept on disk in $DISCLESS_DATA (.data).
// Extra arguments go to wrangler, e.g. `npm start -- --var MIN_TTL_SECONDS:60`.
// UPLOAD_KEYS=<key>[,<key>…] makes creating a share need one of those keys, as the Worker secret
// does in production; without it uploads are open (development only).

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '8787';
const data = resolve(root, process.env.DISCLESS_DATA || '.data');
const env = {
  ...process.env,
  // wrangler otherwise reaches out to the network for metrics and request metadata.
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false'
};

if (process.env.DISCLESS_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync(data, { recursive: true });
const uploadKeys = (process.env.UPLOAD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
// The keys reach workerd through a private env file, never the command line (which `ps` shows).
let secrets = null;
if (uploadKeys.length > 0) {
  secrets = mkdtempSync(join(tmpdir(), 'discless-secrets-'));
  writeFileSync(join(secrets, 'upload-keys.env'), `UPLOAD_KEYS=${uploadKeys.join(',')}\n`, { mode: 0o600 });
}
const cleanUp = () => secrets && rmSync(secrets, { recursive: true, force: true });
console.log(`Discless on http://127.0.0.1:${port}/  (shares stored in ${data})`);
console.log(
  uploadKeys.length > 0
    ? `Uploads need an upload key (UPLOAD_KEYS is set: ${uploadKeys.length} key${uploadKeys.length > 1 ? 's' : ''}). Enter it once per device at /settings.`
    : 'Uploads are OPEN: anyone who reaches this port can create shares. For development only.'
);

// wrangler itself, not through npx: a signal then reaches the process that stops workerd.
const wranglerBin = resolve(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');
const wrangler = spawn(
  process.execPath,
  [
    wranglerBin, 'dev',
    '--config', 'worker/wrangler.jsonc',
    '--local',
    '--ip', '127.0.0.1',
    '--port', port,
    '--persist-to', data,
    '--show-interactive-dev-session=false',
    ...(secrets ? ['--env-file', join(secrets, 'upload-keys.env')] : []),
    ...process.argv.slice(2)
  ],
  { cwd: root, stdio: 'inherit', env }
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
