// What a SOP class is, for people and for a DICOMDIR: its name (PS3.6, generated into
// storage-classes.ts; plain words for common classes are messages, src/lib/i18n/dicom-names.ts) and the directory record type that lists its instances (PS3.3 Annex F.5).
// Everything else follows from those two: a class with a record type other than IMAGE is a
// document (report, key images, presentation state, waveform, plan…); an IMAGE-class instance
// that carries no pixels, or an object of a class the standard does not know (a vendor's private
// class), is an object the viewer can only list and show as tags.

import { STORAGE_SOP_CLASSES } from './storage-classes';

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const STORAGE = '1.2.840.10008.5.1.4.1.1.';

/**
 * Directory Record Type per class, PS3.3 F.5 (2024d). Keys are a class under the storage root, or
 * with a trailing '.', a family of them; exact keys win. Full UIDs outside the storage root are
 * written out. Classes of the standard not listed here are images (record type IMAGE).
 */
const RECORD_TYPES: Readonly<Record<string, string>> = {
  '4.2': 'SPECTROSCOPY',
  '8': 'OVERLAY', // retired standalone objects, kept with the record types they had
  '9': 'CURVE',
  '129': 'CURVE',
  '10': 'MODALITY LUT',
  '11': 'VOI LUT',
  '9.': 'WAVEFORM',
  '11.': 'PRESENTATION',
  '131': 'PRESENTATION',
  '66': 'RAW DATA',
  '66.1': 'REGISTRATION',
  '66.3': 'REGISTRATION',
  '66.2': 'FIDUCIAL',
  '66.5': 'SURFACE',
  '66.6': 'TRACT',
  '67': 'VALUE MAP',
  '68.': 'SURFACE SCAN',
  '77.1.5.3': 'STEREOMETRIC',
  '78.1': 'MEASUREMENT',
  '78.2': 'MEASUREMENT',
  '78.3': 'MEASUREMENT',
  '78.4': 'MEASUREMENT',
  '78.5': 'MEASUREMENT',
  '78.7': 'MEASUREMENT',
  '78.8': 'MEASUREMENT',
  '80.1': 'MEASUREMENT',
  '78.6': 'SR DOCUMENT',
  '79.1': 'SR DOCUMENT',
  '88.': 'SR DOCUMENT',
  '88.59': 'KEY OBJECT DOC',
  '90.1': 'ASSESSMENT',
  '91.1': 'ANNOTATION',
  '104.': 'ENCAP DOC',
  '200.': 'PLAN',
  '201.1': 'INVENTORY',
  '481.2': 'RT DOSE',
  '481.3': 'RT STRUCTURE SET',
  '481.5': 'RT PLAN',
  '481.8': 'RT PLAN',
  '481.4': 'RT TREAT RECORD',
  '481.6': 'RT TREAT RECORD',
  '481.7': 'RT TREAT RECORD',
  '481.9': 'RT TREAT RECORD',
  '481.': 'RADIOTHERAPY', // second-generation RT objects (481.10 onwards)
  '481.1': 'IMAGE',
  '481.23': 'IMAGE',
  '481.24': 'IMAGE',
  '501.3': 'PRIVATE', // DICOS threat reports: no record type of their own
  '1.2.840.10008.5.1.4.34.1': 'RADIOTHERAPY',
  '1.2.840.10008.5.1.4.34.7': 'RADIOTHERAPY',
  '1.2.840.10008.5.1.4.34.10': 'RADIOTHERAPY',
  '1.2.840.10008.5.1.4.38.1': 'HANGING PROTOCOL',
  '1.2.840.10008.5.1.4.39.1': 'PALETTE',
  '1.2.840.10008.5.1.4.43.1': 'IMPLANT',
  '1.2.840.10008.5.1.4.44.1': 'IMPLANT ASSY',
  '1.2.840.10008.5.1.4.45.1': 'IMPLANT GROUP',
  '1.2.840.10008.5.1.1.27': 'STORED PRINT',
  '1.2.840.10008.5.1.1.29': 'IMAGE',
  '1.2.840.10008.5.1.1.30': 'IMAGE'
};

