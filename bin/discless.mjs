#!/usr/bin/env node
// `npx discless …`: runs the bundled command line (dist/cli/discless.mjs, see scripts/build-cli.mjs).
// `npm install` builds it; if a source it was built from changed since, it is rebuilt first (about
// a quarter of a second), so a checkout never runs stale code.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = 'dist/cli/discless.mjs';
const INPUTS = 'dist/cli/inputs.json';

function stale() {
  const bundle = join(root, BUNDLE);
  if (!existsSync(bundle) || !existsSync(join(root, INPUTS))) return true;
  const built = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(join(root, INPUTS), 'utf8'));
  return inputs.some((input) => !existsSync(join(root, input)) || statSync(join(root, input)).mtimeMs > built);
}

if (stale()) {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli(root);
  } catch (error) {
    if (!existsSync(join(root, BUNDLE))) {
      console.error(`discless: the command line is not built and cannot be built here (${error.message}). Run npm install.`);
      process.exit(1);
    }
    console.error(`discless: running the existing build; rebuilding failed (${error.message}).`);
  }
}
await import(pathToFileURL(join(root, BUNDLE)).href);
