// The language of the page. Patients' pages (the viewer with its PIN form, the scan page) follow
// the browser's languages or the one chosen in the viewer, kept in this browser; staff pages follow
// the languages the staff catalogue has (English until a clinic adds its own). Components read
// messages through `m` (patient-facing) and `s` (staff), which change with the language.

import { formatIn } from '../format';
import { loadCatalogue, languagesOf, type PatientMessages, type StaffMessages } from './catalogue';
import { direction, formattingTag, isLanguage, pickLanguage, SOURCE_LANGUAGE, type Language } from './languages';

const CHOSEN = 'discless.language';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Blocked by privacy settings: the choice then lasts as long as the page.
    return null;
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** The Intl locale for `code` in this browser: its own variant of that language, if it lists one. */
export function tagFor(code: string): string {
  return formattingTag(code, browserLanguages());
}

/** The language a patient's page opens in: the one chosen here before, else the browser's. */
export function patientLanguage(): Language {
  const chosen = storage()?.getItem(CHOSEN);
  return isLanguage(chosen) ? chosen : pickLanguage(browserLanguages());
}

class PageLanguage {
  code = $state<Language>(SOURCE_LANGUAGE);
  /** The Intl locale that dates, numbers and sizes are formatted with. */
  tag = $state<string>(SOURCE_LANGUAGE);
  patient = $state.raw<PatientMessages | null>(null);
  staff = $state.raw<StaffMessages | null>(null);

  /** Shows a patient's page in `code`. */
  async use(code: Language): Promise<void> {
    const tag = tagFor(code);
    this.show(code, tag, await loadCatalogue('patient', code, tag));
  }

  /**
   * Shows a staff page: in the first of the browser's languages the staff catalogue has, with the
   * patient-facing messages it shows (errors, the printed sheet's defaults) in the same language
   * where they exist, else in the source language.
   */
  async useForStaff(): Promise<void> {
    const staffCode = pickLanguage(browserLanguages(), languagesOf('staff'));
    const code = isLanguage(staffCode) ? staffCode : SOURCE_LANGUAGE;
    const tag = tagFor(staffCode);
    const [patient, staff] = await Promise.all([loadCatalogue('patient', code, tag), loadCatalogue('staff', staffCode, tag)]);
    this.staff = staff;
    this.show(code, tag, patient);
    if (typeof document !== 'undefined') {
      document.documentElement.lang = staffCode;
      document.documentElement.dir = direction(staffCode);
    }
  }

  private show(code: Language, tag: string, patient: PatientMessages): void {
    this.patient = patient;
    this.code = code;
    this.tag = tag;
    if (typeof document !== 'undefined') {
      document.documentElement.lang = code;
      document.documentElement.dir = direction(code);
    }
  }

  /** The patient's own choice: shown now and kept for the next visit in this browser. */
  async choose(code: Language): Promise<void> {
    await this.use(code);
    storage()?.setItem(CHOSEN, code);
  }
}

export const language = new PageLanguage();
formatIn(() => language.tag);

/** An object whose properties are the current catalogue's: reading one in a template follows language changes. */
function current<T extends object>(get: () => T | null, name: string): T {
  const loaded = () => {
    const catalogue = get();
    if (!catalogue) throw new Error(`The ${name} messages are not loaded yet`);
    return catalogue;
  };
  return new Proxy({} as T, {
    get: (_, key) => loaded()[key as keyof T],
    has: (_, key) => key in loaded()
  });
}

/** Patient-facing messages in the page's language. */
export const m: PatientMessages = current(() => language.patient, 'patient');
/** Staff pages' messages. */
export const s: StaffMessages = current(() => language.staff, 'staff');
