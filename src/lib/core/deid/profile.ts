// The Basic Application Level Confidentiality Profile of DICOM PS3.15 E.1 with the options of E.3,
// as one decision per attribute. The rules are Table E.1-1 itself (profile-table.ts, generated from
// the standard); this module only chooses among them for the options staff picked, and resolves the
// compound actions the table leaves to the de-identifier.

import { OTHER_UIDS, PROFILE_EDITION, PROFILE_PATTERNS, PROFILE_TABLE } from './profile-table';
import type { Action, OptionName } from './profile-types';

export type DateMode = 'shift' | 'keep' | 'remove';

export interface DeidOptions {
  /** shift: Retain Longitudinal Temporal Information with Modified Dates (one random offset per
   *  share); keep: … with Full Dates; remove: the Basic Profile's own actions. */
  dates: DateMode;
  retainDevice: boolean;
  retainInstitution: boolean;
  retainPatientCharacteristics: boolean;
  /** Keep descriptions and comments, cleaned of the identifying values the share held. */
  cleanDescriptors: boolean;
  /** Keep the text of reports (SR content), cleaned likewise. */
  cleanStructuredContent: boolean;
  /** Keep presentation states' text annotations, cleaned; overlay bitmaps still go. */
  cleanGraphics: boolean;
  /** Keep the private attributes known to be safe: none are listed in this version (see SAFE_PRIVATE). */
  retainSafePrivate: boolean;
}

export const DEFAULT_OPTIONS: DeidOptions = {
  dates: 'shift',
  retainDevice: false,
  retainInstitution: false,
  retainPatientCharacteristics: true,
  cleanDescriptors: true,
  cleanStructuredContent: false,
  cleanGraphics: false,
  retainSafePrivate: false
};

/** What the rewriter does to one element, once compound actions are resolved. */
export type Resolved = 'X' | 'Z' | 'D' | 'K' | 'C' | 'U';

export interface Decision {
  action: Resolved;
  /** The attribute's name in the table, or a description of the rule that applied. */
  name: string;
  /** PS3.6's VR for table rows, to read implicit VR data sets. */
  vr?: string;
}

/**
 * Private attributes PS3.15 E.3.10 allows to keep under Retain Safe Private, as "creator/group/element
 * byte" keys. The standard's list (Table E.3.10-1) is exemplary and not published in machine-readable
 * form with the profile table, so this version keeps none: the option then removes every private
 * attribute, as the option permits ("keep none unless listed").
 */
export const SAFE_PRIVATE: ReadonlySet<string> = new Set();

/** CID 7050, De-identification Method (PS3.16), for the options this profile implements. */
const CODES: Record<'basic' | OptionName, readonly [string, string]> = {
  basic: ['113100', 'Basic Application Confidentiality Profile'],
  cleanGraphics: ['113103', 'Clean Graphics Option'],
  cleanStructuredContent: ['113104', 'Clean Structured Content Option'],
  cleanDescriptors: ['113105', 'Clean Descriptors Option'],
  retainFullDates: ['113106', 'Retain Longitudinal Temporal Information Full Dates Option'],
  retainModifiedDates: ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option'],
  retainPatientCharacteristics: ['113108', 'Retain Patient Characteristics Option'],
  retainDevice: ['113109', 'Retain Device Identity Option'],
  retainUids: ['113110', 'Retain UIDs Option'],
  retainSafePrivate: ['113111', 'Retain Safe Private Option'],
  retainInstitution: ['113112', 'Retain Institution Identity Option']
};

export function activeOptions(o: DeidOptions): OptionName[] {
  const on: OptionName[] = [];
  if (o.dates === 'keep') on.push('retainFullDates');
  if (o.dates === 'shift') on.push('retainModifiedDates');
  const flags = ['retainDevice', 'retainInstitution', 'retainPatientCharacteristics', 'cleanDescriptors', 'cleanStructuredContent', 'cleanGraphics', 'retainSafePrivate'] as const;
  for (const flag of flags) if (o[flag]) on.push(flag);
  return on;
}

/** The Basic Profile's code, then one per option, for (0012,0064) and the manifest. */
export function methodCodes(o: DeidOptions): { code: string; meaning: string }[] {
  return (['basic', ...activeOptions(o)] as const).map((k) => ({ code: CODES[k][0], meaning: CODES[k][1] }));
}