/** Record types that stand at the top of a DICOMDIR, beside PATIENT: their IODs have no study. */
export const TOP_LEVEL_RECORD_TYPES: ReadonlySet<string> = new Set(['HANGING PROTOCOL', 'PALETTE', 'IMPLANT', 'IMPLANT ASSY', 'IMPLANT GROUP']);

/**
 * The classes a patient's CD most often carries besides its images, which get plain words of their
 * own: the message `sop_<key>` (messages/<language>.json) names them.
 */
export const PLAIN_CLASSES = {
  '1.2.840.10008.5.1.4.1.1.104.1': 'pdf',
  '1.2.840.10008.5.1.4.1.1.104.2': 'cda',
  '1.2.840.10008.5.1.4.1.1.88.11': 'basic_text_report',
  '1.2.840.10008.5.1.4.1.1.88.22': 'enhanced_report',
  '1.2.840.10008.5.1.4.1.1.88.33': 'comprehensive_report',
  '1.2.840.10008.5.1.4.1.1.88.67': 'dose_report',
  '1.2.840.10008.5.1.4.1.1.88.59': 'key_images',
  '1.2.840.10008.5.1.4.1.1.9.1.1': 'ecg_12_lead',
  '1.2.840.10008.5.1.4.1.1.9.1.2': 'ecg',
  '1.2.840.10008.5.1.4.1.1.481.3': 'rt_structure_set',
  '1.2.840.10008.5.1.4.1.1.481.5': 'rt_plan',
  '1.2.840.10008.5.1.4.1.1.481.8': 'ion_plan',
  '1.2.840.10008.5.1.4.1.1.11.1': 'presentation_state',
  [MEDIA_STORAGE_DIRECTORY]: 'dicomdir'
} as const satisfies Readonly<Record<string, string>>;
export type PlainClass = (typeof PLAIN_CLASSES)[keyof typeof PLAIN_CLASSES];

export function plainClass(uid: string): PlainClass | null {
  return Object.hasOwn(PLAIN_CLASSES, uid) ? PLAIN_CLASSES[uid as keyof typeof PLAIN_CLASSES] : null;
}

/** Whether the standard defines this storage class (current or retired). */
export function isStandardClass(uid: string): boolean {
  return uid in STORAGE_SOP_CLASSES;
}

/** The standard's own name for a class (PS3.6, in English as DICOM writes it), without "Storage"; null if the standard lacks it. */
export function standardClassName(uid: string): string | null {
  return STORAGE_SOP_CLASSES[uid]?.replace(/ Storage( SOP Class)?/, '') ?? null;
}

/** The DICOMDIR record type for an instance of `uid`: PRIVATE for classes the standard lacks. */
export function recordTypeOf(uid: string): string {
  if (!isStandardClass(uid) || uid === MEDIA_STORAGE_DIRECTORY) return 'PRIVATE';
  if (RECORD_TYPES[uid]) return RECORD_TYPES[uid];
  if (!uid.startsWith(STORAGE)) return 'IMAGE';
  const suffix = uid.slice(STORAGE.length);
  if (RECORD_TYPES[suffix]) return RECORD_TYPES[suffix];
  let family = '';
  for (const key of Object.keys(RECORD_TYPES)) {
    if (key.endsWith('.') && suffix.startsWith(key) && key.length > family.length) family = key;
  }
  return family ? RECORD_TYPES[family] : 'IMAGE';
}

/** A class whose instances are documents (reports, notes, plans…) rather than images. */
export function isDocumentClass(uid: string): boolean {
  const type = recordTypeOf(uid);
  return type !== 'IMAGE' && type !== 'PRIVATE';
}
