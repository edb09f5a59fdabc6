// The one place where error codes become words. Staff and patients see a title, a sentence saying
// what happened and what to do next, in the page's language (messages/<language>.json, keys
// error_<code>_title and error_<code>_message); the code stays on the element for support and tests.

import { m, type PatientMessages } from '$lib/i18n';
import { PacsFormError } from '$lib/pacs/errors';
import { triesLeft } from './tries-left';

export interface PresentedError {
  code: string;
  title: string;
  message: string;
}

/** The message keys `error_<name>_title` and `error_<name>_message` that exist as a pair. */
type ErrorText = {
  [K in keyof PatientMessages]: K extends `error_${infer Name}_title` ? (`error_${Name}_message` extends keyof PatientMessages ? Name : never) : never;
}[keyof PatientMessages];

/** Codes whose words are another code's. */
const SAME_AS: Record<string, ErrorText> = {
  'too-many-objects': 'too_large',
  'share-too-large': 'too_large'
};
for (const code of ['tampered', 'truncated', 'trailing-data', 'reordered', 'duplicated', 'bad-header', 'wrong-share', 'wrong-object', 'bad-manifest']) {
  SAME_AS[code] = 'damaged';
}

function textOf(code: string): ErrorText {
  const name = SAME_AS[code] ?? code.replaceAll('-', '_');
  return `error_${name}_title` in m ? (name as ErrorText) : 'internal';
}

/**
 * The detail worth telling in brackets: which image is damaged, or which kind of image cannot be
 * shown, for the clinic; what a PACS answered (its status and words, as it said them) for its
 * administrator, or what this page found wrong before asking it, in the page's language.
 */
function detailOf(error: unknown, code: string): string {
  if (error instanceof PacsFormError) return ` (${m[`pacs_problem_${error.problem}`]()})`;
  const technical = code === 'damaged' || code === 'unsupported' || code === 'cannot-deidentify' || code.startsWith('pacs-');
  return error instanceof Error && technical ? ` (${error.message})` : '';
}

export function presentError(error: unknown): PresentedError {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : 'internal';
  const text = textOf(code);
  return { code, title: m[`error_${text}_title`](), message: m[`error_${text}_message`]() + detailOf(error, code) + triesLeft(error, m) };
}
