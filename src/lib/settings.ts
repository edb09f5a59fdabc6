// Settings kept on this device only. The upload key is entered once by IT on the settings page and
// sent as a bearer token when creating a share (docs/STORE_API.md); it never leaves this browser
// otherwise. Everything here runs on the page: web workers get the values they need as arguments.

const UPLOAD_KEY = 'discless.uploadKey';
/** The shape the store accepts (worker/src/tokens.ts). */
export const UPLOAD_KEY_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be blocked by the browser's privacy settings; the key is then simply absent.
    return null;
  }
}

export function loadUploadKey(): string | null {
  return storage()?.getItem(UPLOAD_KEY) ?? null;
}

/** Saves the key, or forgets it when empty. Returns false when the key cannot be one. */
export function saveUploadKey(key: string): boolean {
  const trimmed = key.trim();
  if (trimmed === '') {
    storage()?.removeItem(UPLOAD_KEY);
    return true;
  }
  if (!UPLOAD_KEY_PATTERN.test(trimmed)) return false;
  storage()?.setItem(UPLOAD_KEY, trimmed);
  return true;
}
