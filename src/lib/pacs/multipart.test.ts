import { describe, expect, it } from 'vitest';
import { newBoundary, stowBody, stowContentType } from './multipart';

const bytes = (...values: number[]) => new Uint8Array(values);

/** Splits a multipart body at its delimiters the way RFC 2046 §5.1.1 defines them. */
function parts(body: Uint8Array, boundary: string): { headers: string; data: Uint8Array }[] {
  const text = new TextDecoder('latin1').decode(body);
  const first = `--${boundary}\r\n`;
  const between = `\r\n--${boundary}\r\n`;
  const close = `\r\n--${boundary}--\r\n`;
  expect(text.startsWith(first)).toBe(true);
  expect(text.endsWith(close)).toBe(true);
  const inner = text.slice(first.length, text.length - close.length);
  return inner.split(between).map((part) => {
    const at = part.indexOf('\r\n\r\n');
    return { headers: part.slice(0, at), data: Uint8Array.from(part.slice(at + 4), (c) => c.charCodeAt(0)) };
  });
}

describe('STOW-RS multipart body', () => {
  it('carries each file byte for byte in its own application/dicom part, CR LF included', async () => {
    const files = [bytes(0, 1, 2, 13, 10, 45, 45, 255), bytes(), bytes(13, 10)];
    const boundary = newBoundary();
    const body = new Uint8Array(await stowBody(files, boundary).arrayBuffer());
    const split = parts(body, boundary);
    expect(split.map((p) => p.headers)).toEqual(Array(3).fill('Content-Type: application/dicom'));
    expect(split.map((p) => [...p.data])).toEqual(files.map((f) => [...f]));
  });

  it('names the part type and an unquoted boundary of token characters in the Content-Type', () => {
    const boundary = newBoundary();
    expect(boundary).toMatch(/^[A-Za-z0-9-]{20,70}$/);
    expect(stowContentType(boundary)).toBe(`multipart/related; type="application/dicom"; boundary=${boundary}`);
  });

  it('makes a new boundary every time', () => {
    expect(new Set(Array.from({ length: 50 }, newBoundary)).size).toBe(50);
  });
});
