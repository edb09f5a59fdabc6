// A PIN typed on an Arabic or Persian phone keyboard comes as ٤٨٢١ or ۴۸۲۱, and a Chinese input
// method may give full-width ４８２１: all mean 4821, the digits the store's PIN check was made from.

/** Where each script's digits start (zero), for the keyboards patients type PINs on. */
const ZEROS = [0x0660 /* Arabic-Indic */, 0x06f0 /* Extended Arabic-Indic (Persian, Urdu) */, 0xff10 /* full-width */];

export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    const zero = ZEROS.find((z) => code >= z && code <= z + 9);
    return zero === undefined ? digit : String(code - zero);
  });
}
