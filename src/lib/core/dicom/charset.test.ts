import { describe, expect, it } from 'vitest';
import { decodeText } from './charset';
import { formatPersonName } from './values';

const ESC = 0x1b;
/** Bytes from ASCII text and raw byte values, so examples read like the standard's byte tables. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));
}
const JIS_X_0208 = [ESC, 0x24, 0x42]; // ESC $ B
const ASCII = [ESC, 0x28, 0x42]; // ESC ( B
const JIS_ROMAN = [ESC, 0x28, 0x4a]; // ESC ( J
const KS_X_1001 = [ESC, 0x24, 0x29, 0x43]; // ESC $ ) C

describe('decodeText: character sets without code extensions', () => {
  it('decodes the default repertoire as ASCII', () => {
    expect(decodeText(bytes('Doe^John'), '')).toBe('Doe^John');
  });

  it('decodes ISO_IR 100 as Latin-1 (dclunie SCSFREN sample: Buc^Jérôme)', () => {
    expect(decodeText(bytes('Buc^J', [0xe9], 'r', [0xf4], 'me'), 'ISO_IR 100')).toBe('Buc^Jérôme');
  });

  it('keeps C1 bytes as Latin-1 code points rather than windows-1252 letters', () => {
    expect(decodeText(bytes([0x80, 0x9f]), 'ISO_IR 100')).toBe('\u0080\u009f');
  });

  it('decodes ISO_IR 192 as UTF-8 (PS3.5 Annex J example: Wang^XiaoDong=王^小東=)', () => {
    const value = bytes('Wang^XiaoDong=', [0xe7, 0x8e, 0x8b], '^', [0xe5, 0xb0, 0x8f, 0xe6, 0x9d, 0xb1], '=');
    expect(decodeText(value, 'ISO_IR 192')).toBe('Wang^XiaoDong=王^小東=');
  });

  it('decodes GB18030 (PS3.5 Annex J example: Wang^XiaoDong=王^小东=)', () => {
    const value = bytes('Wang^XiaoDong=', [0xcd, 0xf5], '^', [0xd0, 0xa1, 0xb6, 0xab], '=');
    expect(decodeText(value, 'GB18030')).toBe('Wang^XiaoDong=王^小东=');
  });

  it('decodes ISO_IR 126 Greek and ISO_IR 144 Cyrillic (dclunie SCSGREEK and SCSRUSS samples)', () => {
    expect(decodeText(bytes([0xc4, 0xe9, 0xef, 0xed, 0xf5, 0xf3, 0xe9, 0xef, 0xf2]), 'ISO_IR 126')).toBe('Διονυσιος');
    expect(decodeText(bytes([0xbb, 0xee, 0xda, 0x63, 0x65, 0xdc, 0xd1, 0x79, 0x70, 0xd3]), 'ISO_IR 144')).toBe('Люкceмбypг');
  });

  it('reads undeclared non-ASCII bytes as UTF-8 when they are valid UTF-8, else as Latin-1', () => {
    expect(decodeText(new TextEncoder().encode('Müller^Jürgen'), '')).toBe('Müller^Jürgen');
    expect(decodeText(bytes('M', [0xfc], 'ller'), '')).toBe('Müller');
  });

  it('falls back to Latin-1 for an unknown character set instead of failing', () => {
    expect(decodeText(bytes('Caf', [0xe9]), 'ISO_IR 999')).toBe('Café');
  });
});

describe('decodeText: ISO 2022 code extensions', () => {
  // PS3.5 Annex H.3.1, Example 1: (0008,0005) "\ISO 2022 IR 87".
  const yamada = bytes(
    'Yamada^Tarou=',
    JIS_X_0208, ';3ED', ASCII, '^', JIS_X_0208, 'B@O:', ASCII,
    '=',
    JIS_X_0208, '$d$^$@', ASCII, '^', JIS_X_0208, '$?$m$&', ASCII
  );

  it('decodes ISO 2022 IR 87 Japanese (PS3.5 H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう)', () => {
    expect(decodeText(yamada, '\\ISO 2022 IR 87')).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('agrees with the platform ISO-2022-JP decoder on the same bytes', () => {
    expect(new TextDecoder('iso-2022-jp').decode(yamada)).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
  });

  it('decodes half-width katakana with ISO 2022 IR 13 (PS3.5 H.3.2: ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう)', () => {
    const value = bytes(
      [0xd4, 0xcf, 0xc0, 0xde], '^', [0xc0, 0xdb, 0xb3],
      '=',
      JIS_X_0208, ';3ED', JIS_ROMAN, '^', JIS_X_0208, 'B@O:', JIS_ROMAN,
      '=',
      JIS_X_0208, '$d$^$@', JIS_ROMAN, '^', JIS_X_0208, '$?$m$&', JIS_ROMAN
    );
    expect(decodeText(value, 'ISO 2022 IR 13\\ISO 2022 IR 87')).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
  });

  it('decodes ISO 2022 IR 149 Korean (PS3.5 Annex I: Hong^Gildong=洪^吉洞=홍^길동)', () => {
    const value = bytes(
      'Hong^Gildong=',
      KS_X_1001, [0xfb, 0xf3], '^', KS_X_1001, [0xd1, 0xce, 0xd4, 0xd7],
      '=',
      KS_X_1001, [0xc8, 0xab], '^', KS_X_1001, [0xb1, 0xe6, 0xb5, 0xbf]
    );
    expect(decodeText(value, '\\ISO 2022 IR 149')).toBe('Hong^Gildong=洪^吉洞=홍^길동');
  });

  it('decodes ISO 2022 IR 100 upper-half bytes as Latin-1 without any escape', () => {
    expect(decodeText(bytes('Buc^J', [0xe9], 'r', [0xf4], 'me'), 'ISO 2022 IR 100')).toBe('Buc^Jérôme');
  });

  it('ignores an unknown escape sequence and keeps the surrounding text', () => {
    expect(decodeText(bytes('A', [ESC, 0x7a], 'B'), '\\ISO 2022 IR 87')).toBe('AzB');
  });
});

describe('formatPersonName', () => {
  it('writes FAMILY, Given Middle with prefix and suffix', () => {
    expect(formatPersonName('Doe^John')).toBe('DOE, John');
    expect(formatPersonName('Doe^John^Quincy^Dr^Jr ')).toBe('DOE, Dr John Quincy, Jr');
    expect(formatPersonName('Anonymized')).toBe('ANONYMIZED');
    expect(formatPersonName('^^^^')).toBe('');
  });

  it('adds the ideographic form in parentheses, family name first', () => {
    expect(formatPersonName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('YAMADA, Tarou (山田 太郎)');
    expect(formatPersonName('=山田^太郎')).toBe('山田 太郎');
  });
});
