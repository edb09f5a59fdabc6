// The languages Discless speaks to patients, each named in itself, and how a browser's preferred
// languages pick one. To add a language: a row here, its code in patient.inlang/settings.json and
// messages/<code>.json (docs/ARCHITECTURE.md, "Messages and languages").

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
  { code: 'de', name: 'Deutsch' },
  { code: 'pt', name: 'Português' },
  { code: 'pl', name: 'Polski' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'ar', name: 'العربية' },
  { code: 'zh-Hans', name: '简体中文' },
  { code: 'uk', name: 'Українська' }
] as const satisfies readonly { code: string; name: string }[];

export type Language = (typeof LANGUAGES)[number]['code'];

/** The language the messages are written in, and the one shown when no other fits. */
export const SOURCE_LANGUAGE: Language = 'en';

export function isLanguage(code: unknown): code is Language {
  return LANGUAGES.some((l) => l.code === code);
}

/** Scripts written right to left (ISO 15924): Arabic, Hebrew, Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya. */
const RIGHT_TO_LEFT = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg']);

/** The writing direction of a language, from its script: so a clinic's own language gets it right too. */
export function direction(code: string): 'ltr' | 'rtl' {
  try {
    return RIGHT_TO_LEFT.has(new Intl.Locale(code).maximize().script ?? '') ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** Language and script of a tag, filled in by likely subtags ("zh-TW" → zh Hant, "pt" → pt Latn); null if not a tag. */
function languageAndScript(tag: string): string | null {
  try {
    const full = new Intl.Locale(tag).maximize();
    return `${full.language}-${full.script ?? ''}`;
  } catch {
    return null;
  }
}

/** Whether `tag` (a browser language such as "pt-BR") is written as `code` is: same language, same script. */
export function speaks(tag: string, code: string): boolean {
  const written = languageAndScript(tag);
  return written !== null && written === languageAndScript(code);
}

/**
 * The first of `preferred` (navigator.languages, most wanted first) that is one of `available`
 * (by default, every language here): "pt-BR" reads Portuguese and "zh-CN" Simplified Chinese, but
 * "zh-TW" (Traditional characters) does not. The source language when none is.
 */
export function pickLanguage(preferred: readonly string[]): Language;
export function pickLanguage(preferred: readonly string[], available: readonly string[]): string;
export function pickLanguage(preferred: readonly string[], available: readonly string[] = LANGUAGES.map((l) => l.code)): string {
  for (const tag of preferred) {
    const match = available.find((code) => speaks(tag, code));
    if (match) return match;
  }
  return SOURCE_LANGUAGE;
}

/**
 * The tag Intl formats `code` with: the browser's own variant of that language when it lists one
 * (a Portuguese browser gets Portugal's dates, a Moroccan Arabic one Latin digits), else the code.
 */
export function formattingTag(code: string, preferred: readonly string[]): string {
  return preferred.find((tag) => speaks(tag, code)) ?? code;
}
