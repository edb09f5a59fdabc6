// The key schedule (docs/SPEC.md §3). Everything derives from the 32-byte share secret with
// HKDF-SHA256 under fixed labels, so the link alone is enough to find and open a share.

import { concat, toHex, u32be, utf8 } from './bytes';

export const SECRET_BYTES = 32;
export const SHARE_ID_BYTES = 16;
export const SALT_BYTES = 16;
export const KEY_CHECK_BYTES = 32;
export const MANIFEST_INDEX = 0xffffffff;

const LABEL_SHARE_ID = 'discless/v1/share-id';
const LABEL_CONTENT_ROOT = 'discless/v1/content-root';
const LABEL_OBJECT = 'discless/v1/object';
const LABEL_MANIFEST = 'discless/v1/manifest';
const LABEL_KEY_CHECK = 'discless/v1/key-check';
const LABEL_PIN_SALT = 'discless/v1/pin-salt';
const LABEL_PIN_PROOF = 'discless/v1/pin-proof';
export const PIN_SALT_BYTES = 16;

export type ObjectRef = { kind: 'object'; index: number } | { kind: 'manifest' };

export interface ShareKeys {
  /** The id the store knows the share by; reveals nothing about the secret. */
  readonly shareId: Uint8Array;
  readonly shareIdHex: string;
  /** HKDF key for the content root: the only input to per-object keys. */
  readonly contentRoot: CryptoKey;
  /**
   * Written into every header: commits to the content root, so a wrong secret or PIN is told apart
   * from damaged data before any record is tried (AES-GCM alone is not key-committing).
   */
  readonly keyCheck: Uint8Array;
}

async function hkdf(ikm: CryptoKey, salt: Uint8Array, info: Uint8Array, bytes: number) {
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as BufferSource, info: info as BufferSource },
    ikm,
    bytes * 8
  );
  return new Uint8Array(bits);
}

function importHkdf(material: Uint8Array) {
  return crypto.subtle.importKey('raw', material as BufferSource, 'HKDF', false, ['deriveBits']);
}

/**
 * `pinKey` (SPEC §3.2, from core/pin.ts) becomes the HKDF salt of the content root, so the share id
 * (which the store must see) never depends on the PIN but every content key does.
 */
export async function deriveShareKeys(
  secret: Uint8Array,
  pinKey: Uint8Array = new Uint8Array(0)
): Promise<ShareKeys> {
  if (secret.length !== SECRET_BYTES) throw new RangeError('share secret must be 32 bytes');
  const root = await importHkdf(secret);
  const shareId = await hkdf(root, new Uint8Array(0), utf8(LABEL_SHARE_ID), SHARE_ID_BYTES);
  const contentRoot = await importHkdf(await hkdf(root, pinKey, utf8(LABEL_CONTENT_ROOT), 32));
  const keyCheck = await hkdf(contentRoot, new Uint8Array(0), utf8(LABEL_KEY_CHECK), KEY_CHECK_BYTES);
  return { shareId, shareIdHex: toHex(shareId), contentRoot, keyCheck };
}

export function refIndex(ref: ObjectRef): number {
  return ref.kind === 'manifest' ? MANIFEST_INDEX : ref.index;
}

function objectInfo(ref: ObjectRef): Uint8Array {
  return ref.kind === 'manifest' ? utf8(LABEL_MANIFEST) : concat(utf8(LABEL_OBJECT), u32be(ref.index));
}

/** A fresh salt per encryption gives a fresh key, so a re-encrypted object never reuses a nonce. */
export async function deriveObjectKey(keys: ShareKeys, ref: ObjectRef, salt: Uint8Array): Promise<CryptoKey> {
  if (salt.length !== SALT_BYTES) throw new RangeError('object salt must be 16 bytes');
  const raw = await hkdf(keys.contentRoot, salt, objectInfo(ref), 32);
  return crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** The Argon2id salt of the PIN (SPEC §3.2): per share, and known only to holders of the link. */
export async function derivePinSalt(secret: Uint8Array): Promise<Uint8Array> {
  return hkdf(await importHkdf(secret), new Uint8Array(0), utf8(LABEL_PIN_SALT), PIN_SALT_BYTES);
}

/**
 * What a reader shows the store to get a read token (SPEC §3.2). It derives from the content root,
 * so it needs both the secret and the PIN, and it reveals neither.
 */
export async function derivePinProof(keys: ShareKeys): Promise<Uint8Array> {
  return hkdf(keys.contentRoot, new Uint8Array(0), utf8(LABEL_PIN_PROOF), 32);
}
