// The patient's paper as files: the QR code alone (PNG or SVG, by the qrcode library the staff page
// uses) and the A4 handout staff print from the browser (HandoutSheet.svelte and its print CSS: 15 mm
// margins, a 70 mm code beside the patient's name, birth date, study, expiry and the four steps of
// src/lib/sender/handout.ts, in the sheet's English messages), as a PDF drawn with pdf-lib. The code is drawn module by module as
// vector squares, so it stays sharp on any printer. The PIN is never on this paper. pdf-lib and
// fontkit are loaded only when a handout is asked for: they are most of the command line's start-up.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatDate } from '../lib/format';
import type { PrintDetails } from '../lib/history/history';
import { handoutSteps, patientLine, studyLine } from '../lib/sender/handout';
import { en } from './english';
import { UsageError } from './exit';

const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
const MARGIN = 15 * MM;
const QR_SIZE = 70 * MM;
const GAP = 18;
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** DejaVu (Debian's fonts-dejavu-core) covers Latin, Greek and Cyrillic names; PDF's own Helvetica only Western ones. */
const UNICODE_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'];

export function checkOutputName(path: string | undefined, allowed: string[], option: string): void {
  if (path !== undefined && !allowed.includes(extname(path).toLowerCase())) {
    throw new UsageError(`${option} writes ${allowed.join(' or ')}: name the file so (${path}).`);
  }
}

export async function writeQr(path: string, link: string): Promise<void> {
  if (extname(path).toLowerCase() === '.svg') {
    writeFileSync(path, await QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' }));
  } else {
    // 600 pixels: a 50 mm label at 300 dpi.
    await QRCode.toFile(path, link, { ...QR_OPTIONS, type: 'png', width: 600 });
  }
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Text the font can draw: Helvetica has no glyphs outside Windows-1252. */
  safe: (text: string) => string;
}

async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  const { StandardFonts } = await import('pdf-lib');
  if (UNICODE_FONTS.every((path) => existsSync(path))) {
    pdf.registerFontkit((await import('@pdf-lib/fontkit')).default);
    const [regular, bold] = await Promise.all(UNICODE_FONTS.map((path) => pdf.embedFont(readFileSync(path), { subset: true })));
    const glyphs = new Set(regular.getCharacterSet());
    return { regular, bold, safe: (text) => [...text].map((c) => (glyphs.has(c.codePointAt(0)!) ? c : '?')).join('') };
  }
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  return { regular, bold, safe: (text) => text.replace(/[^\x20-\x7e\u00a0-\u00ff—’]/g, '?') };
}

function drawQr(page: PDFPage, link: string, x: number, y: number, size: number, black: ReturnType<typeof import('pdf-lib').rgb>): void {
  const { modules } = QRCode.create(link, QR_OPTIONS);
  const count = modules.size + 2 * QR_OPTIONS.margin;
  const cell = size / count;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const left = x + (col + QR_OPTIONS.margin) * cell;
      const top = y + size - (row + QR_OPTIONS.margin) * cell;
      // A hair wider than a cell, so neighbouring squares leave no white seam when printed.
      page.drawRectangle({ x: left, y: top - cell, width: cell + 0.05, height: cell + 0.05, color: black });
    }
  }
}

/** Words laid into lines no wider than `width`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

interface Run {
  text: string;
  font: PDFFont;
  size: number;
  /** Space before this line, in points. */
  before: number;
  indent?: number;
  /** Drawn at the left of the column on the same line (a list number). */
  label?: string;
}

export async function writeHandout(path: string, share: { link: string; expiresAt: string; details: PrintDetails }): Promise<void> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle('Your images');
  pdf.setCreator('Discless');
  const fonts = await embedFonts(pdf);
  const page = pdf.addPage(A4);
  const textX = MARGIN + QR_SIZE + GAP;
  const width = A4[0] - MARGIN - textX;
  const { details } = share;

  const runs: Run[] = [];
  const add = (text: string, font: PDFFont, size: number, before: number, indent = 0) => {
    wrap(fonts.safe(text), font, size, width - indent).forEach((line, i) => runs.push({ text: line, font, size, before: i ? 2 : before, indent }));
  };
  add(patientLine(details, en), fonts.bold, 16, 0);
  if (details.birthDate) add(en.born({ date: formatDate(details.birthDate) }), fonts.regular, 12, 8);
  const study = studyLine(details, en);
  if (study) add(study, fonts.regular, 12, 8);
  add(en.handout_until({ date: formatDate(share.expiresAt) }), fonts.bold, 12, 8);
  add(en.handout_how(), fonts.bold, 14, 16);
  handoutSteps(en, details).forEach((step, i) => {
    // The number hangs before the step's lines, as a browser lays out an ordered list.
    wrap(fonts.safe(step), fonts.regular, 12, width - 18).forEach((line, k) =>
      runs.push({ text: line, font: fonts.regular, size: 12, before: k ? 2 : 8, indent: 18, label: k ? undefined : `${i + 1}.` })
    );
  });

  const lineHeight = (run: Run) => run.size * 1.25;
  const textHeight = runs.reduce((h, run) => h + run.before + lineHeight(run), 0);
  // Centred on each other, as the print area's flex row aligns them.
  const blockHeight = Math.max(QR_SIZE, textHeight);
  const top = A4[1] - MARGIN;
  drawQr(page, share.link, MARGIN, top - (blockHeight + QR_SIZE) / 2, QR_SIZE, rgb(0, 0, 0));
  let y = top - (blockHeight - textHeight) / 2;
  for (const run of runs) {
    y -= run.before + lineHeight(run);
    const baseline = y + run.size * 0.25;
    if (run.label) page.drawText(run.label, { x: textX, y: baseline, size: run.size, font: run.font });
    page.drawText(run.text, { x: textX + (run.indent ?? 0), y: baseline, size: run.size, font: run.font });
  }
  writeFileSync(path, await pdf.save());
}
