// The new values the profile writes: replacement UIDs, shifted dates, dummy values, and text cleaned
// of the identifying values the share held. Every function here is deterministic for one share's
// key, so the same file always becomes the same bytes (an interrupted upload resumes, and a UID
// referenced from a key object selection or a report maps as the instance it names).

import { createHMAC, createSHA256, type IHasher } from 'hash-wasm';
import { latin1 } from '../dicom/charset';
import { utf8 } from '../bytes';

/** UIDs of the standard itself (classes, transfer syntaxes, well-known frames) name no patient. */
const STANDARD_UID = /^1\.2\.840\.10008\./;

/** Derives the share's replacement UIDs and date offset from its de-identification key. */
export class ShareKeys {
  private constructor(
    private readonly hmac: IHasher,
    readonly dateOffsetDays: number
  ) {}

  /** `key`: 32 random bytes drawn once per share (kept with the share's history to resume it). */
  static async create(key: Uint8Array): Promise<ShareKeys> {
    const hmac = await createHMAC(createSHA256(), key);
    hmac.init();
    hmac.update(utf8('discless/deid/date-offset'));
    const d = hmac.digest('binary');
    // Between one and ten years back, a whole number of days: weekdays move, times of day do not.
    const span = 3652 - 365 + 1;
    const days = -(365 + ((d[0] * 0x1000000 + ((d[1] << 16) | (d[2] << 8) | d[3])) % span));
    return new ShareKeys(hmac, days);
  }

  /**
   * The replacement for one UID: 2.25 and the decimal of a version-8 UUID (RFC 9562) made of an
   * HMAC-SHA256 of the old UID under the share's key. The same UID always gets the same new one
   * within the share; without the key, the new UID says nothing of the old.
   */
  uid(old: string): string {
    if (old === '' || STANDARD_UID.test(old)) return old;
    this.hmac.init();
    this.hmac.update(utf8(`discless/deid/uid\0${old}`));
    const b = this.hmac.digest('binary').subarray(0, 16);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let n = 0n;
    for (const byte of b) n = (n << 8n) | BigInt(byte);
    return `2.25.${n}`;
  }
}

const DAY_MS = 86_400_000;

function shiftDay(yyyymmdd: string, days: number): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
  const s = new Date(t + days * DAY_MS);
  const year = s.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}${String(s.getUTCMonth() + 1).padStart(2, '0')}${String(s.getUTCDate()).padStart(2, '0')}`;
}

/**
 * A DA or DT value moved by `days` (each of several values, both ends of a range). A DT keeps its
 * precision (a year stays a year) and its time and offset; what cannot be read as a date is removed,
 * since an unreadable date may still be the real one.
 */
export function shiftDates(value: string, vr: 'DA' | 'DT', days: number): string {
  const one = (raw: string): string => {
    const v = raw.replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3'); // ACR-NEMA's YYYY.MM.DD
    if (v === '') return '';
    if (vr === 'DA') return shiftDay(v, days) ?? '';
    const m = /^(\d{4})(\d{2})?(\d{2})?(.*)$/.exec(v);
    if (!m) return '';
    const shifted = shiftDay(`${m[1]}${m[2] ?? '01'}${m[3] ?? '01'}`, days);
    if (!shifted) return '';
    return shifted.slice(0, 4 + (m[2] ? 2 : 0) + (m[3] ? 2 : 0)) + m[4];
  };
  return value
    .split('\\')
    .map((v) => v.trim().split('-').map(one).join('-'))
    .join('\\');
}

/** PS3.15's D: "a non-zero length value that may be a dummy value and consistent with the VR". */
export function dummyText(vr: string): string {
  switch (vr) {
    case 'AS':
      return '000Y';
    case 'DA':
      return '19000101';
    case 'DT':
      return '19000101000000';
    case 'TM':
      return '000000';
    case 'DS':
    case 'IS':
      return '0';
    default:
      return 'ANONYMIZED';
  }
}

/**
 * The identifying values of a share (names, IDs, dates, places the profile removed from its files),
 * and text with every one of them blanked where it stands as a word: what Clean (C) does to
 * descriptions and report text. Matching is on bytes, so it works in every character set, and case
 * blind for ASCII letters; a blanked value becomes asterisks of the same length.
 */
export class Scrubber {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  /** `value` as the file holds it (latin1-decoded bytes, so each character is one byte). */
  add(value: string, vr: string): void {
    for (const one of value.split('\\')) {
      const v = one.trim();
      if (vr === 'PN') {
        for (const part of v.split(/[\^=]/)) for (const word of part.split(' ')) if (word.length >= 2) this.values.add(word.toLowerCase());
      } else if (vr === 'DA' && /^\d{8}$/.test(v)) {
        const [y, m, d] = [v.slice(0, 4), v.slice(4, 6), v.slice(6)];
        for (const f of [v, `${y}-${m}-${d}`, `${d}.${m}.${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`]) this.values.add(f);
      } else if (v.length >= 3) {
        this.values.add(v.toLowerCase());
      }
    }
    this.pattern = null;
  }

  get size(): number {
    return this.values.size;
  }

  /** The values, for tests and for handing to another worker. */
  list(): string[] {
    return [...this.values].sort();
  }

  addAll(values: Iterable<string>): void {
    for (const v of values) this.values.add(v);
    this.pattern = null;
  }

  clean(bytes: Uint8Array): Uint8Array {
    if (this.values.size === 0) return bytes;
    this.pattern ??= new RegExp(
      `(?<![A-Za-z0-9\\x80-\\xff])(?:${[...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
        .join('|')})(?![A-Za-z0-9\\x80-\\xff])`,
      'gi'
    );
    const text = latin1(bytes);
    const cleaned = text.replace(this.pattern, (m) => '*'.repeat(m.length));
    return cleaned === text ? bytes : Uint8Array.from(cleaned, (c) => c.charCodeAt(0));
  }
}
