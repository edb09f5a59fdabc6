// What a PACS confirmed, per file, so that a send cut short (a reload, a closed tab, a crash) goes
// on without sending again what the server already acknowledged. Kept in local storage under a
// hash of the PACS address and the files' SHA-256s: no share id, no UID, no name, and the same
// study shared twice to the same PACS is recognised as already there.

import { toHex } from '../core/bytes';
import type { Reason } from './reasons';

export type Confirmed = { status: 'stored' | 'warning'; reason: Reason };

interface Entry {
  updated: number;
  /** File index → [status, reason]. */
  confirmed: Record<string, [Confirmed['status'], Reason]>;
  /** The largest request the server took, once it refused a larger one (413). */
  batchBytes?: number;
}

const PREFIX = 'discless.pacs.sent.';
/** A share lives at most 90 days; what was sent from it is of no use much later. */
const KEEP_MS = 92 * 24 * 3600 * 1000;

export class SentLedger {
  private constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
    private readonly entry: Entry
  ) {}

  static async open(storage: Storage | null, url: string, sha256s: string[], now = Date.now()): Promise<SentLedger> {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode([url, ...sha256s].join('\n')));
    const key = PREFIX + toHex(new Uint8Array(digest));
    prune(storage, now);
    let entry: Entry = { updated: now, confirmed: {} };
    try {
      const saved = JSON.parse(storage?.getItem(key) ?? 'null') as Entry | null;
      if (saved && typeof saved.confirmed === 'object') entry = saved;
    } catch {
      // A damaged record only means sending again: the PACS takes an instance twice without harm.
    }
    return new SentLedger(storage, key, entry);
  }

  confirmed(index: number): Confirmed | null {
    const saved = this.entry.confirmed[String(index)];
    return saved ? { status: saved[0], reason: saved[1] } : null;
  }

  get count(): number {
    return Object.keys(this.entry.confirmed).length;
  }

  get batchBytes(): number | null {
    return this.entry.batchBytes ?? null;
  }

  set batchBytes(bytes: number | null) {
    if (bytes === null) delete this.entry.batchBytes;
    else this.entry.batchBytes = bytes;
    this.save();
  }

  confirm(indexes: { index: number; status: Confirmed['status']; reason: Reason }[]): void {
    for (const { index, status, reason } of indexes) this.entry.confirmed[String(index)] = [status, reason];
    this.save();
  }

  /** Not there after all (the PACS does not list it): it will be sent again next time. */
  unconfirm(indexes: number[]): void {
    for (const index of indexes) delete this.entry.confirmed[String(index)];
    this.save();
  }

  private save(): void {
    this.entry.updated = Date.now();
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.entry));
    } catch {
      // Storage full: the send goes on; only a resume after a reload would send more again.
    }
  }
}

function prune(storage: Storage | null, now: number): void {
  if (!storage) return;
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const entry = JSON.parse(storage.getItem(key) ?? 'null') as Entry | null;
      if (!entry || now - entry.updated > KEEP_MS) storage.removeItem(key);
    } catch {
      storage.removeItem(key);
    }
  }
}
