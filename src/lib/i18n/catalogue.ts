// The compiled messages of one catalogue in one language, loaded on demand: Paraglide JS compiles
// messages/<language>.json into one module per language (scripts/i18n.mjs), and each is a chunk of
// its own, so a page downloads the languages it shows and no other. Numbers given to a message are
// written the language's way (Arabic-Indic digits, a thousands separator) while still choosing its
// plural form.

import type * as PatientModule from '$lib/paraglide/patient/messages/en.js';
import type * as StaffModule from '$lib/paraglide/staff/messages/en.js';
import type { Language } from './languages';

/** Message functions; a message without placeholders takes no argument. */
type Catalogue<Module> = {
  [K in keyof Module]: Module[K] extends (inputs: infer Inputs) => string
    ? {} extends Inputs
      ? (inputs?: Inputs) => string
      : (inputs: Inputs) => string
    : never;
};
export type PatientMessages = Catalogue<typeof PatientModule>;
export type StaffMessages = Catalogue<typeof StaffModule>;

type Compiled = Record<string, (inputs?: Record<string, unknown>) => string>;
const MODULES = {
  patient: import.meta.glob<Compiled>(['../paraglide/patient/messages/*.js', '!**/_index.js']),
  staff: import.meta.glob<Compiled>(['../paraglide/staff/messages/*.js', '!**/_index.js'])
};
export type CatalogueName = keyof typeof MODULES;

/** The languages a catalogue has: every one for patients, English alone for staff until a clinic adds theirs. */
export function languagesOf(name: CatalogueName): string[] {
  return Object.keys(MODULES[name]).map((path) => path.replace(/^.*\/(.+)\.js$/, '$1'));
}

/** A number that a message selects its plural form by (valueOf) and prints in `format`'s way (toString). */
function localNumber(value: number, format: Intl.NumberFormat): unknown {
  return { valueOf: () => value, toString: () => format.format(value) };
}

function localised(compiled: Compiled, tag: string): Compiled {
  const format = new Intl.NumberFormat(tag);
  const withNumbers = (inputs?: Record<string, unknown>) =>
    inputs && Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, typeof value === 'number' ? localNumber(value, format) : value]));
  return Object.fromEntries(Object.entries(compiled).map(([key, message]) => [key, (inputs?: Record<string, unknown>) => message(withNumbers(inputs))]));
}

const loaded = new Map<string, Promise<Compiled>>();

/** `name`'s messages in `language`, numbers formatted for `tag` (an Intl locale of that language). */
export function loadCatalogue(name: 'patient', language: Language, tag: string): Promise<PatientMessages>;
export function loadCatalogue(name: 'staff', language: string, tag: string): Promise<StaffMessages>;
export function loadCatalogue(name: CatalogueName, language: string, tag: string): Promise<unknown> {
  const key = `${name}/${language}/${tag}`;
  let catalogue = loaded.get(key);
  if (!catalogue) {
    const load = MODULES[name][`../paraglide/${name}/messages/${language}.js`];
    if (!load) return Promise.reject(new Error(`No ${name} messages in ${language}`));
    catalogue = load().then(
      (compiled) => localised(compiled, tag),
      (error: unknown) => {
        // A chunk that did not arrive (offline before the app was cached) may arrive next time.
        loaded.delete(key);
        throw error;
      }
    );
    loaded.set(key, catalogue);
  }
  return catalogue;
}
