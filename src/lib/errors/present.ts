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
  'not-ready': {
    title: 'This study is still being uploaded',
    message: 'Try again in a few minutes.'
  },
  offline: {
    title: 'No connection',
    message: 'The storage server cannot be reached. Check the internet connection and try again.'
  },
  'store-down': {
    title: 'The storage server is not answering',
    message: 'Nothing has been lost. Try again in a few minutes; if it keeps failing, call the IT help desk.'
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
  'bad-zip': {
    title: 'The zip file cannot be opened',
    message: 'It may be damaged, password-protected or not a CD. Unzip it on this computer and pick the folder instead.'
  },
  'resume-mismatch': {
    title: 'These are not the same files',
    message: 'To continue the interrupted upload, pick the same folder or CD as before. To share these files instead, start a new share.'
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
  const detail = error instanceof Error && code === 'damaged' ? ` (${error.message})` : '';
  return { code, title: text.title, message: text.message + detail };
}
