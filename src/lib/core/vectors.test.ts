// Runs docs/vectors/envelope.json, the conformance vectors of docs/SPEC.md. The vectors are made by
// this same file (UPDATE_VECTORS=1 npx vitest run src/lib/core/vectors.test.ts) from the fixed
// definitions below; without the variable it checks that the committed file still matches the code.

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromBase64url, fromHex, toBase64url, toHex } from './bytes';
import { EnvelopeError } from './errors';
import { deriveShareKeys, type ObjectRef } from './keys';
import { HEADER_SIZE, openAll, sealAll, StreamOpener, TAG_SIZE } from './stream';

const FILE = new URL('../../../docs/vectors/envelope.json', import.meta.url);
const EXPONENT = 16;
const STRIDE = (1 << EXPONENT) + TAG_SIZE;
const R = 1 << EXPONENT;

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; length: number }
  | { op: 'append'; hex: string }
  | { op: 'append-record'; record: number }
  | { op: 'swap-records'; a: number; b: number }
  | { op: 'copy-record'; from: number; to: number }
  | { op: 'record-from'; vector: string; record: number };

interface Positive {
  name: string;
  secret: 'A' | 'B';
  ref: ObjectRef;
  length: number;
  salt: string;
}

interface Negative {
  name: string;
  base: string;
  mutations: Mutation[];
  open: { ref?: ObjectRef; secret?: 'A' | 'B'; pinSalt?: string; expectedSize?: number; siblings?: string[] };
}

const SECRETS = { A: toHex(Uint8Array.from({ length: 32 }, (_, i) => i)), B: 'b0'.repeat(32) };
const obj = (index: number): ObjectRef => ({ kind: 'object', index });
const salt = (n: number) => toHex(new Uint8Array(16).fill(n));

const POSITIVE: Positive[] = [
  { name: 'empty', secret: 'A', ref: obj(0), length: 0, salt: salt(1) },
  { name: 'one-byte', secret: 'A', ref: obj(0), length: 1, salt: salt(2) },
  { name: 'record-minus-one', secret: 'A', ref: obj(0), length: R - 1, salt: salt(3) },
  { name: 'one-record', secret: 'A', ref: obj(0), length: R, salt: salt(4) },
  { name: 'record-plus-one', secret: 'A', ref: obj(0), length: R + 1, salt: salt(5) },
  { name: 'four-records', secret: 'A', ref: obj(0), length: 3 * R + 5, salt: salt(6) },
  { name: 'four-records-object-1', secret: 'A', ref: obj(1), length: 3 * R + 5, salt: salt(7) },
  { name: 'manifest', secret: 'A', ref: { kind: 'manifest' }, length: 100, salt: salt(8) },
  { name: 'other-share', secret: 'B', ref: obj(0), length: 3 * R + 5, salt: salt(9) }
];

