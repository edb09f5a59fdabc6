import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { fromHex, randomBytes, toHex } from './bytes';
import { LinkError } from './errors';
import { acceptScannedLink, formatFragment, formatLink, parseFragment, parseLink } from './link';

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

describe('acceptScannedLink', () => {
  const origin = 'https://discless.example.org';
  const link = formatLink(origin, Uint8Array.from({ length: 32 }, (_, i) => i));

  it('accepts a share link of this origin', () => {
    expect(acceptScannedLink(` ${link}\n`, origin)).toBe(link);
  });

  for (const [name, text] of [
    ['another origin', link.replace(origin, 'https://evil.example')],
    ['another path', link.replace('/v#', '/x#')],
    ['a query string', link.replace('/v#', '/v?a=1#')],
    ['plain text', 'hello'],
    ['a javascript: URL', 'javascript:alert(1)']
  ]) {
    it(`refuses ${name}`, () => {
      expect(() => acceptScannedLink(text, origin)).toThrow(expect.objectContaining({ code: 'not-a-share-link' }));
    });
  }

  it('refuses a share link whose key is cut short as bad-link', () => {
    expect(() => acceptScannedLink(link.slice(0, -3), origin)).toThrow(expect.objectContaining({ code: 'bad-link' }));
  });
});
