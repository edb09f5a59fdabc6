import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { languagesOf, loadCatalogue } from './catalogue';
import { LANGUAGES, type Language } from './languages';

// Every language must say everything English says, with the same placeholders, and in every plural
// form its grammar has; otherwise a patient meets an English word, a hole or a wrong number.

type Variants = { declarations: string[]; selectors: string[]; match: Record<string, string> }[];
type MessageFile = Record<string, string | Variants>;

const root = new URL('../../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const CATALOGUES = {
  patient: { settings: 'patient.inlang/settings.json', file: (l: string) => `messages/${l}.json` },
  staff: { settings: 'staff.inlang/settings.json', file: (l: string) => `messages/staff/${l}.json` }
};

function messagesOf(file: MessageFile): Record<string, string | Variants> {
  return Object.fromEntries(Object.entries(file).filter(([key]) => !key.startsWith('$')));
}

function texts(message: string | Variants): string[] {
  return typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
}

function placeholders(message: string | Variants): string[] {
  return [...new Set(texts(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((p) => p[1])))].sort();
}

/** The plural categories whole numbers from 0 to 1,000 fall in, in `language`, other than "other". */
function categories(language: string): string[] {
  const rules = new Intl.PluralRules(language);
  return [...new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)))].filter((c) => c !== 'other').sort();
}

/** What is wrong with `file` (language `language`) against the English `source`: one line per fault. */
function problems(source: MessageFile, file: MessageFile, language: string): string[] {
  const english = messagesOf(source);
  const own = messagesOf(file);
  const found: string[] = [];
  if (typeof file.$review !== 'string' || file.$review.trim() === '') found.push('no $review: who wrote it and who may review it');
  for (const [key, message] of Object.entries(english)) {
    const translated = own[key];
    if (translated === undefined) {
      found.push(`${key}: missing`);
      continue;
    }
    const want = placeholders(message);
    const got = placeholders(translated);
    for (const name of got.filter((p) => !want.includes(p))) found.push(`${key}: placeholder {${name}} that English does not have`);
    for (const name of want.filter((p) => !got.includes(p))) found.push(`${key}: placeholder {${name}} missing`);
    if (typeof message !== typeof translated) {
      found.push(`${key}: ${typeof message === 'string' ? 'a plain text' : 'a plural'} in English`);
      continue;
    }
    if (typeof message === 'string' || typeof translated === 'string') continue;
    if (JSON.stringify(translated[0].declarations) !== JSON.stringify(message[0].declarations)) found.push(`${key}: declarations differ from English`);
    const selector = message[0].selectors[0];
    const forms = Object.keys(translated[0].match).map((k) => k.slice(selector.length + 1));
    if (!forms.includes('*')) found.push(`${key}: no catch-all form (${selector}=*)`);
    for (const category of categories(language).filter((c) => !forms.includes(c))) found.push(`${key}: no "${category}" form`);
  }
  for (const key of Object.keys(own).filter((k) => !(k in english))) found.push(`${key}: not in English (renamed or removed?)`);
  for (const [key, message] of Object.entries(own)) {
    if (texts(message).some((text) => text.trim() === '')) found.push(`${key}: empty`);
  }
  return found;
}

describe('message files', () => {
  for (const [name, catalogue] of Object.entries(CATALOGUES)) {
    const settings = read(catalogue.settings) as { baseLocale: string; locales: string[] };
    const english = read(catalogue.file(settings.baseLocale)) as MessageFile;
    it.each(settings.locales)(`${name}: %s has every English message, the same placeholders and all its plural forms`, (language) => {
      expect(problems(english, read(catalogue.file(language)), language)).toEqual([]);
    });
  }

  it('finds a missing message, an added or lost placeholder, a missing plural form and a missing review note', () => {
    const english: MessageFile = {
      $review: 'x',
      born: 'Born {date}',
      images: [{ declarations: ['input count', 'local countPlural = count: plural'], selectors: ['countPlural'], match: { 'countPlural=one': '{count} image', 'countPlural=*': '{count} images' } }]
    };
    const polish: MessageFile = {
      born: 'Ur. {data}',
      images: [{ declarations: ['input count', 'local countPlural = count: plural'], selectors: ['countPlural'], match: { 'countPlural=one': '{count} obraz', 'countPlural=*': '{count} obrazów' } }]
    };
    expect(problems(english, polish, 'pl')).toEqual([
      'no $review: who wrote it and who may review it',
      'born: placeholder {data} that English does not have',
      'born: placeholder {date} missing',
      'images: no "few" form',
      'images: no "many" form'
    ]);
    expect(problems(english, { $review: 'x', images: english.images }, 'en')).toEqual(['born: missing']);
  });

  it('has a catch-all and the Arabic forms zero, one, two, few and many where Arabic needs them', () => {
    expect(categories('ar')).toEqual(['few', 'many', 'one', 'two', 'zero']);
    expect(categories('pl')).toEqual(['few', 'many', 'one']);
  });
});

describe('compiled catalogues', () => {
  const settings = read(CATALOGUES.patient.settings) as { locales: string[] };
  const english = messagesOf(read('messages/en.json'));

  it('offers exactly the languages that have messages, each named in itself', () => {
    expect(LANGUAGES.map((l) => l.code).sort()).toEqual([...settings.locales].sort());
    expect(languagesOf('patient').sort()).toEqual([...settings.locales].sort());
    for (const { code, name } of LANGUAGES) expect(name, code).not.toBe('');
  });

  it.each(settings.locales)('%s: every message gives a text for every count, never its key or "undefined"', async (language) => {
    const t = (await loadCatalogue('patient', language as Language, language)) as unknown as Record<string, (inputs: object) => string>;
    for (const key of Object.keys(english)) {
      const inputs = Object.fromEntries(placeholders(english[key]).map((p) => [p, 'X']));
      for (const count of [0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 1000]) {
        const text = t[key]({ ...inputs, count, n: 2, done: 1, total: 3 });
        expect(text, `${key} (${count})`).not.toBe(key);
        expect(text, `${key} (${count})`).not.toMatch(/undefined|NaN|\{\w+\}/);
      }
    }
  });
});
