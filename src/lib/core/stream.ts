// The chunked AEAD stream (docs/SPEC.md §4): a 76-byte header, then AES-256-GCM records of a fixed
// plaintext size, nonce = 88-bit record counter ‖ last-record flag, header as additional data.
// Any record opens on its own, so one image can be read with an HTTP Range request.

import { concat, equalBytes, randomBytes, u32be } from './bytes';
import { EnvelopeError } from './errors';
import {
  deriveObjectKey,
  KEY_CHECK_BYTES,
  refIndex,
  SALT_BYTES,
  SHARE_ID_BYTES,
  type ObjectRef,
  type ShareKeys
} from './keys';

export const MAGIC = Uint8Array.of(0x44, 0x53, 0x43, 0x4c); // "DSCL"
export const VERSION = 1;
export const HEADER_SIZE = 8 + SHARE_ID_BYTES + 4 + SALT_BYTES + KEY_CHECK_BYTES;
export const TAG_SIZE = 16;
/** 256 KiB: the fastest WebCrypto record size measured here (docs/SPEC.md §4.1). */
export const RECORD_SIZE_EXPONENT = 18;
export const RECORD_SIZE = 1 << RECORD_SIZE_EXPONENT;
const MIN_EXPONENT = 16;
const MAX_EXPONENT = 22;
/** Bounds the search for where a misplaced record belongs; it only runs after a failure. */
const DIAGNOSE_WINDOW = 256;

const KIND_BYTE = { object: 1, manifest: 2 } as const;

export function nonce(counter: number, last: boolean): Uint8Array {
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  view.setUint32(3, Math.floor(counter / 2 ** 32));
  view.setUint32(7, counter >>> 0);
  out[11] = last ? 1 : 0;
  return out;
}

export function recordCount(plainSize: number, recordSize = RECORD_SIZE): number {
  return Math.max(1, Math.ceil(plainSize / recordSize));
}

export function cipherSize(plainSize: number, recordSize = RECORD_SIZE): number {
  return HEADER_SIZE + plainSize + recordCount(plainSize, recordSize) * TAG_SIZE;
}

/** The ciphertext byte range [start, end) holding plaintext [offset, offset + length). */
export function recordSpan(offset: number, length: number, plainSize: number, recordSize = RECORD_SIZE) {
  const first = Math.floor(offset / recordSize);
  const last = Math.max(first, Math.floor((offset + length - 1) / recordSize));
  const start = HEADER_SIZE + first * (recordSize + TAG_SIZE);
  const end = Math.min(HEADER_SIZE + (last + 1) * (recordSize + TAG_SIZE), cipherSize(plainSize, recordSize));
  return { first, last, start, end, isFinal: last === recordCount(plainSize, recordSize) - 1 };
}

/** The header is a function of the keys, the ref and the salt: a reader rebuilds it from the manifest. */
export function buildHeader(keys: ShareKeys, ref: ObjectRef, salt: Uint8Array, exponent: number): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE);
  header.set(MAGIC, 0);
  header[4] = VERSION;
  header[5] = KIND_BYTE[ref.kind];
  header[6] = exponent;
  header.set(keys.shareId, 8);
  header.set(u32be(refIndex(ref)), 24);
  header.set(salt, 28);
  header.set(keys.keyCheck, 44);
  return header;
}

async function gcm(op: 'encrypt' | 'decrypt', key: CryptoKey, iv: Uint8Array, ad: Uint8Array, data: Uint8Array) {
  const params = { name: 'AES-GCM', iv: iv as BufferSource, additionalData: ad as BufferSource };
  return new Uint8Array(await crypto.subtle[op](params, key, data as BufferSource));
}

/** Encrypts one object record by record; enforces the record sizes and order the reader expects. */
export class StreamSealer {
  private counter = 0;
  private finished = false;

  private constructor(
    readonly header: Uint8Array,
    readonly recordSize: number,
    private readonly key: CryptoKey
  ) {}

