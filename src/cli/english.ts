// The command line speaks English, as terminal tools for IT and scripts do. Where it says what the
// pages also say (the handout, a PIN's tries left, time left, several patients), the words are the
// pages' English messages, compiled from messages/en.json and messages/staff/en.json by Paraglide JS
// (scripts/i18n.mjs, run before the command line is built), not a copy of them.

import type { PatientMessages, StaffMessages } from '../lib/i18n/catalogue';
import * as patient from '../lib/paraglide/patient/messages/en.js';
import * as staff from '../lib/paraglide/staff/messages/en.js';

// Paraglide types a message without placeholders as taking `{}`; it reads nothing from it, so it is
// called without, as the pages' catalogues (src/lib/i18n/catalogue.ts) are typed.
export const en = patient as unknown as PatientMessages;
export const staffEn = staff as unknown as StaffMessages;

/** "1 file", "3 files": the command line's own counts. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
