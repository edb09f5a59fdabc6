// Decodes DICOM text values (PN, SH, LO, ST, LT, UT, UC) using the file's Specific Character Set
// (0008,0005), following PS3.3 C.12.1.1.2 and PS3.5 section 6.1 and Annexes H-K.
//
// ISO 2022 code extensions (escape sequences switching character sets inside one value) are turned
// into runs of bytes in a stateless encoding the WHATWG TextDecoder knows (EUC-JP, EUC-KR, GBK,
// ISO 8859-x), then decoded run by run. We go through EUC-JP rather than TextDecoder('iso-2022-jp')
// because the latter cannot decode JIS X 0212 (ISO 2022 IR 159) nor 8-bit half-width katakana
// (ISO 2022 IR 13), both of which Japanese DICOM files use.
//
// Never throws: unknown character sets fall back to Latin-1, which keeps every byte visible.

const ESC = 0x1b;

type Label = string; // a TextDecoder label, or 'latin1' (decoded by hand: TextDecoder maps it to windows-1252)

/** Non-ISO 2022 defined terms: the whole value is in one encoding. */
const SINGLE: Record<string, Label> = {
  '': 'ascii',
  'ISO_IR 6': 'ascii',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'windows-1254', // WHATWG's name for ISO 8859-9 (Latin-5)
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874', // TIS 620-2533 (Thai)
  'ISO_IR 13': 'shift_jis', // JIS X 0201: ASCII plus half-width katakana at 0xA1-0xDF
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk'
};

/** G1 (bytes 0x80-0xFF) character sets: the ISO 2022 defined term, its final escape bytes, its decoder. */
const G1_SETS: { term: string; esc: number[]; label: Label }[] = [
  { term: 'ISO 2022 IR 100', esc: [0x2d, 0x41], label: 'latin1' },
  { term: 'ISO 2022 IR 101', esc: [0x2d, 0x42], label: 'iso-8859-2' },
  { term: 'ISO 2022 IR 109', esc: [0x2d, 0x43], label: 'iso-8859-3' },
  { term: 'ISO 2022 IR 110', esc: [0x2d, 0x44], label: 'iso-8859-4' },
  { term: 'ISO 2022 IR 144', esc: [0x2d, 0x4c], label: 'iso-8859-5' },
  { term: 'ISO 2022 IR 127', esc: [0x2d, 0x47], label: 'iso-8859-6' },
  { term: 'ISO 2022 IR 126', esc: [0x2d, 0x46], label: 'iso-8859-7' },
  { term: 'ISO 2022 IR 138', esc: [0x2d, 0x48], label: 'iso-8859-8' },
  { term: 'ISO 2022 IR 148', esc: [0x2d, 0x4d], label: 'windows-1254' },
  { term: 'ISO 2022 IR 203', esc: [0x2d, 0x62], label: 'iso-8859-15' },
  { term: 'ISO 2022 IR 166', esc: [0x2d, 0x54], label: 'windows-874' },
  { term: 'ISO 2022 IR 13', esc: [0x29, 0x49], label: 'katakana' },
  { term: 'ISO 2022 IR 149', esc: [0x24, 0x29, 0x43], label: 'euc-kr' },
  { term: 'ISO 2022 IR 58', esc: [0x24, 0x29, 0x41], label: 'gbk' }
];

type G0 = 'ascii' | 'jis0208' | 'jis0212';
const G0_SETS: { esc: number[]; g0: G0 }[] = [
  { esc: [0x28, 0x42], g0: 'ascii' }, // ISO 2022 IR 6
  { esc: [0x28, 0x4a], g0: 'ascii' }, // JIS X 0201 Romaji: treated as ASCII, as 0x5C must stay the value delimiter
  { esc: [0x24, 0x42], g0: 'jis0208' }, // ISO 2022 IR 87
  { esc: [0x24, 0x40], g0: 'jis0208' }, // JIS C 6226-1978, the predecessor, seen in old files
  { esc: [0x24, 0x28, 0x44], g0: 'jis0212' } // ISO 2022 IR 159
];

const decoders = new Map<Label, TextDecoder | null>();

function decoderFor(label: Label): TextDecoder | null {
  if (!decoders.has(label)) {
    let decoder: TextDecoder | null = null;
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null; // a runtime without this encoding (e.g. Node built without full ICU)
    }
    decoders.set(label, decoder);
  }
  return decoders.get(label) ?? null;
}

