// Command-line parsing with Node's util.parseArgs, and the options several commands share. A
// mistake becomes a UsageError (exit 2) that names the option.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface Command {
  summary: string;
  help: string;
  options: Options;
  run(values: Values, positionals: string[]): Promise<number>;
}

export function parseCommand(argv: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

export const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** The store's base URL: --store, else DISCLESS_STORE, else `fallback` (a link's own origin). */
export function storeUrl(values: Values, fallback?: string): string {
  const given = text(values, 'store') ?? process.env.DISCLESS_STORE ?? fallback;
  if (!given) throw new UsageError('Which store? Give --store <url> (or set DISCLESS_STORE).');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--store ${given} is not a URL (for example https://share.example.org).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--store must be an http(s) URL, not ${given}.`);
  return url.href.replace(/\/+$/, '');
}

/** Help lines shared by every command. */
export const COMMON_HELP = `  --history <file>    the share history (default ~/.local/share/discless/history.json,
                      or $XDG_DATA_HOME/discless/history.json); it holds keys: mode 0600
  -h, --help          this help`;

export const EXIT_HELP = `Exit codes: 0 done, 1 other failure (or answered no), 2 usage, 3 not found, expired or revoked,
4 PIN needed, wrong or locked, 5 damaged data, 6 network or store unreachable, 130 interrupted.`;
