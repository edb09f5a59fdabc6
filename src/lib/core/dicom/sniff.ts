// Cheap content checks on the first bytes of a file: is it DICOM, how is a data set encoded, and,
// when it is not DICOM, what is it (so the message to staff can say "a PDF document", not "error").

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';

const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' ')
);

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}

export function hasPreamble(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** Explicit VR little endian element header at `at`: two upper-case letters forming a known VR. */
export function looksExplicitAt(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  return VRS.has(String.fromCharCode(b[at + 4], b[at + 5]));
}

/** Implicit VR little endian element header at `at`: an even group and a length that fits the file. */
export function looksImplicitAt(b: Uint8Array, at: number): boolean {
  if (at + 8 > b.length) return false;
  const group = u16(b, at);
  const length = u32(b, at + 4);
  return group % 2 === 0 && group >= 0x0002 && (length === 0xffffffff || at + 8 + length <= b.length);
}

/** Total header + value size of the explicit element at `at`, or -1 when its length is undefined. */
function explicitElementSize(b: Uint8Array, at: number): number {
  const vr = String.fromCharCode(b[at + 4], b[at + 5]);
  if (['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'UV'].includes(vr)) {
    const len = at + 12 <= b.length ? u32(b, at + 8) : 0xffffffff;
    return len === 0xffffffff ? -1 : 12 + len;
  }
  return 8 + u16(b, at + 6);
}

/**
 * For a file without preamble: the transfer syntax of a plausible bare data set (first tag in group
 * 0002 or 0008, the groups every data set starts with), or null if it is not one. When the second
 * element is within `b`, its tag must follow the first in the same or a later group, which rules out
 * text files that happen to start with a valid-looking tag.
 */
export function detectBareSyntax(b: Uint8Array): string | null {
  if (b.length < 8) return null;
  const group = u16(b, 0);
  if (group !== 0x0002 && group !== 0x0008) return null;
  const tag = group * 0x10000 + u16(b, 2);
  const follows = (next: number) => {
    if (next + 4 > b.length) return true; // cannot check with the bytes we have
    const nextTag = u16(b, next) * 0x10000 + u16(b, next + 2);
    return nextTag > tag && u16(b, next) <= 0x0008 + 0x20;
  };
  if (looksExplicitAt(b, 0)) {
    const size = explicitElementSize(b, 0);
    return size < 0 || follows(size) ? TS_EXPLICIT_LE : null;
  }
  const length = u32(b, 4);
  if (length > 1024 || length % 2 !== 0) return null; // group 0002/0008 leading values are short UIDs/codes
  return follows(8 + length) ? TS_IMPLICIT_LE : null;
}

/** True when `head` (the first bytes of a file, ≥ 132 to see a preamble) starts a DICOM file. */
export function sniffDicom(head: Uint8Array): boolean {
  return hasPreamble(head) || detectBareSyntax(head.subarray(0, 1024)) !== null;
}

function startsWith(b: Uint8Array, ascii: string, at = 0): boolean {
  if (b.length < at + ascii.length) return false;
  for (let k = 0; k < ascii.length; k++) if (b[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

function looksLikeText(b: Uint8Array): boolean {
  const head = b.subarray(0, 4096);
  let bad = 0;
  for (const c of head) if (c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
  return bad === 0;
}

/** "This file is not a DICOM image (…)." with the best guess of what it is instead. */
export function notDicomMessage(b: Uint8Array): string {
  let what = '';
  if (b.length === 0) what = 'it is empty';
  else if (startsWith(b, '%PDF')) what = 'it is a PDF document';
  else if (startsWith(b, 'MZ') || startsWith(b, '\x7fELF')) what = 'it is a program';
  else if (startsWith(b, '\x89PNG') || startsWith(b, '\xff\xd8\xff') || startsWith(b, 'GIF8'))
    what = 'it is an ordinary picture, not a medical image file';
  else if (startsWith(b, 'PK\x03\x04')) what = 'it is a ZIP archive';
  else if (looksLikeText(b)) {
    const start = new TextDecoder('utf-8').decode(b.subarray(0, 512)).trimStart().toLowerCase();
    what =
      start.startsWith('<!doctype html') || start.startsWith('<html')
        ? 'it looks like a web page'
        : 'it looks like a text file';
  }
  return what ? `This file is not a DICOM image (${what}).` : 'This file is not a DICOM image.';
}
