import { DisclessError } from '../errors';

/** Stable codes: the UI maps them to icons and counts; messages are shown to hospital staff as-is. */
export type DicomErrorCode = 'not-dicom' | 'truncated' | 'malformed' | 'unsupported';

export class DicomError extends DisclessError {
  declare readonly code: DicomErrorCode;
  constructor(code: DicomErrorCode, message: string) {
    super(code, message);
  }
}

/** A few words for why a file is not shared as DICOM, by skip code (DicomErrorCode or 'unreadable'). */
export const SKIP_REASONS: Readonly<Record<string, string>> = {
  truncated: 'damaged (cut short)',
  malformed: 'damaged (cannot be read)',
  unsupported: 'in an encoding this app cannot read',
  unreadable: 'could not be read from the disc or folder',
  'not-dicom': 'not DICOM'
};
