// After a wrong PIN, how many tries remain before the share locks for good: in the page's words
// (present.ts) and in the command line's English (src/cli/exit.ts), from the same message.

import type { PatientMessages } from '$lib/i18n/catalogue';

export function triesLeft(error: unknown, t: Pick<PatientMessages, 'error_tries_left'>): string {
  const left = (error as { code?: unknown; attemptsLeft?: unknown } | null)?.attemptsLeft;
  if ((error as { code?: unknown } | null)?.code !== 'wrong-pin' || typeof left !== 'number') return '';
  return ` ${t.error_tries_left({ count: left })}`;
}
