import { describe, expect, it } from 'vitest';
import { SentLedger } from './ledger';
import { loadPacsSettings, savePacsSettings } from './settings';
import { MemoryStorage } from './testing';

const URL = 'https://pacs.example/dicom-web';
const FILES = ['aa', 'bb', 'cc'];

describe('ledger of what a PACS confirmed', () => {
  it('remembers confirmed files per PACS and study across openings, and forgets unconfirmed ones', async () => {
    const storage = new MemoryStorage();
    const first = await SentLedger.open(storage, URL, FILES);
    first.confirm([{ index: 0, status: 'stored', reason: null }, { index: 2, status: 'warning', reason: 0xb000 }]);
    const again = await SentLedger.open(storage, URL, FILES);
    expect(again.count).toBe(2);
    expect(again.confirmed(2)).toEqual({ status: 'warning', reason: 0xb000 });
    expect(again.confirmed(1)).toBeNull();
    again.unconfirm([0]);
    expect((await SentLedger.open(storage, URL, FILES)).confirmed(0)).toBeNull();
  });

  it('keeps other PACS and other files apart, and stores no address or UID in the clear', async () => {
    const storage = new MemoryStorage();
    (await SentLedger.open(storage, URL, FILES)).confirm([{ index: 0, status: 'stored', reason: null }]);
    expect((await SentLedger.open(storage, 'https://other.example/dw', FILES)).count).toBe(0);
    expect((await SentLedger.open(storage, URL, ['aa', 'bb'])).count).toBe(0);
    expect(storage.key(0)).toMatch(/^discless\.pacs\.sent\.[0-9a-f]{64}$/);
    expect(storage.getItem(storage.key(0)!)).not.toContain('pacs.example');
  });

  it('remembers the largest request the server took, and drops records older than 92 days', async () => {
    const storage = new MemoryStorage();
    const ledger = await SentLedger.open(storage, URL, FILES);
    ledger.batchBytes = 1_000_000;
    expect((await SentLedger.open(storage, URL, FILES)).batchBytes).toBe(1_000_000);
    expect((await SentLedger.open(storage, URL, FILES, Date.now() + 93 * 24 * 3600 * 1000)).batchBytes).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('starts afresh from a damaged record', async () => {
    const storage = new MemoryStorage();
    (await SentLedger.open(storage, URL, FILES)).confirm([{ index: 0, status: 'stored', reason: null }]);
    storage.setItem(storage.key(0)!, '{not json');
    expect((await SentLedger.open(storage, URL, FILES)).count).toBe(0);
  });
});

describe('PACS settings', () => {
  it('keep the address, login kind and user, and the password only when asked to', () => {
    const storage = new MemoryStorage();
    savePacsSettings({ url: URL, auth: 'basic', user: 'clinic', secret: 'pw', remember: false }, storage);
    expect(storage.getItem('discless.pacs')).not.toContain('pw');
    expect(loadPacsSettings(storage)).toEqual({ url: URL, auth: 'basic', user: 'clinic', secret: '', remember: false });
    savePacsSettings({ url: URL, auth: 'bearer', user: '', secret: 'tok', remember: true }, storage);
    expect(loadPacsSettings(storage)).toEqual({ url: URL, auth: 'bearer', user: '', secret: 'tok', remember: true });
  });

  it('fall back to none for anything unreadable', () => {
    const storage = new MemoryStorage();
    storage.setItem('discless.pacs', '{"auth":"kerberos","url":5}');
    expect(loadPacsSettings(storage)).toEqual({ url: '', auth: 'none', user: '', secret: '', remember: false });
    storage.setItem('discless.pacs', 'nonsense');
    expect(loadPacsSettings(storage).auth).toBe('none');
    expect(loadPacsSettings(null).url).toBe('');
  });
});
