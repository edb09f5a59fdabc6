#!/usr/bin/env node
// A receiving clinic's PACS on this computer: Debian's Orthanc with its DICOMweb plugin, behind nginx
// for CORS, both from the configuration docs/DEPLOY.md gives (deploy/pacs/). The e2e tests and the
// benchmark start it; `node scripts/local-pacs.mjs [--port 8910] [--app-origin http://127.0.0.1:8787]`
// starts one by hand and prints its address (Ctrl-C stops it). Loopback only, storage in a fresh
// temporary folder that is deleted when it stops.

import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const template = (name) => readFileSync(join(root, 'deploy', 'pacs', name), 'utf8');
const fill = (text, values) => text.replace(/@([A-Z_]+)@/g, (_, key) => (key in values ? String(values[key]) : `@${key}@`));

/** deploy/pacs/nginx-cors.conf with its placeholders filled in. */
export function nginxSite({ listen, pacs, appOrigin }) {
  return fill(template('nginx-cors.conf'), { LISTEN: listen, PACS: pacs, APP_ORIGIN: appOrigin });
}

/** deploy/pacs/orthanc.json with its placeholders filled in. */
export function orthancConfig({ storage, httpPort, user, password, lua = [] }) {
  return fill(template('orthanc.json'), {
    STORAGE: storage,
    HTTP_PORT: httpPort,
    USER: user,
    PASSWORD: password,
    LUA: lua.map((path) => JSON.stringify(path)).join(', ')
  });
}

async function waitFor(check, what, child, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

/**
 * Starts Orthanc on `port + 1` and nginx on `port` (both 127.0.0.1). `lua`: Lua source for Orthanc
 * (e.g. a ReceivedInstanceFilter). Returns the DICOMweb base URL, the Orthanc REST origin (for
 * checks behind the viewer's back), and stop/start of Orthanc alone (nginx then answers 502).
 */
export async function startPacs({ port = 8910, appOrigin = 'http://127.0.0.1:8787', user = 'clinic', password = 'pacs-password', lua } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'discless-pacs-'));
  const storage = join(dir, 'storage');
  mkdirSync(storage);
  const luaFiles = [];
  if (lua) {
    writeFileSync(join(dir, 'filter.lua'), lua);
    luaFiles.push(join(dir, 'filter.lua'));
  }
  const orthancPort = port + 1;
  writeFileSync(join(dir, 'orthanc.json'), orthancConfig({ storage, httpPort: orthancPort, user, password, lua: luaFiles }));
  const orthancOrigin = `http://127.0.0.1:${orthancPort}`;
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let orthanc = null;
  const startOrthanc = async () => {
    orthanc = spawn('Orthanc', [join(dir, 'orthanc.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    orthanc.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
    await waitFor(async () => (await fetch(`${orthancOrigin}/system`, { headers: { authorization: auth } })).ok, `Orthanc (${log})`, orthanc);
  };
  await startOrthanc();

  // nginx as a plain process (no daemon), its files in the temporary folder; workers run as nobody.
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy']) chmodSync(join(dir, sub), 0o777);
  const site = nginxSite({ listen: `listen 127.0.0.1:${port};`, pacs: `127.0.0.1:${orthancPort}`, appOrigin });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/nginx-error.log warn;\nevents { worker_connections 256; }\nhttp {\n` +
      `  log_format stow '$request_method $uri $status $request_length';\n  access_log ${dir}/access.log stow;\n` +
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;\n` +
      `  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;\n${site}\n}\n`
  );
  const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', join(dir, 'nginx-error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}/dicom-web`;
  await waitFor(async () => (await fetch(`${url}/studies?limit=1`, { headers: { authorization: auth } })).ok, 'nginx', nginx);

  return {
    url,
    orthancOrigin,
    user,
    password,
    /** Orthanc's REST API with the PACS login. */
    rest: (path, init = {}) => fetch(orthancOrigin + path, { ...init, headers: { authorization: auth, ...(init.headers ?? {}) } }),
    /** nginx's log: method, path, status and request length of every request, one per line. */
    accessLog: () => readFileSync(join(dir, 'access.log'), 'utf8'),
    stopOrthanc: () => stopChild(orthanc),
    startOrthanc,
    async stop() {
      await Promise.all([stopChild(nginx), stopChild(orthanc)]);
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const pacs = await startPacs({ port: Number(arg('port', 8910)), appOrigin: arg('app-origin', 'http://127.0.0.1:8787') });
  console.log(`DICOMweb: ${pacs.url}  (user ${pacs.user}, password ${pacs.password}); Orthanc itself: ${pacs.orthancOrigin}`);
  const stop = () => pacs.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
