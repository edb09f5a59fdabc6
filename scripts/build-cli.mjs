#!/usr/bin/env node
// Builds the command line (src/cli, TypeScript, importing src/lib/core) into one ES module for Node,
// dist/cli/discless.mjs, with esbuild. Packages stay external: they are resolved from node_modules at
// run time, as for any installed package. Run by `npm install` (prepare) and, when a source file is
// newer than the bundle, by bin/discless.mjs itself. dist/cli/inputs.json lists the sources it read:
// for the English messages it imports, the message files themselves, since their compiled modules
// (scripts/i18n.mjs, compiled first here) are written again by every build and test run.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CATALOGUES, compileMessages } from './i18n.mjs';

export const BUNDLE = 'dist/cli/discless.mjs';
export const INPUTS = 'dist/cli/inputs.json';

export async function buildCli(root) {
  await compileMessages(root);
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { $lib: './src/lib' },
    // The app's tsconfig extends one SvelteKit writes on `svelte-kit sync`; the CLI needs none of it.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning'
  });
  mkdirSync(join(root, dirname(INPUTS)), { recursive: true });
  const read = Object.keys(result.metafile.inputs);
  const catalogues = Object.values(CATALOGUES).filter(({ outdir }) => read.some((input) => input.startsWith(`${outdir}/`)));
  const inputs = [...read.filter((input) => !catalogues.some(({ outdir }) => input.startsWith(`${outdir}/`))), ...catalogues.map(({ messages }) => `${messages}/en.json`)];
  writeFileSync(join(root, INPUTS), JSON.stringify(inputs, null, 1) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
}
