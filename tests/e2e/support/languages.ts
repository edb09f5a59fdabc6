// The message files as the language specs read them: each language's texts, the words of its
// catalogue, and the texts a page shows, to find English left on a page in another language.

import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
type Variants = { match: Record<string, string> }[];

export const PATIENT_LANGUAGES: string[] = JSON.parse(readFileSync(join(ROOT, 'patient.inlang/settings.json'), 'utf8')).locales;

function catalogue(language: string): Record<string, string | Variants> {
  const file = JSON.parse(readFileSync(join(ROOT, 'messages', `${language}.json`), 'utf8'));
  return Object.fromEntries(Object.entries(file).filter(([key]) => !key.startsWith('$'))) as Record<string, string | Variants>;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A plain message of `language`: its text, or with `inputs` a pattern where each placeholder
 * matches its input (a string, or a pattern such as /\p{Nd}+/u, digits of any script).
 */
export function message(language: string, key: string, inputs: Record<string, RegExp>): RegExp;
export function message(language: string, key: string, inputs?: Record<string, string | RegExp>): string;
export function message(language: string, key: string, inputs?: Record<string, string | RegExp>): string | RegExp {
  const text = catalogue(language)[key];
  if (typeof text !== 'string') throw new Error(`${language}/${key} is not a plain message`);
  if (!inputs) return text;
  if (Object.values(inputs).every((value) => typeof value === 'string')) return text.replace(/\{(\w+)\}/g, (part, name) => (inputs[name] as string | undefined) ?? part);
  const source = text
    .split(/(\{\w+\})/)
    .map((part) => {
      const input = /^\{(\w+)\}$/.exec(part)?.[1];
      if (input === undefined) return escape(part);
      const value = inputs[input];
      return value instanceof RegExp ? `(?:${value.source})` : escape(value ?? part);
    })
    .join('');
  return new RegExp(`^${source}$`, 'u');
}

/** The words in a text: runs of letters, lower-cased. */
function words(text: string): string[] {
  return (text.match(/\p{L}+/gu) ?? []).map((w) => w.toLocaleLowerCase('en'));
}

/** Every word of a language's messages, placeholders left out. */
export function catalogueWords(language: string): Set<string> {
  const texts = Object.values(catalogue(language)).flatMap((m) => (typeof m === 'string' ? [m] : m.flatMap((v) => Object.values(v.match))));
  return new Set(texts.flatMap((text) => words(text.replace(/\{\w+\}/g, ' '))));
}

/**
 * Words of `texts` that are words of the English messages and not of `own` (the page language's):
 * "DICOM", "PDF" or "zip" appear in both and are not English UI left behind.
 */
export function englishOnly(texts: string[], own: Set<string>): string[] {
  const english = catalogueWords('en');
  return texts.flatMap((text) => words(text).filter((w) => w.length > 1 && english.has(w) && !own.has(w)).map((w) => `${w} (in "${text}")`));
}

/**
 * What a person reading or listening to the page meets: the text of every rendered text node and
 * the accessible names and hints (aria-label, title, alt, placeholder) of the page's elements. DICOM
 * values, marked translate="no" because they are shown as the file has them, are left out.
 */
export function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shownAsIs = (node: Node) => (node instanceof Element ? node : node.parentElement)?.closest('[translate=no], script, style, template') != null;
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || shownAsIs(node) || !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      // A closed select's other options, and text of a closed <details>, take no room on screen.
      if (range.getClientRects().length === 0 && !parent.closest('select')) continue;
      if (parent.closest('select') && !(parent instanceof HTMLOptionElement && parent.selected)) continue;
      texts.push(text);
    }
    for (const element of document.body.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      if (shownAsIs(element)) continue;
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = element.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}
