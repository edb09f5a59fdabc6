// What can go wrong between this browser and a PACS, each with a code that
// src/lib/errors/present.ts turns into words.

import { DisclessError } from '../core/errors';

export type PacsErrorCode =
  /** Not an address this page may send to (https, or http on this computer only). */
  | 'pacs-bad-url'
  /** No answer at all: wrong address, server down, no network. */
  | 'pacs-unreachable'
  /** The server answers, but not to scripts from this site: CORS is not set up. */
  | 'pacs-cors'
  | 'pacs-unauthorized'
  | 'pacs-forbidden'
  /** Something answers at that address, but not DICOMweb (404, a web page, …). */
  | 'pacs-not-dicomweb'
  /** The server refused the request's media type (415). */
  | 'pacs-unsupported'
  /** The request was larger than the server takes (413). */
  | 'pacs-too-large'
  /** 500: the server failed while handling the request. */
  | 'pacs-server-error'
  /** 502, 503, 504, 408, 429 or a timeout: busy or down for now; worth trying again. */
  | 'pacs-busy'
  /** An answer that is not a Store Instances Response. */
  | 'pacs-bad-answer';

export class PacsError extends DisclessError {
  declare readonly code: PacsErrorCode;
  constructor(
    code: PacsErrorCode,
    message: string,
    /** The HTTP status, when there was an answer. */
    readonly status: number | null = null,
    /** When the server asked to be left alone for a while (Retry-After), in ms. */
    readonly retryAfterMs: number | null = null
  ) {
    super(code, message);
  }
}

/** What this page finds wrong in the form before asking the PACS: said in the page's language (messages `pacs_problem_<problem>`). */
export type PacsProblem = 'not_an_address' | 'not_https' | 'login_in_address' | 'no_user' | 'no_password' | 'no_token';

export class PacsFormError extends PacsError {
  constructor(
    code: 'pacs-bad-url' | 'pacs-unauthorized',
    readonly problem: PacsProblem
  ) {
    super(code, problem);
  }
}

/** Errors that a later attempt may not meet: the job waits and tries again instead of stopping. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'pacs-unreachable' || code === 'pacs-busy' || code === 'pacs-cors';
}
