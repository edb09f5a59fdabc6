import { describe, expect, it } from 'vitest';
import { equalBytes, randomBytes } from './bytes';
import { EnvelopeError } from './errors';
import { deriveShareKeys, type ObjectRef } from './keys';
import { cipherSize, HEADER_SIZE, openAll, RECORD_SIZE, recordSpan, sealAll, StreamOpener, StreamSealer, TAG_SIZE } from './stream';

const keys = await deriveShareKeys(Uint8Array.from({ length: 32 }, (_, i) => 255 - i));
const ref: ObjectRef = { kind: 'object', index: 3 };
const R = RECORD_SIZE;

function pattern(length: number) {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);
}

describe('STREAM round trip at the v1 record size', () => {
  for (const size of [0, 1, R - 1, R, R + 1, 5 * R + 12345]) {
    it(`round-trips ${size} bytes`, async () => {
      const plain = pattern(size);
      const sealed = await sealAll(keys, ref, plain);
      expect(sealed.length).toBe(cipherSize(size));
      // equalBytes, not toEqual: vitest's deep equality takes seconds per 256 KiB.
      expect(equalBytes(await openAll(keys, ref, sealed, { expectedSize: size }), plain)).toBe(true);
    });
  }

  it('opens any record alone from its byte range', async () => {
    const plain = pattern(4 * R + 100);
    const sealed = await sealAll(keys, ref, plain);
    const opener = await StreamOpener.open(keys, ref, sealed.subarray(0, HEADER_SIZE));
    const offset = 2 * R + 10;
    const span = recordSpan(offset, R, plain.length);
    expect(span).toMatchObject({ first: 2, last: 3, isFinal: false });
    const first = await opener.openRecord(2, sealed.subarray(span.start, span.start + R + TAG_SIZE), false);
    expect(equalBytes(first, plain.subarray(2 * R, 3 * R))).toBe(true);
    const finalSpan = recordSpan(4 * R + 50, 10, plain.length);
    expect(finalSpan.isFinal).toBe(true);
    const final = await opener.openRecord(4, sealed.subarray(finalSpan.start, finalSpan.end), true);
    expect(equalBytes(final, plain.subarray(4 * R))).toBe(true);
  });

  it('seals records called for at once, each under its own nonce, into the stream one at a time would make', async () => {
    const plain = pattern(3 * R + 77);
    const sealer = await StreamSealer.create(keys, ref);
    const records = [0, 1, 2, 3].map((i) => sealer.seal(plain.subarray(i * R, (i + 1) * R), i === 3));
    const sealed = new Uint8Array([...sealer.header, ...(await Promise.all(records)).flatMap((r) => [...r])]);
    expect(equalBytes(await openAll(keys, ref, sealed, { expectedSize: plain.length }), plain)).toBe(true);
    const again = await StreamSealer.create(keys, ref, { salt: sealer.salt });
    for (let i = 0; i < 4; i++) expect(equalBytes(await again.seal(plain.subarray(i * R, (i + 1) * R), i === 3), await records[i])).toBe(true);
  });

  it('uses a fresh salt, so re-encrypting the same object never repeats ciphertext', async () => {
    const plain = pattern(100);
    const [a, b] = [await sealAll(keys, ref, plain), await sealAll(keys, ref, plain)];
    expect(equalBytes(a.subarray(HEADER_SIZE), b.subarray(HEADER_SIZE))).toBe(false);
  });
});

describe('StreamSealer refuses streams a reader would reject', () => {
  it('rejects a short record that is not the last', async () => {
    const sealer = await StreamSealer.create(keys, ref);
    await expect(sealer.seal(pattern(10), false)).rejects.toThrow(RangeError);
  });

  it('rejects an empty final record after full records', async () => {
    const sealer = await StreamSealer.create(keys, ref);
    await sealer.seal(pattern(R), false);
    await expect(sealer.seal(new Uint8Array(0), true)).rejects.toThrow(RangeError);
  });

  it('rejects a record after the final one', async () => {
    const sealer = await StreamSealer.create(keys, ref);
    await sealer.seal(pattern(5), true);
    await expect(sealer.seal(pattern(5), true)).rejects.toThrow('already finished');
  });
});

describe('StreamOpener with the wrong secret', () => {
  it('rejects a share opened with another secret as wrong-share', async () => {
    const sealed = await sealAll(keys, ref, pattern(10));
    const other = await deriveShareKeys(randomBytes(32));
    const error = await openAll(other, ref, sealed).catch((e) => e);
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error.code).toBe('wrong-share');
  });

  it('rejects a random-access record whose counter is elsewhere as reordered', async () => {
    const sealed = await sealAll(keys, ref, pattern(3 * R));
    const opener = await StreamOpener.open(keys, ref, sealed.subarray(0, HEADER_SIZE));
    const second = sealed.subarray(HEADER_SIZE + (R + TAG_SIZE), HEADER_SIZE + 2 * (R + TAG_SIZE));
    await expect(opener.openRecord(0, second, false)).rejects.toMatchObject({ code: 'reordered' });
  });
});
