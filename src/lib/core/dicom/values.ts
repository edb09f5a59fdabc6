// Turns decoded DICOM value strings into what people read. All functions are total: bad input gives
// '' or null, never an exception, because one odd attribute must not hide a whole study.

/** Strips the space/NUL padding DICOM adds to reach even lengths (and that some writers misuse). */
export function trimValue(s: string): string {
  return s.replace(/^[\s\0]+|[\s\0]+$/g, '');
}

function formatComponents(group: string, uppercaseFamily: boolean): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map(trimValue);
  const fam = uppercaseFamily ? family.toUpperCase() : family;
  if (!uppercaseFamily) {
    // Ideographic and phonetic groups (e.g. 山田^太郎) read family-name-first with no comma.
    return [prefix, fam, given, middle, suffix].filter(Boolean).join(' ');
  }
  const rest = [prefix, given, middle].filter(Boolean).join(' ');
  let out = fam && rest ? `${fam}, ${rest}` : fam || rest;
  if (suffix) out = out ? `${out}, ${suffix}` : suffix;
  return out;
}

/**
 * "Doe^John^Q^Dr^Jr" -> "DOE, Dr John Q, Jr". Family names are upper-cased because that is how
 * clinical staff tell family from given name at a glance. When the name also has an ideographic
 * group (PS3.5 6.2.1.2), it follows in parentheses: "YAMADA, Tarou (山田 太郎)".
 */
export function formatPersonName(raw: string): string {
  const [alphabetic = '', ideographic = '', phonetic = ''] = trimValue(raw).split('=');
  const a = formatComponents(alphabetic, true);
  const i = formatComponents(ideographic, false);
  if (a && i) return `${a} (${i})`;
  return a || i || formatComponents(phonetic, false);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** DA "YYYYMMDD" (or ACR-NEMA "YYYY.MM.DD") -> "YYYY-MM-DD"; anything else (ranges, garbage) -> ''. */
export function formatDate(raw: string): string {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(trimValue(raw));
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > 31) return '';
  return `${m[1]}-${pad2(mo)}-${pad2(d)}`;
}

/** TM "HHMMSS.FFFFFF" (or ACR-NEMA "HH:MM:SS") -> "HH:MM:SS" or "HH:MM"; fractions dropped. */
export function formatTime(raw: string): string {
  const m = /^(\d{2}):?(\d{2})?:?(\d{2})?(?:\.\d*)?$/.exec(trimValue(raw));
  if (!m) return '';
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return '';
  if (m[3] === undefined) return `${pad2(h)}:${pad2(min)}`;
  const s = Number(m[3]);
  return s > 60 ? '' : `${pad2(h)}:${pad2(min)}:${pad2(s)}`; // 60: leap second, allowed by DICOM
}

/** Values of a multi-valued string (VM > 1), trimmed. */
export function splitValues(raw: string): string[] {
  return raw.split('\\').map(trimValue);
}

/** IS (integer string), first value -> integer or null. */
export function parseIntString(raw: string): number | null {
  const v = splitValues(raw)[0] ?? '';
  if (!/^[+-]?\d{1,12}$/.test(v)) return null;
  return Number(v);
}

/** DS (decimal string), value `index` -> finite number or null. */
export function parseDecimal(raw: string, index = 0): number | null {
  const v = splitValues(raw)[index] ?? '';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** DS with exactly `count` values (e.g. Pixel Spacing, Image Position) -> tuple or null. */
export function parseDecimals(raw: string, count: number): number[] | null {
  const parts = splitValues(raw);
  if (parts.length < count) return null;
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const n = parseDecimal(parts[k]);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}
