// Which DICOMDIR record type (PS3.3 F.5, Table F.4-1) lists an instance of a given SOP class.
// Importers find instances through these records, so a wrong type hides a file from them; classes
// with no record type here are exported but left out of the DICOMDIR (README.TXT says so).

const ROOT = '1.2.840.10008.5.1.4.1.1.';

/** A class suffix after the storage root; one ending in '.' is a family, and exact classes win. */
const BY_PREFIX: [string, string][] = [
  ['88.59', 'KEY OBJECT DOC'],
  ['88.', 'SR DOCUMENT'],
  ['104.', 'ENCAP DOC'],
  ['11.', 'PRESENTATION'],
  ['9.', 'WAVEFORM'],
  ['481.2', 'RT DOSE'],
  ['481.3', 'RT STRUCTURE SET'],
  ['481.5', 'RT PLAN'],
  ['481.8', 'RT PLAN'],
  ['481.4', 'RT TREAT RECORD'],
  ['481.6', 'RT TREAT RECORD'],
  ['481.7', 'RT TREAT RECORD'],
  ['481.9', 'RT TREAT RECORD'],
  ['4.2', 'SPECTROSCOPY'],
  ['66.1', 'REGISTRATION'],
  ['66.3', 'REGISTRATION'],
  ['66.2', 'FIDUCIAL'],
  ['66', 'RAW DATA']
];

/** The record type for an instance, or null when the DICOMDIR has no place for it. */
export function recordTypeOf(sopClassUid: string, hasPixels: boolean): string | null {
  if (sopClassUid.startsWith(ROOT)) {
    const suffix = sopClassUid.slice(ROOT.length);
    const match =
      BY_PREFIX.find(([p]) => suffix === p) ?? BY_PREFIX.find(([p]) => p.endsWith('.') && suffix.startsWith(p));
    if (match) return match[1];
  }
  return hasPixels ? 'IMAGE' : null;
}