  static async create(keys: ShareKeys, ref: ObjectRef, options: { salt?: Uint8Array; exponent?: number } = {}) {
    const salt = options.salt ?? randomBytes(SALT_BYTES);
    const exponent = options.exponent ?? RECORD_SIZE_EXPONENT;
    const key = await deriveObjectKey(keys, ref, salt);
    return new StreamSealer(buildHeader(keys, ref, salt, exponent), 1 << exponent, key);
  }

  get salt(): Uint8Array {
    return this.header.slice(28, 28 + SALT_BYTES);
  }

  /**
   * A non-final record holds exactly recordSize bytes; the final one 1..recordSize (0 only if alone).
   * The record's number is taken when this is called, so several calls may be under way at once
   * (each its own nonce); their results come out in the order of the calls.
   */
  seal(plain: Uint8Array, last: boolean): Promise<Uint8Array> {
    if (this.finished) return Promise.reject(new Error('stream already finished'));
    const okSize = last
      ? plain.length <= this.recordSize && (plain.length > 0 || this.counter === 0)
      : plain.length === this.recordSize;
    if (!okSize) return Promise.reject(new RangeError(`record ${this.counter} has ${plain.length} bytes`));
    const counter = this.counter++;
    this.finished = last;
    return gcm('encrypt', this.key, nonce(counter, last), this.header, plain);
  }
}

/** A checked header and its key: opens records, and explains failures with a precise code. */
export class StreamOpener {
  private constructor(
    readonly header: Uint8Array,
    readonly recordSize: number,
    private readonly key: CryptoKey
  ) {}

  static async open(keys: ShareKeys, ref: ObjectRef, header: Uint8Array): Promise<StreamOpener> {
    if (header.length < HEADER_SIZE) {
      const prefix = Math.min(header.length, MAGIC.length);
      if (equalBytes(header.subarray(0, prefix), MAGIC.subarray(0, prefix))) {
        throw new EnvelopeError('truncated', 'The data ends inside its header.');
      }
      throw new EnvelopeError('bad-header', 'This is not Discless encrypted data.');
    }
    if (!equalBytes(header.subarray(0, 4), MAGIC)) throw new EnvelopeError('bad-header', 'This is not Discless encrypted data.');
    if (header[4] !== VERSION) throw new EnvelopeError('bad-header', `Unsupported envelope version ${header[4]}.`);
    const exponent = header[6];
    if (header[7] !== 0 || exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
      throw new EnvelopeError('bad-header', 'The envelope header is malformed.');
    }
    if (!equalBytes(header.subarray(8, 24), keys.shareId)) {
      throw new EnvelopeError('wrong-share', 'This data belongs to another share.');
    }
    const index = new DataView(header.buffer, header.byteOffset).getUint32(24);
    if (header[5] !== KIND_BYTE[ref.kind] || index !== refIndex(ref)) {
      throw new EnvelopeError('wrong-object', 'This data belongs to another part of the share.');
    }
    if (!equalBytes(header.subarray(44, HEADER_SIZE), keys.keyCheck)) {
      throw new EnvelopeError('wrong-key', 'The key does not open this share.');
    }
    const own = header.slice(0, HEADER_SIZE);
    const key = await deriveObjectKey(keys, ref, own.slice(28, 28 + SALT_BYTES));
    return new StreamOpener(own, 1 << exponent, key);
  }

  /** Returns null instead of throwing: the diagnosis below tries many hypotheses. */
  async tryRecord(counter: number, ciphertext: Uint8Array, last: boolean): Promise<Uint8Array | null> {
    try {
      return await gcm('decrypt', this.key, nonce(counter, last), this.header, ciphertext);
    } catch {
      return null;
    }
  }

