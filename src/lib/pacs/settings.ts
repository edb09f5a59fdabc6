// The PACS the user sends to, kept in this browser's local storage only: the address, the kind of
// login and the user name; the password or token only when the user ticks "remember on this
// device". None of it is sent anywhere but to that PACS.

export type AuthKind = 'none' | 'basic' | 'bearer';

export interface PacsSettings {
  url: string;
  auth: AuthKind;
  user: string;
  /** The password (basic) or token (bearer). */
  secret: string;
  remember: boolean;
}

const KEY = 'discless.pacs';
export const NO_SETTINGS: PacsSettings = { url: '', auth: 'none', user: '', secret: '', remember: false };

export function localStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Blocked by the browser's privacy settings: nothing is remembered.
    return null;
  }
}

export function loadPacsSettings(storage = localStore()): PacsSettings {
  try {
    const saved = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<PacsSettings> | null;
    if (!saved || typeof saved !== 'object') return { ...NO_SETTINGS };
    const auth: AuthKind = saved.auth === 'basic' || saved.auth === 'bearer' ? saved.auth : 'none';
    const remember = saved.remember === true;
    return {
      url: typeof saved.url === 'string' ? saved.url : '',
      auth,
      user: typeof saved.user === 'string' ? saved.user : '',
      secret: remember && typeof saved.secret === 'string' ? saved.secret : '',
      remember
    };
  } catch {
    return { ...NO_SETTINGS };
  }
}

export function savePacsSettings(settings: PacsSettings, storage = localStore()): void {
  const { url, auth, user, remember, secret } = settings;
  storage?.setItem(KEY, JSON.stringify({ url, auth, user, remember, ...(remember ? { secret } : {}) }));
}