export function latin1(bytes: Uint8Array): string {
  // apply, not spread: spreading a typed array walks its iterator, 4–7 times slower here, and the
  // de-identification rewriter decodes every value it meets. Chunks stay under argument limits.
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

function decodeAs(label: Label, bytes: Uint8Array): string {
  if (label === 'latin1') return latin1(bytes);
  if (label === 'ascii') return decodeDefault(bytes);
  const decoder = decoderFor(label);
  return decoder ? decoder.decode(bytes) : latin1(bytes);
}

const strictUtf8 = (() => {
  try {
    return new TextDecoder('utf-8', { fatal: true });
  } catch {
    return null;
  }
})();

/**
 * The default repertoire is ASCII, but devices often write accented names without declaring a
 * character set. Valid multi-byte UTF-8 almost never happens by accident in Latin-1 text, so try it
 * first, then fall back to Latin-1 (the most common undeclared encoding on European CDs).
 */
function decodeDefault(bytes: Uint8Array): string {
  if (!bytes.some((b) => b >= 0x80)) return latin1(bytes);
  if (strictUtf8) {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // not UTF-8
    }
  }
  return latin1(bytes);
}

/** Splits a (0008,0005) value into its defined terms; the first may be empty (= default repertoire). */
export function parseCharsetTerms(specificCharacterSet: string): string[] {
  return specificCharacterSet.split('\\').map((t) => t.trim().toUpperCase());
}

/** Decodes the raw bytes of one text element (padding included; trimming is up to the caller). */
export function decodeText(bytes: Uint8Array, specificCharacterSet: string): string {
  const terms = parseCharsetTerms(specificCharacterSet);
  if (!terms.some((t) => t.startsWith('ISO 2022'))) {
    return decodeAs(SINGLE[terms[0]] ?? 'latin1', bytes);
  }
  return decodeIso2022(bytes, terms);
}

function matchEscape(bytes: Uint8Array, at: number, seq: number[]): boolean {
  for (let k = 0; k < seq.length; k++) if (bytes[at + 1 + k] !== seq[k]) return false;
  return true;
}

function decodeIso2022(bytes: Uint8Array, terms: string[]): string {
  const first = terms[0];
  const initialG1 = G1_SETS.find((s) => s.term === first)?.label ?? null;
  // Bytes >= 0x80 seen before any G1 escape: use the first listed G1 set, as lenient readers do.
  const fallbackG1 = initialG1 ?? G1_SETS.find((s) => terms.includes(s.term))?.label ?? 'latin1';
  let g0: G0 = 'ascii';
  let g1: Label | null = initialG1;
  let pendingJis0212 = -1; // first byte of a JIS X 0212 pair, waiting for the second

  const runs: { label: Label; bytes: number[] }[] = [];
  const emit = (label: Label, ...bs: number[]) => {
    const last = runs[runs.length - 1];
    if (last && last.label === label) last.bytes.push(...bs);
    else runs.push({ label, bytes: bs });
  };

  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === ESC) {
      const g0Set = G0_SETS.find((s) => matchEscape(bytes, i, s.esc));
      if (g0Set) {
        g0 = g0Set.g0;
        pendingJis0212 = -1;
        i += g0Set.esc.length;
        continue;
      }
      const g1Set = G1_SETS.find((s) => matchEscape(bytes, i, s.esc));
      if (g1Set) {
        g1 = g1Set.label;
        i += g1Set.esc.length;
        continue;
      }
      continue; // unknown escape: drop the ESC, keep the rest visible
    }
    if (b < 0x80) {
      const graphic = b >= 0x21 && b <= 0x7e;
      if (g0 === 'jis0208' && graphic) emit('euc-jp', b | 0x80);
      else if (g0 === 'jis0212' && graphic) {
        if (pendingJis0212 < 0) pendingJis0212 = b;
        else {
          emit('euc-jp', 0x8f, pendingJis0212 | 0x80, b | 0x80);
          pendingJis0212 = -1;
        }
      } else emit('ascii', b);
      continue;
    }
    const label = g1 ?? fallbackG1;
    if (label === 'katakana') emit('euc-jp', 0x8e, b);
    else emit(label, b);
  }
  return runs.map((r) => decodeAs(r.label === 'ascii' ? 'latin1' : r.label, Uint8Array.from(r.bytes))).join('');
}
