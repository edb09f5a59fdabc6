#!/usr/bin/env node
// Bundles the self-hosted store (src/self-host/index.ts) into dist/discless.js, the module that
// workerd.capnp embeds. Written aside and renamed, so a workerd starting meanwhile (another
// `npm start` of the same checkout) reads either the old bundle or the new one, never half of one.

import { build } from 'esbuild';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist', 'discless.js');
const partial = `${out}.${process.pid}.partial`;
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'self-host', 'index.ts')],
  outfile: partial,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  external: ['cloudflare:*'],
  tsconfig: join(here, 'tsconfig.json'),
  logLevel: 'warning'
});
renameSync(partial, out);
