import jsQR from 'jsqr';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkOutputName, writeHandout, writeQr } from './handout';

const LINK = `http://127.0.0.1:8787/v#1${'A'.repeat(43)}`;

describe('the paper for the patient', () => {
  it('writes a QR code a phone reads back as the link, as PNG or SVG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qr-'));
    await writeQr(join(dir, 'code.png'), LINK);
    const png = PNG.sync.read(readFileSync(join(dir, 'code.png')));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(LINK);
    await writeQr(join(dir, 'code.svg'), LINK);
    expect(readFileSync(join(dir, 'code.svg'), 'utf8')).toMatch(/^<svg /);
    expect(() => checkOutputName('code.jpg', ['.png', '.svg'], '--qr')).toThrow(/--qr writes .png or .svg/);
  });

  it('writes the handout as one A4 page, names in any European script included', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'handout-')), 'h.pdf');
    await writeHandout(path, { link: LINK, expiresAt: '2030-01-31T00:00:00Z', details: { patient: 'ΠΑΠΑΔΟΠΟΥΛΟΣ, Γιώργος', patients: 1, birthDate: '1970-01-01', studyDate: '2001-01-01', studyText: 'CT chest' } });
    const pdf = await PDFDocument.load(readFileSync(path));
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });
});
