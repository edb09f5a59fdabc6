import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { fromHex, randomBytes, toHex } from './bytes';
import { LinkError } from './errors';
import { formatFragment, formatLink, parseFragment, parseLink } from './link';

const vectors = JSON.parse(readFileSync(new URL('../../../docs/vectors/link.json', import.meta.url), 'utf8'));

describe('link vectors (docs/vectors/link.json)', () => {
  for (const v of vectors.positive) {
    it(`reads the secret from ${v.fragment}`, () => {
      expect(toHex(parseFragment(v.fragment))).toBe(v.secret);
      expect(formatFragment(fromHex(v.secret))).toBe(v.fragment.replace(/^#/, ''));
    });
  }
  for (const [code, cases] of Object.entries(vectors.negative) as [string, { name: string; fragment: string }[]][]) {
    for (const c of cases) {
      it(`rejects ${c.name} as ${code}`, () => {
        const error = (() => {
          try {
            parseFragment(c.fragment);
          } catch (e) {
            return e;
          }
        })();
        expect(error).toBeInstanceOf(LinkError);
        expect((error as LinkError).code).toBe(code);
      });
    }
  }
});

describe('share link', () => {
  it('puts the secret only in the fragment', () => {
    const secret = randomBytes(32);
    const link = new URL(formatLink('https://discless.example.org/', secret));
    expect(link.pathname).toBe('/v');
    expect(link.search).toBe('');
    expect(parseLink(link.href)).toEqual(secret);
  });

  it('rejects a link without a fragment', () => {
    expect(() => parseLink('https://discless.example.org/v')).toThrow(LinkError);
  });

  it('fits a QR code of version 8 or less at level M with a 40-character origin', () => {
    const origin = 'https://imaging.st-elsewhere-hospital.nl';
    expect(origin).toHaveLength(40);
    for (let i = 0; i < 50; i++) {
      const qr = QRCode.create(formatLink(origin, randomBytes(32)), { errorCorrectionLevel: 'M' });
      expect(qr.version).toBeLessThanOrEqual(8);
    }
  });
});
