// Per-instance reasons in words: the STOW-RS Warning and Failure Reason values (PS3.18 Tables I.2-1
// and I.2-2, ranges as the standard gives them) and the app's own findings, for the result list, in
// the page's language (messages `pacs_reason_*`); the code itself is shown as DICOM writes it.

import type { PatientMessages } from '../i18n/catalogue';

/** Outcomes the app finds itself, beside the server's numeric reasons. */
export type LocalReason =
  /** The server answered but did not list the instance, also when it was sent alone. */
  | 'not-confirmed'
  /** The server listed it as stored, but does not have it when asked afterwards (QIDO-RS). */
  | 'not-kept'
  /** One instance alone was larger than the server takes (413). */
  | 'too-large'
  /** The server failed (500) every time this instance was sent alone. */
  | 'server-error'
  /** The file failed its SHA-256 check when read from the share: it was not sent. */
  | 'damaged';

export type Reason = number | LocalReason | null;

/** "A900" for a DICOM code, the word itself for the app's own, '' for none: data-reason. */
export function reasonCode(reason: Reason): string {
  if (reason === null) return '';
  return typeof reason === 'number' ? reason.toString(16).toUpperCase().padStart(4, '0') : reason;
}

const LOCAL_REASONS = {
  'not-confirmed': 'pacs_reason_not_confirmed',
  'not-kept': 'pacs_reason_not_kept',
  'too-large': 'pacs_reason_too_large',
  'server-error': 'pacs_reason_server_error',
  damaged: 'pacs_reason_damaged'
} as const satisfies Record<LocalReason, keyof PatientMessages>;

const within = (code: number, from: number, to: number) => code >= from && code <= to;

export function describeReason(reason: Reason, t: PatientMessages): string {
  if (reason === null) return '';
  if (typeof reason === 'string') return t[LOCAL_REASONS[reason]]();
  const code = `0x${reasonCode(reason)}`;
  if (reason === 0xb000) return t.pacs_reason_changed({ code });
  if (reason === 0xb006) return t.pacs_reason_dropped({ code });
  if (reason === 0xb007) return t.pacs_reason_class_mismatch({ code });
  if (reason === 0x0110) return t.pacs_reason_processing({ code });
  if (reason === 0x0122) return t.pacs_reason_refused_class({ code });
  if (reason === 0xc122) return t.pacs_reason_refused_syntax({ code });
  if (within(reason, 0xa700, 0xa7ff)) return t.pacs_reason_resources({ code });
  if (within(reason, 0xa900, 0xa9ff)) return t.pacs_reason_data_mismatch({ code });
  if (within(reason, 0xc000, 0xcfff)) return t.pacs_reason_cannot_understand({ code });
  if (within(reason, 0xb000, 0xbfff)) return t.pacs_reason_warning({ code });
  return t.pacs_reason_other({ code });
}
