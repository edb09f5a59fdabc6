#!/usr/bin/env node
// `npm start`: build the app, then serve it and the blob store from one local workerd
// (wrangler dev) on http://127.0.0.1:$PORT, with shares kept on disk in $DISCLESS_DATA (.data).
// Extra arguments go to wrangler, e.g. `npm start -- --var MIN_TTL_SECONDS:60`.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
const uploadKeys = Boolean(process.env.UPLOAD_KEYS);
console.log(`Discless on http://127.0.0.1:${port}/  (shares stored in ${data})`);
console.log(
  uploadKeys
    ? 'Uploads need an upload key (UPLOAD_KEYS is set).'
    : 'Uploads are OPEN: anyone who reaches this port can create shares. For development only.'
);

const wrangler = spawn(
  'npx',
  [
    'wrangler', 'dev',
    '--config', 'worker/wrangler.jsonc',
    '--local',
    '--ip', '127.0.0.1',
    '--port', port,
    '--persist-to', data,
    '--show-interactive-dev-session=false',
    ...process.argv.slice(2)
  ],
  { cwd: root, stdio: 'inherit', env }
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => process.exit(code ?? 0));
