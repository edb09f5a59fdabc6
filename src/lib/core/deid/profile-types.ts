// The shape of PS3.15 Table E.1-1 as profile-table.ts holds it.

/** PS3.15 E.1.1: X remove, Z zero length, D dummy, K keep, C clean, U replace UID; compound
 *  actions (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) leave the choice to the de-identifier. */
export type Action = 'X' | 'Z' | 'D' | 'K' | 'C' | 'U' | 'X/Z' | 'X/D' | 'Z/D' | 'X/Z/D' | 'X/Z/U*';

/** The options of PS3.15 E.3 that change an action, by the table's columns. */
export type OptionName =
  | 'retainSafePrivate'
  | 'retainUids'
  | 'retainDevice'
  | 'retainInstitution'
  | 'retainPatientCharacteristics'
  | 'retainFullDates'
  | 'retainModifiedDates'
  | 'cleanDescriptors'
  | 'cleanStructuredContent'
  | 'cleanGraphics';

export interface ProfileRow {
  name: string;
  /** PS3.6's VR ("US or SS" where it has two). */
  vr: string;
  basic: Action;
  options?: Partial<Record<OptionName, Action>>;
}
