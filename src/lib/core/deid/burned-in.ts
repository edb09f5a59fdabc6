// Which files may show the patient in their pixels, which no attribute rule can clean: PS3.15 leaves
// that to the Clean Pixel Data option, which this app does not implement (pixels are never changed).
// Such images are left out of a de-identified share unless staff look and include them one by one.

import type { IndexedFile } from '../dicom/index-file';

/** Modalities whose images usually carry burned-in text: ultrasound, secondary capture and "other",
 *  angiography, external cameras and endoscopy, scanned documents. */
const LIKELY_MODALITIES = new Set(['US', 'IVUS', 'SC', 'OT', 'XA', 'RF', 'XC', 'ES', 'DOC']);
/** Secondary Capture classes (1.2.840.10008.5.1.4.1.1.7 and its multi-frame kin): screenshots, scans. */
const SECONDARY_CAPTURE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.7(\.|$)/;
/** Encapsulated documents (PDF, CDA, 3D models): their content is not pixels, and Table E.1-1 gives
 *  Encapsulated Document (0042,0011) the action D, a dummy value. */
const ENCAPSULATED = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.104\./;

/**
 * Why a file cannot go de-identified as it is: 'image' when its pixels may show the patient's name
 * (Burned In Annotation (0028,0301) YES, or absent on a modality that usually burns text in),
 * 'document' for an encapsulated document, whose content the profile replaces, so it is left out.
 * `burnedIn` is the file's (0028,0301) value, '' when absent.
 */
export function burnedInRisk(file: Pick<IndexedFile, 'kind' | 'sopClassUid' | 'series'>, burnedIn: string): 'image' | 'document' | null {
  if (ENCAPSULATED.test(file.sopClassUid)) return 'document';
  if (file.kind !== 'image' || burnedIn === 'NO') return null;
  if (burnedIn === 'YES') return 'image';
  return LIKELY_MODALITIES.has(file.series.modality) || SECONDARY_CAPTURE.test(file.sopClassUid) ? 'image' : null;
}
