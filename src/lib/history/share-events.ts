// How a share's history record follows its upload: the sharing pipeline's events (create-share.ts)
// fill in the secret, the stored objects' salts and the files' hashes, and a continued upload starts
// from what the record holds. The staff page (UploadJob) and the command line (src/cli) keep their
// records the same way, in IndexedDB and in a file.

import type { StudyIndex } from '../core/dicom/study-index';
import type { StaffMessages } from '../i18n/catalogue';
import { printDetails } from '../sender/handout';
import type { ResumePoint, ShareEvent } from '../share/create-share';
import type { ShareRecord } from './history';
import { initials } from './status';

/** What the sender chose for a new share, besides the files of `index` (already selected). */
export interface NewShare {
  label: string;
  ttlSeconds: number;
  pin?: string;
  excluded: string[];
  excludedDocuments: string[];
  otherFiles: boolean;
  /** A de-identified share (see ShareRecord.deid): its label and initials show the pseudonym. */
  deid?: ShareRecord['deid'];
}

/**
 * The history record of a share about to be uploaded; the pipeline's events fill in the rest.
 * `t` counts several patients in the history's words (the staff page's, or the command line's English).
 */
export function newShareRecord(index: StudyIndex, choices: NewShare, t: Pick<StaffMessages, 'patients_count'>): ShareRecord {
  const several = index.patients.length > 1;
  return {
    shareId: '',
    initials: choices.deid
      ? initials(choices.deid.pseudonym)
      : several
        ? t.patients_count({ count: index.patients.length })
        : initials(index.patients[0]?.name ?? ''),
    print: printDetails(index, choices.deid?.pseudonym),
    created: new Date().toISOString(),
    expiresAt: '',
    bytes: index.totalBytes,
    fileCount: index.files.length + index.carried.length,
    local: 'uploading',
    link: '',
    secret: '',
    ownerToken: '',
    files: [],
    salts: [],
    sha256: [],
    ...choices
  };
}

/** Applies a pipeline event to the record; true when the record should be saved now. */
export function recordShareEvent(r: ShareRecord, e: ShareEvent): boolean {
  switch (e.type) {
    case 'started':
      Object.assign(r, { shareId: e.shareId, link: e.link, secret: e.secret, ownerToken: e.ownerToken, expiresAt: e.expiresAt, files: e.files });
      if (r.salts.length !== e.objectCount) r.salts = new Array(e.objectCount).fill(null);
      if (r.sha256.length !== e.files.length) r.sha256 = new Array(e.files.length).fill(null);
      return true;
    case 'object':
      r.salts[e.n] = e.salt;
      return true;
    case 'file':
      r.sha256[e.i] = e.sha256;
      return false;
    default:
      return false;
  }
}

/** Where a continued upload starts: nothing before the store accepted the share (no secret yet). */
export function resumePoint(r: ShareRecord): ResumePoint | undefined {
  if (!r.secret) return undefined;
  return { secret: r.secret, ownerToken: r.ownerToken, expiresAt: r.expiresAt, salts: r.salts, sha256: r.sha256, pin: r.pin };
}
