// The one place where error codes become words. Staff and patients see a title, a sentence saying
// what happened and what to do next; the code stays on the element for support and for tests.

export interface PresentedError {
  code: string;
  title: string;
  message: string;
}

const DAMAGED = {
  title: 'The images are damaged',
  message: 'Part of this share could not be read correctly. Ask the clinic that gave you the code to share the study again.'
};

const TEXT: Record<string, { title: string; message: string }> = {
  'not-found': {
    title: 'This code does not lead to a study',
    message: 'The study may have been removed, or the link is incomplete. Scan the code again, or ask the clinic for a new one.'
  },
  expired: {
    title: 'This link has expired',
    message: 'Shared studies are kept only for a limited time. Ask the clinic that gave you the code for a new one.'
  },
  revoked: {
    title: 'This share was withdrawn',
    message: 'The clinic has stopped sharing this study. Ask them for a new code if you still need it.'
  },
  'wrong-pin': {
    title: 'That PIN is not right',
    message: 'Check the PIN the clinic gave you with the code and type it again.'
  },
  'bad-pin': {
    title: 'A PIN is 4 to 12 digits',
    message: 'Type only the digits of the PIN the clinic gave you.'
  },
  locked: {
    title: 'This share is locked',
    message: 'The PIN was typed wrongly too many times, so the images were deleted to protect them. Ask the clinic to share the study again.'
  },
  'limit-reached': {
    title: 'This link has been used up',
    message: 'It could be opened only a limited number of times. Ask the clinic that gave you the code for a new one.'
  },
  'upload-key': {
    title: 'This device has no valid upload key',
    message: 'The storage server only accepts studies from registered devices. Enter the upload key from IT on the settings page.'
  },
  'bad-upload-key': {
    title: 'This is not an upload key',
    message: 'An upload key is at least 16 letters, digits, dots, dashes or underscores. Copy it again from IT.'
  },
  'too-many-objects': {
    title: 'This study is too large to share',
    message: 'Leave out some series, or ask IT to raise the storage limit.'
  },
  'not-ready': {
    title: 'This study is still being uploaded',
    message: 'Try again in a few minutes.'
  },
  offline: {
    title: 'No connection',
    message: 'The storage server cannot be reached. Check the internet connection and try again.'
  },
  'download-stopped': {
    title: 'The download did not finish',
    message: 'It was stopped before the whole file was saved. Press the download button again.'
  },
  'store-down': {
    title: 'The storage server is not answering',
    message: 'Nothing has been lost. Try again in a few minutes; if it keeps failing, call the IT help desk.'
  },
  'disk-full': {
    title: 'This computer\'s disk is full',
    message: 'Free some space (or call the IT help desk), then press "Continue upload": the parts already sent are kept.'
  },
  'too-large': {
    title: 'This study is too large to share',
    message: 'Leave out some series, or ask IT to raise the storage limit.'
  },
  'share-too-large': {
    title: 'This study is too large to share',
    message: 'Leave out some series, or ask IT to raise the storage limit.'
  },
  unauthorized: {
    title: 'This device may not upload',
    message: 'The storage server refused the upload. Ask IT for this device\'s upload key.'
  },
  'bad-link': {
    title: 'This link is incomplete',
    message: 'Scan the code again, or type the whole link. The part after the # sign must be complete.'
  },
  'unsupported-version': {
    title: 'This link needs a newer viewer',
    message: 'Reload the page; if it still fails, ask the clinic which address to use.'
  },
  'wrong-key': {
    title: 'The link does not open this study',
    message: 'The code may have been copied wrongly. Scan the printed code again.'
  },
  'file-changed': {
    title: 'A file changed during sharing',
    message: 'Pick the folder again and share once more.'
  },
  'file-missing': {
    title: 'A file is no longer available',
    message: 'Pick the folder again and share once more.'
  },
  unsupported: {
    title: 'This image type cannot be shown yet',
    message: 'You can still download the original files and open them in another viewer.'
  },
  'no-dicom': {
    title: 'No DICOM images found',
    message: 'None of the files picked is a DICOM image. Pick the folder of the CD that holds the images.'
  },
  'camera-denied': {
    title: 'The camera is blocked',
    message: 'Allow this page to use the camera (the camera icon in the address bar), then press Start again.'
  },
  'no-camera': {
    title: 'No camera found',
    message: 'Connect a webcam and press Start again, or type the link from the label into the address bar.'
  },
  'not-a-share-link': {
    title: 'This is not a Discless code',
    message: 'Hold the code printed on the patient\'s Discless label in front of the camera.'
  },
  'bad-zip': {
    title: 'The zip file cannot be opened',
    message: 'It may be damaged, password-protected or not a CD. Unzip it on this computer and pick the folder instead.'
  },
  'resume-mismatch': {
    title: 'These are not the same files',
    message: 'To continue the interrupted upload, pick the same folder or CD as before. To share these files instead, start a new share.'
  },
  'storage-full': {
    title: 'No room left on this device',
    message: 'The images can still be viewed now, but they cannot be kept for offline viewing. Free some space or remove other studies.'
  },
  'pacs-bad-url': {
    title: 'This is not a PACS address this page can use',
    message: 'Type the DICOMweb address of the PACS, starting with https:// (for example https://pacs.example.org/dicom-web). Plain http works only for a PACS on this computer.'
  },
  'pacs-unreachable': {
    title: 'The PACS does not answer',
    message: 'Nothing answered at that address. Check the address and that this computer can reach the PACS (network, VPN).'
  },
  'pacs-cors': {
    title: 'The PACS does not accept requests from this site',
    message: 'The server is there, but its CORS settings do not allow this site. Ask the PACS administrator to allow it (Discless deployment guide, "Receiving into your PACS").'
  },
  'pacs-unauthorized': {
    title: 'The PACS did not accept the login',
    message: 'Check the user name and password, or the token, and try again.'
  },
  'pacs-forbidden': {
    title: 'This login may not store studies in the PACS',
    message: 'The PACS knows the login but refuses it here. Ask the PACS administrator for one that may store studies (STOW-RS).'
  },
  'pacs-not-dicomweb': {
    title: 'This address is not a DICOMweb service',
    message: 'Something answers there, but not as DICOMweb. Check the address: it often ends in /dicom-web or /rs.'
  },
  'pacs-unsupported': {
    title: 'The PACS does not accept DICOM files this way',
    message: 'It refused the format of the request. Ask the PACS administrator whether storing by DICOMweb (STOW-RS) is turned on.'
  },
  'pacs-too-large': {
    title: 'The files are too large for the PACS',
    message: 'The PACS refused even a single file. Ask the PACS administrator to accept larger requests.'
  },
  'pacs-server-error': {
    title: 'The PACS reported an error',
    message: 'Try again later; if it keeps happening, tell the PACS administrator.'
  },
  'pacs-busy': {
    title: 'The PACS is not answering right now',
    message: 'Sending is paused and tries again by itself. What the PACS already confirmed is kept.'
  },
  'pacs-bad-answer': {
    title: 'The PACS answered something unexpected',
    message: 'Its answer was not a DICOMweb store report. Check the address, or tell the PACS administrator.'
  },
  internal: {
    title: 'Something went wrong',
    message: 'Reload the page and try again. If it happens again, tell the IT help desk.'
  }
};

for (const code of ['damaged', 'tampered', 'truncated', 'trailing-data', 'reordered', 'duplicated', 'bad-header', 'wrong-share', 'wrong-object', 'bad-manifest']) {
  TEXT[code] = DAMAGED;
}

export function presentError(error: unknown): PresentedError {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : 'internal';
  const text = TEXT[code] ?? TEXT.internal;
  // Which image is damaged, or which kind of image cannot be shown, is worth telling the clinic.
  // So is what a PACS said: its status and message help its administrator.
  const detail = error instanceof Error && (code === 'damaged' || code === 'unsupported' || code.startsWith('pacs-')) ? ` (${error.message})` : '';
  return { code, title: text.title, message: text.message + detail + attemptsLeft(error) };
}

/** After a wrong PIN, how many tries remain before the share locks for good. */
export function attemptsLeft(error: unknown): string {
  const left = (error as { code?: unknown; attemptsLeft?: unknown } | null)?.attemptsLeft;
  if ((error as { code?: unknown }).code !== 'wrong-pin' || typeof left !== 'number') return '';
  return left === 1 ? ' One try left: after one more wrong PIN the share locks for good.' : ` ${left} tries left.`;
}
