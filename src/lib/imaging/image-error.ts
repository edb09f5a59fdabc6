// Turns a decoder failure into what the viewer shows: which image, and in words a patient can follow.
import { DisclessError } from '$lib/core/errors';

/** Decoder codes that mean the image's own data is wrong, rather than the viewer lacking something. */
const DAMAGED = new Set(['truncated', 'malformed', 'not-dicom']);

/**
 * `which` names the image as the viewer shows it ("Image 5 of 20"). Damaged data becomes `damaged`,
 * an unsupported kind stays `unsupported` (its message names the kind or transfer syntax); both say
 * which image. Anything else passes through.
 */
export function imageError(error: unknown, which: string): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && DAMAGED.has(code)) return new DisclessError('damaged', `${which}: ${message}`);
  if (code === 'unsupported') return new DisclessError('unsupported', `${which}: ${message}`);
  return error instanceof Error ? error : new Error(message);
}
