// What a rewrite works with: the share's profile, keys and identifiers, what it reports (changes,
// identifiers, wanted values), and the rules for the new value of one element.

import { decodeText, latin1 } from '../dicom/charset';
import { TEXT_VRS, groupOf, textValue } from './elements';
import type { Profile, Resolved } from './profile';
import { IMPLICIT_VRS } from './profile-table';
import { dummyText, shiftDates, type Scrubber, type ShareKeys } from './values';

/** One attribute the rewrite changed, for the review's before-and-after table. */
export interface Change {
  /** "(0010,0010)", or for a nested one "(0040,A730) > (0040,A160)". */
  path: string;
  name: string;
  /** The profile's action, or 'set' for what this app writes whatever the file held (pseudonym, method). */
  action: Resolved | 'set';
  before: string;
  /** null when the attribute was removed. */
  after: string | null;
}

export interface RewriteContext {
  profile: Profile;
  keys: ShareKeys;
  scrubber: Scrubber;
  /** Top-level elements written whatever the file holds (the pseudonym, the method), by tag. */
  overrides: Map<number, Override>;
  /** The identifier pass: each value the profile removes, replaces or drops with its sequence, as
   *  latin1 text; `nested` when a sequence that goes held it. */
  collect?: (tag: number, vr: string, value: string, nested: boolean) => void;
  /** The preview: what changed, in file order. */
  changes?: Change[];
  /** Top-level values to report (latin1 text, padding kept), by tag: filled in as they are met. */
  wanted?: Map<number, string>;
}

export interface Override {
  /** The whole element, in the data set's encoding. */
  bytes: Uint8Array;
  name: string;
  /** The value as people read it, for the preview. */
  text: string;
}

export interface Level {
  depth: number;
  top: boolean;
  path: string;
  /** What happens to free text the table does not list: inside a sequence the profile dummies (D) or cleans (C). */
  freeText: 'keep' | 'D' | 'C';
  /** Inside a sequence the profile removes: names met there are identifiers too. */
  removed: boolean;
  charset: { value: string };
}

let implicitVrs: Map<number, string> | null = null;

/** PS3.6's VR for the tags an implicit VR data set must know (sequences, UIDs, free text, names). */
export function impliedVr(tag: number): string {
  implicitVrs ??= new Map(Object.entries(IMPLICIT_VRS).flatMap(([vr, tags]) => tags.split(' ').map((t) => [parseInt(t, 16), vr])));
  return implicitVrs.get(tag) ?? '';
}

/**
 * What Clean (C) can do to a value: shift a date, blank identifiers in text. A time of day does not
 * move with a whole number of days (K); a private attribute goes, since none is listed as safe
 * (profile.ts); binary values (timestamps, overlay bitmaps) cannot be cleaned and go (X).
 */
export function cleanable(tag: number, vr: string): Resolved {
  if (groupOf(tag) % 2 === 1 || vr === '' || vr === 'UN' || /^O[BDFLVW]$/.test(vr)) return 'X';
  if (vr === 'TM' || !TEXT_VRS.has(vr)) return 'K';
  return 'C';
}

function uids(keys: ShareKeys, old: Uint8Array): Uint8Array {
  const text = latin1(old).replace(/[\0 ]+$/, '');
  return textValue(
    text
      .split('\\')
      .map((u) => keys.uid(u.trim()))
      .join('\\'),
    'UI'
  );
}

/** The new value of a non-sequence element of `length` bytes (`old`, when it was read), or null to remove it. */
export function newValue(ctx: RewriteContext, action: Resolved, vr: string, length: number, old: Uint8Array | null): Uint8Array | null {
  switch (action) {
    case 'X':
      return null;
    case 'Z':
      return new Uint8Array(0);
    case 'D':
      if (vr === 'UI') return uids(ctx.keys, old!);
      return TEXT_VRS.has(vr) ? textValue(dummyText(vr), vr) : new Uint8Array(length);
    case 'U':
      return uids(ctx.keys, old!);
    case 'C':
      if (vr === 'DA' || vr === 'DT') return textValue(shiftDates(latin1(old!).replace(/[\0 ]+$/, ''), vr, ctx.keys.dateOffsetDays), vr);
      return ctx.scrubber.clean(old!);
    default:
      return old;
  }
}

/** A value as the preview shows it. */
export function shown(b: Uint8Array | null, length: number, vr: string, charset: string): string {
  if (vr === 'SQ') return b ? '(empty sequence)' : '(sequence)';
  if (!b) return length ? `(${length} bytes)` : '';
  const text = TEXT_VRS.has(vr) ? decodeText(b, charset).replace(/[\0 ]+$/, '') : `(${b.length} bytes)`;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
