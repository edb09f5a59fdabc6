// What the history shows for a share: the local record joined with what the store says now.

import type { StoreError } from '../store/client';

export type ShareState = 'uploading' | 'interrupted' | 'active' | 'expired' | 'revoked' | 'gone' | 'unknown';

/** "DOE, Peter" → "P. D.": enough for staff to tell shares apart, little for a passer-by. */
export function initials(name: string): string {
  const [family, given = ''] = name.split(',').map((part) => part.trim());
  const letters = [...given.split(/\s+/), ...family.split(/\s+/)].map((w) => w.charAt(0).toUpperCase()).filter(Boolean);
  return letters.map((l) => `${l}.`).join(' ');
}

/** `remote` is the store's owner view of the share, or the error it gave. */
export function shareState(local: 'uploading' | 'done', remote: { state: 'uploading' | 'ready' } | StoreError | null, now: Date, expiresAt: string): ShareState {
  if (remote && 'code' in remote) {
    if (remote.code === 'expired') return 'expired';
    if (remote.code === 'revoked') return 'revoked';
    if (remote.code === 'not-found') return 'gone';
    return new Date(expiresAt) <= now ? 'expired' : 'unknown';
  }
  if (new Date(expiresAt) <= now) return 'expired';
  if (remote?.state === 'ready') return 'active';
  if (local === 'uploading') return remote ? 'interrupted' : 'uploading';
  return 'unknown';
}
