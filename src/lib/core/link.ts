// The share link (docs/SPEC.md §2): `<origin>/v#1<secret>`. The secret rides only in the fragment,
// which browsers never send to a server; the version character lets a later format coexist.

import { fromBase64url, toBase64url } from './bytes';
import { LinkError } from './errors';
import { SECRET_BYTES } from './keys';

export const LINK_VERSION = '1';
export const VIEWER_PATH = '/v';
const SECRET_CHARS = 43; // 32 bytes in unpadded base64url

export function formatFragment(secret: Uint8Array): string {
  if (secret.length !== SECRET_BYTES) throw new RangeError('share secret must be 32 bytes');
  return LINK_VERSION + toBase64url(secret);
}

export function formatLink(origin: string, secret: Uint8Array): string {
  return `${origin.replace(/\/+$/, '')}${VIEWER_PATH}#${formatFragment(secret)}`;
}

/** Accepts a fragment with or without '#', so `location.hash` can be passed as is. */
export function parseFragment(fragment: string): Uint8Array {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (body.length === 0) throw new LinkError('bad-link', 'This link has no key in it. Scan the code again.');
  if (body[0] !== LINK_VERSION) {
    throw new LinkError('unsupported-version', 'This link was made by a newer version of Discless.');
  }
  const text = body.slice(1);
  if (text.length !== SECRET_CHARS) {
    throw new LinkError('bad-link', 'This link is incomplete. Scan the code again or type it in full.');
  }
  try {
    return fromBase64url(text);
  } catch {
    throw new LinkError('bad-link', 'This link is damaged. Scan the code again.');
  }
}

export function parseLink(link: string): Uint8Array {
  const at = link.indexOf('#');
  if (at < 0) throw new LinkError('bad-link', 'This link has no key in it. Scan the code again.');
  return parseFragment(link.slice(at));
}

/**
 * A scanned code is followed only if it is a share link of this very app: a QR code is untrusted
 * input, and opening any address it holds would make the scanner an open redirect.
 */
export function acceptScannedLink(text: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new LinkError('not-a-share-link', 'This code is not a Discless link.');
  }
  if (url.origin !== origin || url.pathname !== VIEWER_PATH || url.search !== '') {
    throw new LinkError('not-a-share-link', 'This code is not a link to images shared with this service.');
  }
  parseFragment(url.hash);
  return url.href;
}
