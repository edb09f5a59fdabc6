// Per-instance reasons in words: the STOW-RS Warning and Failure Reason values (PS3.18 Tables I.2-1
// and I.2-2, ranges as the standard gives them) and the app's own findings, for the result list.

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

const within = (code: number, from: number, to: number) => code >= from && code <= to;

export function describeReason(reason: Reason): string {
  if (reason === null) return '';
  if (typeof reason === 'string') {
    return {
      'not-confirmed': 'The PACS did not confirm storing it (it was not in the answer, also when sent alone).',
      'not-kept': 'The PACS said it stored it, but does not list it afterwards: it may have filtered it out.',
      'too-large': 'The file alone is larger than the PACS accepts in one request.',
      'server-error': 'The PACS failed every time it was given this file.',
      damaged: 'The file is damaged in the share (its checksum does not match), so it was not sent.'
    }[reason];
  }
  const code = `0x${reasonCode(reason)}`;
  if (reason === 0xb000) return `Stored, but the PACS changed some of its data elements (${code}).`;
  if (reason === 0xb006) return `Stored, but the PACS dropped some of its data elements (${code}).`;
  if (reason === 0xb007) return `Stored, though it does not match its SOP class (${code}).`;
  if (reason === 0x0110) return `The PACS failed to process it (${code}).`;
  if (reason === 0x0122) return `The PACS does not accept this kind of object (SOP class) (${code}).`;
  if (reason === 0xc122) return `The PACS does not accept its transfer syntax (${code}).`;
  if (within(reason, 0xa700, 0xa7ff)) return `The PACS is out of resources (${code}).`;
  if (within(reason, 0xa900, 0xa9ff)) return `The data does not match its SOP class (${code}).`;
  if (within(reason, 0xc000, 0xcfff)) return `The PACS cannot understand it (${code}).`;
  if (within(reason, 0xb000, 0xbfff)) return `Stored with a warning (${code}).`;
  return `The PACS gave reason ${code}.`;
}