const last = (3 * R + 5) + 4 * TAG_SIZE + HEADER_SIZE; // length of a four-records object
const NEGATIVE: Record<string, Negative[]> = {
  'bad-header': [
    { name: 'wrong magic', base: 'one-byte', mutations: [{ op: 'flip', at: 0, bit: 0 }], open: {} },
    { name: 'unknown version', base: 'one-byte', mutations: [{ op: 'set', at: 4, value: 2 }], open: {} },
    { name: 'record size exponent too small', base: 'one-byte', mutations: [{ op: 'set', at: 6, value: 15 }], open: {} },
    { name: 'reserved byte set', base: 'one-byte', mutations: [{ op: 'set', at: 7, value: 1 }], open: {} },
    { name: 'not an envelope at all', base: 'one-byte', mutations: [{ op: 'truncate', length: 0 }, { op: 'append', hex: '3c68746d6c3e' }], open: {} }
  ],
  'wrong-share': [
    { name: 'object of another share', base: 'other-share', mutations: [], open: { secret: 'A' } },
    { name: 'flipped bit in the share id field', base: 'one-byte', mutations: [{ op: 'flip', at: 8, bit: 3 }], open: {} }
  ],
  'wrong-object': [
    { name: 'object 1 read as object 0', base: 'four-records-object-1', mutations: [], open: { ref: obj(0) } },
    { name: 'manifest read as object 0', base: 'manifest', mutations: [], open: { ref: obj(0) } },
    { name: 'object read as the manifest', base: 'one-byte', mutations: [], open: { ref: { kind: 'manifest' } } },
    {
      name: 'record moved in from another object of the share',
      base: 'four-records',
      mutations: [{ op: 'record-from', vector: 'four-records-object-1', record: 1 }],
      open: { siblings: ['four-records-object-1'] }
    }
  ],
  'wrong-key': [
    { name: 'content root from another PIN salt', base: 'one-byte', mutations: [], open: { pinSalt: 'ff'.repeat(32) } },
    { name: 'flipped bit in the key check field', base: 'one-byte', mutations: [{ op: 'flip', at: 50, bit: 7 }], open: {} }
  ],
  tampered: [
    { name: 'flipped bit in the first record', base: 'four-records', mutations: [{ op: 'flip', at: HEADER_SIZE + 10, bit: 0 }], open: {} },
    { name: 'flipped bit in a middle record', base: 'four-records', mutations: [{ op: 'flip', at: HEADER_SIZE + 2 * STRIDE + 7, bit: 5 }], open: {} },
    { name: 'flipped bit in the final tag', base: 'four-records', mutations: [{ op: 'flip', at: last - 1, bit: 1 }], open: {} },
    { name: 'flipped bit in the salt', base: 'four-records', mutations: [{ op: 'flip', at: 30, bit: 2 }], open: {} },
    { name: 'flipped bit in the record size exponent', base: 'four-records', mutations: [{ op: 'set', at: 6, value: 17 }], open: {} },
    { name: 'flipped bit in an empty object', base: 'empty', mutations: [{ op: 'flip', at: HEADER_SIZE, bit: 0 }], open: {} },
    // Without the size from the manifest, bytes after a short final record make it a longer one.
    { name: 'final record appended twice, size unknown', base: 'record-plus-one', mutations: [{ op: 'append-record', record: 1 }], open: {} },
    { name: 'record moved in from another share', base: 'four-records', mutations: [{ op: 'record-from', vector: 'other-share', record: 1 }], open: {} }
  ],
  truncated: [
    { name: 'final record missing', base: 'four-records', mutations: [{ op: 'truncate', length: HEADER_SIZE + 3 * STRIDE }], open: {} },
    { name: 'final two records missing', base: 'four-records', mutations: [{ op: 'truncate', length: HEADER_SIZE + 2 * STRIDE }], open: {} },
    { name: 'cut inside the final record, size known', base: 'four-records', mutations: [{ op: 'truncate', length: last - 3 }], open: { expectedSize: 3 * R + 5 } },
    { name: 'cut inside the final tag', base: 'one-byte', mutations: [{ op: 'truncate', length: HEADER_SIZE + 10 }], open: {} },
    { name: 'header only', base: 'empty', mutations: [{ op: 'truncate', length: HEADER_SIZE }], open: {} },
    { name: 'cut inside the header', base: 'empty', mutations: [{ op: 'truncate', length: 40 }], open: {} },
    { name: 'nothing at all', base: 'empty', mutations: [{ op: 'truncate', length: 0 }], open: {} }
  ],
  'trailing-data': [
    { name: 'one byte appended, size known', base: 'four-records', mutations: [{ op: 'append', hex: '00' }], open: { expectedSize: 3 * R + 5 } },
    { name: 'first record of a one-record object appended', base: 'one-record', mutations: [{ op: 'append-record', record: 0 }], open: {} },
    { name: 'final record appended twice, size known', base: 'record-plus-one', mutations: [{ op: 'append-record', record: 1 }], open: { expectedSize: R + 1 } }
  ],
  reordered: [
    { name: 'first two records swapped', base: 'four-records', mutations: [{ op: 'swap-records', a: 0, b: 1 }], open: {} },
    { name: 'middle records swapped', base: 'four-records', mutations: [{ op: 'swap-records', a: 1, b: 2 }], open: {} }
  ],
  duplicated: [
    { name: 'record 1 replaced by record 0', base: 'four-records', mutations: [{ op: 'copy-record', from: 0, to: 1 }], open: {} },
    { name: 'record 2 replaced by record 1', base: 'four-records', mutations: [{ op: 'copy-record', from: 1, to: 2 }], open: {} }
  ]
};

function plaintext(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => i % 251);
}

async function sha256(bytes: Uint8Array) {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
}

async function seal(v: Positive) {
  const keys = await deriveShareKeys(fromHex(SECRETS[v.secret]));
  return sealAll(keys, v.ref, plaintext(v.length), { salt: fromHex(v.salt), exponent: EXPONENT });
}

function record(bytes: Uint8Array, i: number) {
  return bytes.slice(HEADER_SIZE + i * STRIDE, Math.min(HEADER_SIZE + (i + 1) * STRIDE, bytes.length));
}

