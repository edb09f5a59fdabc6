import { describe, expect, it } from 'vitest';
import { StoreError } from '../store/client';
import { initials, shareState } from './status';

describe('share history', () => {
  it.each([
    ['DOE, Peter', 'P. D.'],
    ['VAN DER BERG, Anna Maria', 'A. M. V. D. B.'],
    ['山田, 太郎', '太. 山.'],
    ['', '']
  ])('shows %s as the initials %s', (name, want) => expect(initials(name)).toBe(want));

  const now = new Date('2026-11-27T12:00:00Z');
  const later = '2026-12-27T12:00:00.000Z';
  const earlier = '2026-11-01T12:00:00.000Z';
  it.each([
    ['a committed share', 'done', { state: 'ready' }, later, 'active'],
    ['a share past its expiry', 'done', { state: 'ready' }, earlier, 'expired'],
    ['a share the store calls expired', 'done', new StoreError('expired', '', 410), later, 'expired'],
    ['a share the store revoked', 'done', new StoreError('revoked', '', 410), later, 'revoked'],
    ['a share the store no longer knows', 'done', new StoreError('not-found', '', 404), later, 'gone'],
    ['an upload that stopped half-way', 'uploading', { state: 'uploading' }, later, 'interrupted'],
    ['a share while the store is unreachable', 'done', new StoreError('offline', '', 0), later, 'unknown']
  ] as const)('calls %s %s', (_, local, remote, expiresAt, want) => {
    expect(shareState(local, remote as never, now, expiresAt)).toBe(want);
  });
});
