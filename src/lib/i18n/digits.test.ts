import { describe, expect, it } from 'vitest';
import { asciiDigits } from './digits';

describe('asciiDigits', () => {
  it('reads a PIN typed in Arabic-Indic, Persian or full-width digits as the same PIN', () => {
    expect(asciiDigits('٤٨٢١')).toBe('4821');
    expect(asciiDigits('۴۸۲۱')).toBe('4821');
    expect(asciiDigits('４８２１')).toBe('4821');
    expect(asciiDigits('48 21')).toBe('48 21');
  });

  it('leaves other characters, and digits of other scripts, as they are', () => {
    expect(asciiDigits('a١b')).toBe('a1b');
    expect(asciiDigits('१२')).toBe('१२');
  });
});
