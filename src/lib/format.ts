// How numbers, sizes, lengths and dates read on screen and on the printed label: by Intl, in the
// page's language unless a tag is given (the printed sheet has its own language). The page's
// language module (src/lib/i18n/language.svelte.ts) hands its locale in, so this module stays free
// of Svelte and runs in Node too: the command line writes British English, as Discless did before
// it had languages.

let pageTag = (): string => 'en-GB';

/** Formats in `tag()`'s way from now on where no tag is given; read on each call, so a template follows a change of language. */
export function formatIn(tag: () => string): void {
  pageTag = tag;
}

const UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/** Making an Intl.NumberFormat costs about as much as formatting a hundred numbers with it, and
 *  progress shows sizes many times a second: one per language, unit and precision is kept. */
const unitFormats = new Map<string, Intl.NumberFormat>();

function unitFormat(tag: string, unit: string, digits: number): Intl.NumberFormat {
  const key = `${tag} ${unit} ${digits}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits });
    unitFormats.set(key, format);
  }
  return format;
}

/** 1,024-based, as operating systems show file sizes: "512 byte", "1.5 MB", "320 MB", "1.2 GB". */
export function formatBytes(bytes: number, tag = pageTag()): string {
  if (bytes < 1024) return unitFormat(tag, 'byte', 0).format(bytes);
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unitFormat(tag, UNITS[unit], value < 10 ? 1 : 0).format(value);
}

/** "2001-01-31" (as stored) → "31 Jan 2001" (en-GB), "31 ene 2001" (es): the month in words, unambiguous everywhere. */
export function formatDate(iso: string, tag = pageTag()): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso || '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return date.toLocaleDateString(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: iso.length === 10 ? 'UTC' : undefined });
}

/** 0.45 → "45%" (en), "45 %" (fr, de), "%45" (tr), "٤٥٪" (ar). */
export function formatPercent(fraction: number, tag = pageTag()): string {
  return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A length measured on an image: millimetres with one decimal, or whole pixels when the image has no scale. */
export function formatLength(length: { value: number; unit: 'mm' | 'px' }, tag = pageTag()): string {
  if (length.unit === 'mm') {
    return new Intl.NumberFormat(tag, { style: 'unit', unit: 'millimeter', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(length.value);
  }
  // Intl has no pixel unit; "px" reads the same in every language.
  return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(length.value)} px`;
}

/** A number as the language writes it, with at most `digits` decimals. */
export function formatNumber(value: number, digits = 0, tag = pageTag()): string {
  return new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(value);
}
