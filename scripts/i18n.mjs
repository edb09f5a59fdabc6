#!/usr/bin/env node
// Compiles the message files (messages/*.json, messages/staff/*.json) into JavaScript with Paraglide
// JS: src/lib/paraglide/patient and src/lib/paraglide/staff, one module per language, loaded by
// src/lib/i18n. vite.config.ts runs this before every build, dev server and unit-test run;
// `npm run check` (and `npm run i18n`) before svelte-check; scripts/build-cli.mjs before bundling
// the command line, which imports the English modules. One script for both, and for two projects:
// Paraglide's own Vite plugin keeps the state of one project per process.

import { compile } from '@inlang/paraglide-js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The two catalogues: what patients read (every language) and the staff pages (English until a clinic adds one). */
export const CATALOGUES = {
  patient: { project: 'patient.inlang', outdir: 'src/lib/paraglide/patient', messages: 'messages' },
  staff: { project: 'staff.inlang', outdir: 'src/lib/paraglide/staff', messages: 'messages/staff' }
};

export async function compileMessages(root) {
  for (const { project, outdir } of Object.values(CATALOGUES)) {
    await compile({
      project: resolve(root, project),
      outdir: resolve(root, outdir),
      // One module per language, so a page loads only the language it shows (src/lib/i18n/catalogue.ts).
      outputStructure: 'locale-modules',
      // The language is chosen by src/lib/i18n, not by Paraglide's runtime (which the app does not import).
      strategy: ['baseLocale'],
      emitReadme: false,
      emitPrettierIgnore: false
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await compileMessages(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
    process.exit(0);
  } catch (error) {
    console.error(`Compiling the messages failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
