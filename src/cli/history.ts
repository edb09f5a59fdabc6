// The command line's share history: what the staff page keeps in IndexedDB (src/lib/history), kept
// in a JSON file readable by this user alone (0600, in a 0700 folder), so that `revoke`, `status` and
// `share --continue` work later from the same account. It holds secrets (the link's key, the owner
// token, the PIN): it never leaves this machine, and the store only ever sees share ids.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DisclessError } from '../lib/core/errors';
import type { ShareRecord } from '../lib/history/history';
import { UsageError } from './exit';

/** The browser's record, plus where the share's files and store are on this machine. */
export interface CliShareRecord extends ShareRecord {
  /** The folder or zip as given, absolute. */
  source: string;
  /** The store's base URL the share was created at. */
  store: string;
}

interface HistoryFile {
  version: 1;
  shares: CliShareRecord[];
}

export function defaultHistoryPath(): string {
  const data = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'discless', 'history.json');
}

export class History {
  readonly path: string;

  constructor(path: string = defaultHistoryPath()) {
    this.path = resolve(path);
  }

  private read(): HistoryFile {
    if (!existsSync(this.path)) return { version: 1, shares: [] };
    let parsed: HistoryFile;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8')) as HistoryFile;
    } catch (error) {
      throw new DisclessError('bad-history', `The history file ${this.path} cannot be read (${(error as Error).message}).`);
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.shares)) {
      throw new DisclessError('bad-history', `The history file ${this.path} is not a Discless history.`);
    }
    return parsed;
  }

  list(): CliShareRecord[] {
    return this.read().shares;
  }

  /** The record of a share id, or of the share id a unique prefix (at least 6 characters) names. */
  get(idOrPrefix: string): CliShareRecord {
    const wanted = idOrPrefix.toLowerCase();
    const matches = this.list().filter((r) => r.shareId === wanted || (wanted.length >= 6 && r.shareId.startsWith(wanted)));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new UsageError(`Several shares in ${this.path} start with ${idOrPrefix}: give more of the id.`);
    throw new DisclessError('not-in-history', `No share ${idOrPrefix} in the history file ${this.path}. Revoke, status and continue work only where the share was made (or with --history pointing at its file).`);
  }

  /** Adds or replaces the record, writing the file anew: a crash mid-write leaves the old file. */
  save(record: CliShareRecord): void {
    const file = this.read();
    const at = file.shares.findIndex((r) => r.shareId === record.shareId);
    if (at >= 0) file.shares[at] = record;
    else file.shares.push(record);
    const folder = dirname(this.path);
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(file, null, 1) + '\n', { mode: 0o600 });
    // writeFileSync's mode applies only to a new file, and the umask may have narrowed it: set it.
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}
