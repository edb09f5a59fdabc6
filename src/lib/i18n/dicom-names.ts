// Names of DICOM things in the page's language: the plain words a patient reads for the kinds of
// objects a CD carries besides images. Classes without plain words keep the standard's English name
// (PS3.6), as DICOM values are shown as they are.

import { plainClass, standardClassName } from '$lib/core/dicom/sop-classes';
import type { DicomDocument } from '$lib/core/dicom/documents';
import type { PatientMessages } from './catalogue';
import { m } from './language.svelte';

export function sopClassLabel(uid: string): string {
  const plain = plainClass(uid);
  if (plain) return m[`sop_${plain}`]();
  return standardClassName(uid) ?? (uid ? m.sop_private({ uid }) : m.sop_unknown());
}

/** A document's own title, or else the name of its class. */
export function documentTitle(doc: Pick<DicomDocument, 'title' | 'sopClassUid'>): string {
  return doc.title || sopClassLabel(doc.sopClassUid);
}

type SkipReason = Extract<keyof PatientMessages, `skip_${string}`>;

/** Why a file of the disc is not shared as DICOM (the indexer's skip codes, core/dicom/errors.ts), in a few words. */
export function skipReason(code: string): string {
  const key = `skip_${code.replaceAll('-', '_')}`;
  return key in m ? m[key as SkipReason]() : code;
}

type DeidOption = Extract<keyof PatientMessages, `deid_option_${string}`>;

/**
 * What a de-identification option (its CID 7050 code, as in the manifest) did, in plain words; the
 * Basic Profile itself is said by the mark's own sentence. A code this viewer has no words for (from a
 * newer sender) is shown as the code.
 */
export function deidOption(code: string): string {
  const key = `deid_option_${code}`;
  return key in m ? m[key as DeidOption]() : code;
}
