// The optional PIN (docs/SPEC.md §3.2). The PIN is stretched with Argon2id into the salt of the
// content root, so the QR alone opens nothing; a proof derived from the content root lets the store
// count wrong PINs without ever being able to test one itself.

import { argon2id } from 'hash-wasm';
import { toBase64url, toHex, utf8 } from './bytes';
import { DisclessError } from './errors';
import { derivePinProof, derivePinSalt, deriveShareKeys, type ShareKeys } from './keys';

/** Argon2id parameters of version 1: 64 MiB, 3 passes, one lane, 32 bytes out. */
export const PIN_ARGON2 = { memorySize: 65_536, iterations: 3, parallelism: 1, hashLength: 32 } as const;
export const PIN_PATTERN = /^[0-9]{4,12}$/;

export class PinError extends DisclessError {
  constructor() {
    super('bad-pin', 'A PIN is 4 to 12 digits.');
  }
}

export function checkPin(pin: string): string {
  if (!PIN_PATTERN.test(pin)) throw new PinError();
  return pin;
}

/** P of SPEC §3: Argon2id(PIN, HKDF(S, "", "discless/v1/pin-salt", 16)). */
export async function stretchPin(secret: Uint8Array, pin: string): Promise<Uint8Array> {
  return argon2id({ ...PIN_ARGON2, password: utf8(checkPin(pin)), salt: await derivePinSalt(secret), outputType: 'binary' });
}

/** Lowercase hex SHA-256 of a token's ASCII text: how the store keeps owner tokens and PIN proofs. */
export async function tokenHash(token: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(token) as BufferSource)));
}

export interface PinnedKeys {
  keys: ShareKeys;
  /** base64url of the proof: sent to the store once, to unlock. */
  proof: string;
  /** tokenHash(proof): given to the store at creation. */
  verifier: string;
}

/** The share keys under a PIN, with the proof and verifier that go with them. */
export async function deriveKeysWithPin(secret: Uint8Array, pin: string): Promise<PinnedKeys> {
  const keys = await deriveShareKeys(secret, await stretchPin(secret, pin));
  const proof = toBase64url(await derivePinProof(keys));
  return { keys, proof, verifier: await tokenHash(proof) };
}

/** Six random digits, uniform (rejection sampling avoids the modulo bias of 2^32 % 10^6). */
export function generatePin(): string {
  const limit = Math.floor(2 ** 32 / 1e6) * 1e6;
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value < limit) return String(value % 1e6).padStart(6, '0');
  }
}
