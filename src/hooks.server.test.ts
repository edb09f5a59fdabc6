import { describe, expect, it } from 'vitest';
import { allowPacs } from './hooks.server';

const page = (csp: string) => `<head><meta http-equiv="content-security-policy" content="${csp}"></head>`;

describe("the viewer page's CSP", () => {
  it('lets the viewer reach a PACS over https, or over http on this computer, and changes nothing else', () => {
    const csp = "default-src 'self'; connect-src 'self' https://store.example; img-src 'self' data:";
    expect(allowPacs(page(csp))).toBe(page("default-src 'self'; connect-src 'self' https://store.example https: http://localhost:* http://127.0.0.1:*; img-src 'self' data:"));
  });

  it('stops the build when there is no connect-src to extend', () => {
    expect(() => allowPacs('<head></head>')).toThrow(/connect-src/);
  });
});
