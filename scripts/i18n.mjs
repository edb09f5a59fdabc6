#!/usr/bin/env node
// Compiles the message files (messages/*.json, messages/staff/*.json) into JavaScript with Paraglide
// JS: src/lib/paraglide/patient and src/lib/paraglide/staff, one module per language, loaded by
// src/lib/i18n. vite.config.ts runs this before every build, dev server and unit-test run;
// `npm run check` (and `npm run i18n`) before svelte-check. One script for both, and for two
// projects: Paraglide's own Vite plugin keeps the state of one project per process.

import { compile } from '@inlang/paraglide-js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The two catalogues: what patients read (every language) and the staff pages (English until a clinic adds one). */
const CATALOGUES = {
  patient: { project: 'patient.inlang', outdir: 'src/lib/paraglide/patient' },
  staff: { project: 'staff.inlang', outdir: 'src/lib/paraglide/staff' }
};

process.chdir(root);
try {
  for (const { project, outdir } of Object.values(CATALOGUES)) {
    await compile({
      project: `./${project}`,
      outdir: `./${outdir}`,
      // One module per language, so a page loads only the language it shows (src/lib/i18n/catalogue.ts).
      outputStructure: 'locale-modules',
      // The language is chosen by src/lib/i18n, not by Paraglide's runtime (which the app does not import).
      strategy: ['baseLocale'],
      emitReadme: false,
      emitPrettierIgnore: false
    });
  }
  process.exit(0);
} catch (error) {
  console.error(`Compiling the messages failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
