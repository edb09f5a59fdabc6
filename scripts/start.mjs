#!/usr/bin/env node
// `npm start`: build the app, then serve it and the blob store on http://127.0.0.1:$PORT from the
// workerd binary (npm package workerd) with the checked-in worker/workerd.capnp: the same runtime and
// configuration a clinic runs as a service (docs/DEPLOY.md), shares kept on disk in $DISCLESS_DATA
// (.data): blobs/ (ciphertext files) and durable-objects/ (one SQLite file per share).
//
//   PORT=<n>                  port on 127.0.0.1 (8787)
//   DISCLESS_DATA=<dir>       where shares are kept (.data)
//   DISCLESS_SKIP_BUILD=1     serve the existing build/ instead of building the app first
//   UPLOAD_KEYS=<k1>,<k2>     creating a share needs one of these keys (unset: open, development only)
//   --var NAME:value          sets a store variable (docs/STORE_API.md), e.g. --var MIN_TTL_SECONDS:60
//
// The store's variables reach workerd as environment variables (workerd.capnp reads them with
// fromEnvironment), and only those: nothing else of this shell's environment leaks into the store,
// and the upload keys never appear on a command line. workerd runs as a child in this process group:
// Ctrl-C or a signal to the group stops both, a SIGINT or SIGTERM to this process stops workerd
// (below), and this process exits with workerd's status when workerd ends.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || '8787');
const data = resolve(root, process.env.DISCLESS_DATA || '.data');

/** The variables of docs/STORE_API.md; workerd.capnp binds each from the environment variable of its name. */
const STORE_VARS = new Set([
  'DEFAULT_TTL_SECONDS', 'MAX_TTL_SECONDS', 'MIN_TTL_SECONDS', 'MAX_OBJECT_BYTES', 'MAX_MANIFEST_BYTES',
  'MAX_OBJECTS_PER_SHARE', 'MAX_SHARE_BYTES', 'MAX_PIN_ATTEMPTS', 'ACCESS_LOG_SIZE', 'READ_TOKEN_SECONDS',
  'DOWNLOAD_GRACE_SECONDS', 'ABANDON_SECONDS', 'ALLOWED_ORIGINS'
]);

function parseVars(args) {
  const vars = {};
  for (let i = 0; i < args.length; i++) {
    const pair = args[i] === '--var' ? args[++i] : args[i].startsWith('--var=') ? args[i].slice(6) : null;
    const match = pair && /^([A-Z_][A-Z0-9_]*):(.*)$/.exec(pair);
    if (!match) throw new Error(`Unknown argument ${args[i]}: only --var NAME:value is accepted.`);
    if (STORE_VARS.has(match[1]) || match[1] === 'UPLOAD_KEYS') vars[match[1]] = match[2];
    else console.warn(`${match[1]} is not a store variable (docs/STORE_API.md lists them): ignored.`);
  }
  return vars;
}

const { UPLOAD_KEYS: keysVar, ...vars } = parseVars(process.argv.slice(2));
const uploadKeys = (keysVar ?? process.env.UPLOAD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);

if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number.`);
if (process.env.DISCLESS_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(root, 'build', 'index.html'))) throw new Error('build/ has no app: run `npm run build` (or start without DISCLESS_SKIP_BUILD).');
const bundled = spawnSync(process.execPath, [join(root, 'worker', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);

if (existsSync(join(data, 'v3'))) {
  console.error(`${data}/v3 holds shares of the earlier, Miniflare-based store. Move them once with\n` +
    `  node scripts/migrate-v3.mjs ${data}\nbefore starting (docs/DEPLOY.md, Upgrading).`);
  process.exit(1);
}
const dirs = { blobs: join(data, 'blobs'), 'durable-objects': join(data, 'durable-objects') };
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });

/**
 * workerd writes each blob to a hidden ".kj-tmp.<pid>.<n>.<name>.partial" beside its target and
 * renames it when whole; a workerd killed mid-write leaves that file behind. Nothing can read it, and
 * workerd's listings hide it from the sweep, so it is deleted here, before workerd starts, when no
 * write can be under way (docs/DEPLOY.md's service does the same with find in ExecStartPre).
 */
function removePartials(dir) {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removed += removePartials(path);
    else if (/^\.kj-tmp\..*\.partial$/.test(entry.name)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}
const partials = removePartials(dirs.blobs);
if (partials > 0) console.log(`Removed ${partials} partial file${partials > 1 ? 's' : ''} of uploads cut off when the store last stopped.`);

const workerd = createRequire(import.meta.url)('workerd').default;
const child = spawn(
  workerd,
  [
    'serve', join(root, 'worker', 'workerd.capnp'),
    '--socket-addr', `http=127.0.0.1:${port}`,
    ...Object.entries(dirs).flatMap(([name, dir]) => ['--directory-path', `${name}=${dir}`]),
    '--directory-path', `app=${join(root, 'build')}`
  ],
  { cwd: root, stdio: 'inherit', env: { ...vars, ...(uploadKeys.length > 0 ? { UPLOAD_KEYS: uploadKeys.join(',') } : {}) } }
);
// SIGTERM makes workerd drain: it stops listening and lets requests under way finish. A client that
// stalls mid-upload would hold that open for ever, so after DRAIN_MS it is killed; a PUT cut off
// that way stores nothing (worker/src/disk-blob-store.ts) and the app resumes it.
const DRAIN_MS = 10_000;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), DRAIN_MS).unref();
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));

// Ready once the API answers; that first request also arms the store's hourly sweep.
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/api/v1/info`)).ok) break;
  } catch {
    // Not listening yet.
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`Discless on http://127.0.0.1:${port}/  (shares stored in ${data})`);
console.log(
  uploadKeys.length > 0
    ? `Uploads need an upload key (UPLOAD_KEYS is set: ${uploadKeys.length} key${uploadKeys.length > 1 ? 's' : ''}). Enter it once per device at /settings.`
    : 'Uploads are OPEN: anyone who reaches this port can create shares. For development only.'
);
if (Object.keys(vars).length > 0) console.log(`Variables set here: ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(', ')}`);
