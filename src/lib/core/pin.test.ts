// Runs docs/vectors/pin.json (SPEC §3.2). The file is made by this test from the cases below
// (UPDATE_VECTORS=1 npx vitest run src/lib/core/pin.test.ts); without the variable it checks that the
// committed vectors still match the code. The Argon2id outputs were also checked against libargon2
// (docs/vectors/README.md), so the vectors do not only agree with themselves.

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';
import { derivePinSalt, deriveShareKeys } from './keys';
import { checkPin, deriveKeysWithPin, generatePin, PIN_ARGON2, PinError, stretchPin, tokenHash } from './pin';

const FILE = new URL('../../../docs/vectors/pin.json', import.meta.url);
const SECRETS = JSON.parse(readFileSync(new URL('../../../docs/vectors/envelope.json', import.meta.url), 'utf8')).secrets as Record<string, string>;
const CASES = [
  { name: 'A-1234', secret: 'A', pin: '1234' },
  { name: 'A-4321', secret: 'A', pin: '4321' },
  { name: 'B-12-digits', secret: 'B', pin: '000000000000' }
];
const BAD_PINS = ['', '123', '1234567890123', '12a4', ' 1234', '1234 ', '１２３４', '12.4', '-1234'];

async function compute({ name, secret, pin }: (typeof CASES)[number]) {
  const s = fromHex(SECRETS[secret]);
  const pinned = await deriveKeysWithPin(s, pin);
  return {
    name,
    secret,
    pin,
    pinSalt: toHex(await derivePinSalt(s)),
    pinKey: toHex(await stretchPin(s, pin)),
    shareId: pinned.keys.shareIdHex,
    keyCheck: toHex(pinned.keys.keyCheck),
    proof: pinned.proof,
    verifier: pinned.verifier
  };
}

describe('PIN key schedule (docs/vectors/pin.json)', () => {
  it('matches every positive vector', async () => {
    const positive = [];
    for (const c of CASES) positive.push(await compute(c));
    const document = {
      about: 'Vectors for docs/SPEC.md §3.2 (PIN). Secrets are those of envelope.json. See README.md.',
      argon2id: { ...PIN_ARGON2, version: 19 },
      positive,
      negative: { 'bad-pin': BAD_PINS }
    };
    if (process.env.UPDATE_VECTORS) writeFileSync(FILE, JSON.stringify(document, null, 2) + '\n');
    expect(JSON.parse(readFileSync(FILE, 'utf8'))).toEqual(document);
  }, 120_000);

  it('keeps the share id of the link, so the store finds a PIN share from the QR alone', async () => {
    const s = fromHex(SECRETS.A);
    const plain = await deriveShareKeys(s);
    const pinned = await deriveKeysWithPin(s, '1234');
    expect(pinned.keys.shareIdHex).toBe(plain.shareIdHex);
    expect(toHex(pinned.keys.keyCheck)).not.toBe(toHex(plain.keyCheck));
  }, 60_000);

  it('hashes the proof text the way the store hashes tokens', async () => {
    expect(await tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('rejects every PIN that is not 4 to 12 ASCII digits with bad-pin, before any stretching', async () => {
    for (const pin of BAD_PINS) {
      expect(() => checkPin(pin)).toThrow(PinError);
      await expect(stretchPin(fromHex(SECRETS.A), pin)).rejects.toMatchObject({ code: 'bad-pin' });
    }
  });
});

describe('generatePin', () => {
  it('makes six digits that the PIN check accepts, different each time', () => {
    const pins = new Set(Array.from({ length: 50 }, () => generatePin()));
    for (const pin of pins) expect(checkPin(pin)).toBe(pin);
    expect(pins.size).toBeGreaterThan(45);
  });
});
