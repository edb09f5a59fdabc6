import { describe, expect, it } from 'vitest';
import { direction, formattingTag, pickLanguage } from './languages';

const ALL = ['en', 'es', 'fr', 'de', 'pt', 'pl', 'tr', 'ar', 'zh-Hans', 'uk'];

describe('pickLanguage', () => {
  it.each([
    [['es-MX', 'en'], 'es'],
    [['pt-BR'], 'pt'],
    [['pt-PT', 'en-GB'], 'pt'],
    [['zh-CN'], 'zh-Hans'],
    [['zh'], 'zh-Hans'],
    [['zh-TW', 'en-US'], 'en'],
    [['ru-RU', 'uk-UA'], 'uk'],
    [['ar-EG'], 'ar'],
    [['nl-NL', 'de-DE'], 'de'],
    [['ja-JP'], 'en'],
    [[], 'en'],
    [['not a tag', 'fr-CA'], 'fr']
  ])('takes the first of %j that it speaks: %s', (preferred, want) => {
    expect(pickLanguage(preferred, ALL)).toBe(want);
  });
});

describe('formattingTag', () => {
  it("formats in the browser's own variant of the language, else the language itself", () => {
    expect(formattingTag('pt', ['pt-PT', 'en'])).toBe('pt-PT');
    expect(formattingTag('ar', ['ar-MA'])).toBe('ar-MA');
    expect(formattingTag('es', ['en-GB'])).toBe('es');
    expect(formattingTag('zh-Hans', ['zh-TW'])).toBe('zh-Hans');
  });
});

describe('direction', () => {
  it('writes Arabic (and any Arabic- or Hebrew-script language) right to left, the others left to right', () => {
    expect(['ar', 'fa', 'he', 'ur'].map(direction)).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'uk', 'zh-Hans', 'tr', 'nonsense tag'].map(direction)).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
});
