// Exit codes of the command line, the contract scripts rely on (README "Command line"), and the
// one place where an error becomes a line on stderr.

import { DisclessError } from '../lib/core/errors';
import { triesLeft } from '../lib/errors/tries-left';
import { en } from './english';

export const EXIT = {
  ok: 0,
  /** Anything not listed below, and a confirmation answered "no". */
  failure: 1,
  usage: 2,
  /** Not found, expired, revoked, locked out by a download limit, or still uploading. */
  unavailable: 3,
  /** PIN needed, wrong, or the share locked after too many wrong ones. */
  pin: 4,
  /** A file or object failed its checks. */
  damaged: 5,
  network: 6,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130
} as const;

/** A mistake in how the command was called: exit 2, with a hint to --help. */
export class UsageError extends DisclessError {
  constructor(message: string) {
    super('usage', message);
  }
}

const DAMAGE = ['damaged', 'tampered', 'truncated', 'trailing-data', 'reordered', 'duplicated', 'bad-header', 'wrong-share', 'wrong-object', 'bad-manifest'];

const BY_CODE: Record<string, number> = {
  usage: EXIT.usage,
  'bad-link': EXIT.usage,
  'unsupported-version': EXIT.usage,
  'bad-pin': EXIT.usage,
  'bad-ttl': EXIT.usage,
  'upload-key': EXIT.usage,
  'no-dicom': EXIT.usage,
  'bad-zip': EXIT.usage,
  'not-found': EXIT.unavailable,
  'not-in-history': EXIT.unavailable,
  expired: EXIT.unavailable,
  revoked: EXIT.unavailable,
  'limit-reached': EXIT.unavailable,
  'not-ready': EXIT.unavailable,
  'pin-required': EXIT.pin,
  'wrong-pin': EXIT.pin,
  locked: EXIT.pin,
  'wrong-key': EXIT.pin,
  offline: EXIT.network,
  'store-down': EXIT.network,
  busy: EXIT.network,
  internal: EXIT.network,
  ...Object.fromEntries(DAMAGE.map((code) => [code, EXIT.damaged]))
};

export function exitCodeOf(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? (BY_CODE[code] ?? EXIT.failure) : EXIT.failure;
}

/** One line (two for usage) a person can act on: what happened, the detail, and the code for support. */
export function describeError(error: unknown, command: string): string {
  if (error instanceof UsageError) return `discless ${command}: ${error.message}\nSee: discless ${command} --help`;
  if (!(error instanceof DisclessError)) {
    const text = error instanceof Error ? error.message : String(error);
    return `discless ${command}: unexpected failure: ${text}`;
  }
  // The core's and the store's messages are plain sentences already; the presenter adds the tries left.
  return `discless ${command}: ${error.message}${triesLeft(error, en)} [${error.code}]`;
}