function mutate(bytes: Uint8Array, m: Mutation, sealed: Map<string, Uint8Array>): Uint8Array {
  const out = bytes.slice();
  switch (m.op) {
    case 'flip':
      out[m.at] ^= 1 << m.bit;
      return out;
    case 'set':
      out[m.at] = m.value;
      return out;
    case 'truncate':
      return out.slice(0, m.length);
    case 'append':
      return Uint8Array.from([...out, ...fromHex(m.hex)]);
    case 'append-record':
      return Uint8Array.from([...out, ...record(bytes, m.record)]);
    case 'swap-records': {
      const [a, b] = [record(bytes, m.a), record(bytes, m.b)];
      out.set(b, HEADER_SIZE + m.a * STRIDE);
      out.set(a, HEADER_SIZE + m.b * STRIDE);
      return out;
    }
    case 'copy-record':
      out.set(record(bytes, m.from), HEADER_SIZE + m.to * STRIDE);
      return out;
    case 'record-from':
      out.set(record(sealed.get(m.vector)!, m.record), HEADER_SIZE + m.record * STRIDE);
      return out;
  }
}

async function build() {
  const sealed = new Map<string, Uint8Array>();
  for (const v of POSITIVE) sealed.set(v.name, await seal(v));
  const keysA = await deriveShareKeys(fromHex(SECRETS.A));
  return {
    sealed,
    json: {
      about:
        'Conformance vectors for docs/SPEC.md. Plaintext byte i is i mod 251. Records use e = 16. ' +
        'Each negative vector applies its mutations in order to the object of its base vector, then ' +
        'opens it with the base vector\'s secret and ref unless `open` says otherwise; it MUST fail with ' +
        'the code it is listed under. See docs/vectors/README.md for the mutation operations.',
      secrets: SECRETS,
      derived: { A: { shareId: keysA.shareIdHex, keyCheck: toHex(keysA.keyCheck) } },
      positive: await Promise.all(
        POSITIVE.map(async (v) => {
          const bytes = sealed.get(v.name)!;
          return { ...v, exponent: EXPONENT, objectLength: bytes.length, sha256: await sha256(bytes), ...(bytes.length <= 512 ? { object: toBase64url(bytes) } : {}) };
        })
      ),
      negative: NEGATIVE
    }
  };
}

describe('envelope vectors (docs/vectors/envelope.json)', async () => {
  const { sealed, json } = await build();
  if (process.env.UPDATE_VECTORS) writeFileSync(FILE, JSON.stringify(json, null, 2) + '\n');
  const committed = JSON.parse(readFileSync(FILE, 'utf8'));

  it('the committed vectors are the ones this code makes', () => {
    expect(committed).toEqual(json);
  });

  for (const v of committed.positive as (Positive & { sha256: string; object?: string })[]) {
    it(`opens positive vector ${v.name}`, async () => {
      const bytes = sealed.get(v.name)!;
      expect(await sha256(bytes)).toBe(v.sha256);
      if (v.object) expect(toBase64url(bytes)).toBe(v.object);
      const keys = await deriveShareKeys(fromHex(SECRETS[v.secret]));
      const opened = await openAll(keys, v.ref, v.object ? fromBase64url(v.object) : bytes, { expectedSize: v.length });
      expect(equalBytes(opened, plaintext(v.length))).toBe(true);
    });
  }

  for (const [code, vectors] of Object.entries(committed.negative as Record<string, Negative[]>)) {
    for (const n of vectors) {
      it(`rejects ${n.name} as ${code}`, async () => {
        const base = POSITIVE.find((p) => p.name === n.base)!;
        const bytes = n.mutations.reduce((b, m) => mutate(b, m, sealed), sealed.get(n.base)!);
        const secret = fromHex(SECRETS[n.open.secret ?? base.secret]);
        const keys = await deriveShareKeys(secret, n.open.pinSalt ? fromHex(n.open.pinSalt) : undefined);
        const siblings = async () =>
          Promise.all(
            (n.open.siblings ?? []).map((name) => {
              const s = POSITIVE.find((p) => p.name === name)!;
              return StreamOpener.open(keys, s.ref, sealed.get(name)!.subarray(0, HEADER_SIZE));
            })
          );
        const error = await openAll(keys, n.open.ref ?? base.ref, bytes, { expectedSize: n.open.expectedSize, siblings }).catch((e) => e);
        expect(error).toBeInstanceOf(EnvelopeError);
        expect(error.code).toBe(code);
      });
    }
  }
});