  /**
   * Opens record `counter`. `sequential` says every earlier record was already opened in order,
   * which lets a record that belongs earlier be called a duplicate rather than misplaced.
   */
  async openRecord(
    counter: number,
    ciphertext: Uint8Array,
    last: boolean,
    options: { sequential?: boolean; siblings?: () => Promise<StreamOpener[]> } = {}
  ): Promise<Uint8Array> {
    if (ciphertext.length < TAG_SIZE) throw new EnvelopeError('truncated', 'The data ends inside a record.');
    const plain = await this.tryRecord(counter, ciphertext, last);
    if (plain) {
      if (last && plain.length === 0 && counter > 0) {
        throw new EnvelopeError('trailing-data', 'An empty record follows the end of the data.');
      }
      return plain;
    }
    throw await this.diagnose(counter, ciphertext, last, options.sequential ?? false, options.siblings);
  }

  private async diagnose(
    counter: number,
    ciphertext: Uint8Array,
    last: boolean,
    sequential: boolean,
    siblings?: () => Promise<StreamOpener[]>
  ): Promise<EnvelopeError> {
    if (await this.tryRecord(counter, ciphertext, !last)) {
      return last
        ? new EnvelopeError('truncated', 'The data stops before its final record.')
        : new EnvelopeError('trailing-data', 'More data follows the final record.');
    }
    for (let other = 0; other < counter + DIAGNOSE_WINDOW; other++) {
      if (other === counter) continue;
      for (const flag of [false, true]) {
        if (await this.tryRecord(other, ciphertext, flag)) {
          return sequential && other < counter
            ? new EnvelopeError('duplicated', `Record ${counter} repeats record ${other}.`)
            : new EnvelopeError('reordered', `Record ${counter} is out of order (it belongs at ${other}).`);
        }
      }
    }
    for (const sibling of (await siblings?.()) ?? []) {
      for (const flag of [last, !last]) {
        if (await sibling.tryRecord(counter, ciphertext, flag)) {
          return new EnvelopeError('wrong-object', `Record ${counter} belongs to another part of the share.`);
        }
      }
    }
    return new EnvelopeError('tampered', `Record ${counter} has been altered or damaged.`);
  }
}

/**
 * Opens a whole object. With `expectedSize` (from the manifest) a short or long object is named
 * before any record is tried; without it, the last-record flag still catches a cut at a record edge.
 */
export async function openAll(
  keys: ShareKeys,
  ref: ObjectRef,
  data: Uint8Array,
  options: { expectedSize?: number; siblings?: () => Promise<StreamOpener[]> } = {}
): Promise<Uint8Array> {
  const opener = await StreamOpener.open(keys, ref, data.subarray(0, HEADER_SIZE));
  const stride = opener.recordSize + TAG_SIZE;
  if (options.expectedSize !== undefined) {
    const expected = cipherSize(options.expectedSize, opener.recordSize);
    if (data.length < expected) throw new EnvelopeError('truncated', 'The data is shorter than the share says.');
    if (data.length > expected) throw new EnvelopeError('trailing-data', 'The data is longer than the share says.');
  }
  const body = data.subarray(HEADER_SIZE);
  if (body.length === 0) throw new EnvelopeError('truncated', 'The data has no records.');
  const count = Math.ceil(body.length / stride);
  if (body.length - (count - 1) * stride < TAG_SIZE) throw new EnvelopeError('truncated', 'The data ends inside a record.');
  const out = new Uint8Array(body.length - count * TAG_SIZE);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const record = body.subarray(i * stride, Math.min((i + 1) * stride, body.length));
    const plain = await opener.openRecord(i, record, i === count - 1, { sequential: true, siblings: options.siblings });
    out.set(plain, at);
    at += plain.length;
  }
  return out;
}

/** Encrypts a buffer that is already in memory (the manifest, tests and vectors). */
export async function sealAll(
  keys: ShareKeys,
  ref: ObjectRef,
  plain: Uint8Array,
  options: { salt?: Uint8Array; exponent?: number } = {}
): Promise<Uint8Array> {
  const sealer = await StreamSealer.create(keys, ref, options);
  const size = sealer.recordSize;
  const count = recordCount(plain.length, size);
  const parts = [sealer.header];
  for (let i = 0; i < count; i++) {
    parts.push(await sealer.seal(plain.subarray(i * size, (i + 1) * size), i === count - 1));
  }
  return concat(...parts);
}
