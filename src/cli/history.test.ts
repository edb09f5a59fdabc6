import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History, type CliShareRecord } from './history';

const record = (shareId: string): CliShareRecord =>
  ({ shareId, secret: 's', ownerToken: 't', salts: [], sha256: [], files: [], source: '/cd', store: 'http://x' }) as unknown as CliShareRecord;

describe('History', () => {
  it('keeps records in a file only its owner can read, in a folder only its owner can open', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'history-')), 'discless', 'history.json');
    const history = new History(path);
    history.save(record('a'.repeat(32)));
    history.save({ ...record('a'.repeat(32)), ownerToken: 'u' });
    history.save(record('b'.repeat(32)));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(new History(path).list().map((r) => [r.shareId[0], r.ownerToken])).toEqual([['a', 'u'], ['b', 't']]);
  });

  it('finds a share by a unique start of its id, and says so when it has none', () => {
    const history = new History(join(mkdtempSync(join(tmpdir(), 'history-')), 'h.json'));
    history.save(record('abcdef01'.repeat(4)));
    history.save(record('abcdef02'.repeat(4)));
    expect(history.get('abcdef01').shareId).toBe('abcdef01'.repeat(4));
    expect(() => history.get('abcdef')).toThrow(/Several shares/);
    expect(() => history.get('ffffff')).toThrow(expect.objectContaining({ code: 'not-in-history' }));
  });

  it('refuses a file that is not a history rather than overwriting it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'history-')), 'h.json');
    writeFileSync(path, '{"not": "ours"}');
    expect(() => new History(path).save(record('a'.repeat(32)))).toThrow(expect.objectContaining({ code: 'bad-history' }));
  });
});
