import { DisclessError } from '../errors';

/** Stable codes: the UI maps them to icons and counts; messages are shown to hospital staff as-is. */
export type DicomErrorCode = 'not-dicom' | 'truncated' | 'malformed' | 'unsupported';

export class DicomError extends DisclessError {
  declare readonly code: DicomErrorCode;
  constructor(code: DicomErrorCode, message: string) {
    super(code, message);
  }
}
