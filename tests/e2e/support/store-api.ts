// Shares made straight through the store's HTTP API from Node, with the project's own key schedule,
// for viewer states a staff page cannot reach quickly (revoked, expired, locked). The store is the
// real one the e2e web server runs; nothing is mocked.

import { randomBytes } from 'node:crypto';
import { toBase64url } from '../../../src/lib/core/bytes';
import { deriveShareKeys } from '../../../src/lib/core/keys';
import { formatLink } from '../../../src/lib/core/link';
import { deriveKeysWithPin, tokenHash } from '../../../src/lib/core/pin';

export interface ApiShare {
  id: string;
  ownerToken: string;
  link: string;
}

export async function createApiShare(baseURL: string, options: { ttlSeconds?: number; pin?: string; commit?: boolean } = {}): Promise<ApiShare> {
  const secret = new Uint8Array(randomBytes(32));
  const pinned = options.pin ? await deriveKeysWithPin(secret, options.pin) : null;
  const keys = pinned?.keys ?? (await deriveShareKeys(secret));
  const ownerToken = toBase64url(new Uint8Array(randomBytes(32)));
  const body = {
    id: keys.shareIdHex,
    ownerTokenHash: await tokenHash(ownerToken),
    ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
    ...(pinned ? { pinVerifier: pinned.verifier } : {})
  };
  const created = await fetch(`${baseURL}/api/v1/shares`, { method: 'POST', body: JSON.stringify(body) });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`);
  if (options.commit) {
    // A placeholder manifest: these shares are for states reached before anything is decrypted.
    const put = await fetch(`${baseURL}/api/v1/shares/${keys.shareIdHex}/manifest`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ownerToken}` },
      body: new Uint8Array(100)
    });
    if (put.status !== 201) throw new Error(`manifest answered ${put.status}`);
  }
  return { id: keys.shareIdHex, ownerToken, link: formatLink(baseURL, secret) };
}