/** The method in words, for people (the viewer, README.TXT). */
export function methodText(o: DeidOptions): string {
  const options = activeOptions(o).map((k) => CODES[k][1]);
  const base = `DICOM PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1, edition ${PROFILE_EDITION})`;
  return options.length ? `${base} with ${options.join(', ')}` : base;
}

/** (0012,0063) De-identification Method: LO, so values of at most 64 characters. */
export function methodValues(): string[] {
  return [`PS3.15 E.1 Basic Profile, table ${PROFILE_EDITION}`, 'Discless, in the sender browser'];
}

/**
 * The table leaves compound actions to the de-identifier: X unless Z or D is needed to keep the
 * object valid. Without each IOD's attribute types at hand, the choice is the one that keeps every
 * object valid: Z for X/Z, D where D is allowed, the UIDs replaced for X/Z/U*. A sequence offered
 * X with Z or D goes (X): an empty or dummy sequence says nothing a reader can use.
 */
function resolve(action: Action, sequence: boolean): Resolved {
  switch (action) {
    case 'X/Z':
      return sequence ? 'X' : 'Z';
    case 'X/D':
    case 'X/Z/D':
      return sequence ? 'X' : 'D';
    case 'Z/D':
      return 'D';
    case 'X/Z/U*':
      return 'U';
    default:
      return action;
  }
}

const OTHER_KEEP = new Set(OTHER_UIDS.keep.split(' '));
const OTHER_REPLACE = new Set(OTHER_UIDS.replace.split(' '));

export class Profile {
  private readonly on: Set<OptionName>;
  private readonly cache = new Map<number, Decision | null>();

  constructor(readonly options: DeidOptions) {
    this.on = new Set(activeOptions(options));
  }

  /** An option that keeps (K) wins over one that cleans (C), which wins over the Basic Profile. */
  private choose(row: { basic: Action; options?: Partial<Record<OptionName, Action>> }): Action {
    const offered = Object.entries(row.options ?? {})
      .filter(([option]) => this.on.has(option as OptionName))
      .map(([, action]) => action);
    return offered.find((a) => a === 'K') ?? offered.find((a) => a === 'C') ?? row.basic;
  }

  /**
   * The decision for `tag`, whose VR is `vr` (as written in explicit VR, else PS3.6's), or null when
   * the profile leaves the attribute as it is. `vr` may be '' in implicit VR for attributes the
   * table does not list.
   */
  decide(tag: number, vr: string): Decision | null {
    // A decision depends on the tag and on whether the VR is SQ, UI, unknown or another: cached so.
    const key = tag * 4 + (vr === 'SQ' ? 1 : vr === 'UI' ? 2 : vr === '' || vr === 'UN' ? 0 : 3);
    let decision = this.cache.get(key);
    if (decision === undefined) this.cache.set(key, (decision = this.decideAfresh(tag, vr)));
    return decision;
  }

  private decideAfresh(tag: number, vr: string): Decision | null {
    const key = tag.toString(16).toUpperCase().padStart(8, '0');
    const row = PROFILE_TABLE[key];
    const group = Math.floor(tag / 0x10000);
    if (row) {
      const effective = vr && vr !== 'UN' ? vr : row.vr;
      return { action: resolve(this.choose(row), effective === 'SQ'), name: row.name, vr: row.vr };
    }
    if (group % 2 === 1) {
      return { action: resolve(this.choose(PROFILE_PATTERNS.private), vr === 'SQ'), name: 'Private attribute' };
    }
    const pattern = repeatingGroupRow(group, tag & 0xffff);
    if (pattern) return { action: resolve(this.choose(pattern), vr === 'SQ'), name: pattern.name };
    if (OTHER_REPLACE.has(key) || (vr === 'UI' && !OTHER_KEEP.has(key))) return { action: 'U', name: 'UID', vr: 'UI' };
    return null;
  }
}

/** Curve data (50xx,xxxx) and overlays (60xx,3000 and 60xx,4000): even groups 5000–501E, 6000–601E. */
function repeatingGroupRow(group: number, element: number) {
  if (group % 2 === 1) return null;
  if (group >= 0x5000 && group <= 0x501e) return PROFILE_PATTERNS['50XXXXXX'];
  if (group >= 0x6000 && group <= 0x601e && element === 0x3000) return PROFILE_PATTERNS['60XX3000'];
  if (group >= 0x6000 && group <= 0x601e && element === 0x4000) return PROFILE_PATTERNS['60XX4000'];
  return null;
}
