// The resume logic of the pipeline, against a store kept in memory behind StoreClient's fetcher (the
// real store is exercised end to end in tests/e2e/sender-resume.spec.ts).

import { describe, expect, it } from 'vitest';
import { indexFile } from '../core/dicom/index-file';
import { StudyIndexBuilder } from '../core/dicom/study-index';
import { listSamples, readSample } from '../core/dicom/test-helpers';
import { cipherSize } from '../core/stream';
import { StoreClient } from '../store/client';
import { createShare, type CreateShareInput, type ShareEvent } from './create-share';
import { fromBase64url, toBase64url } from '../core/bytes';
import { Deidentifier } from '../core/deid/deidentify';
import { planShare } from '../core/deid/plan';
import { blobSource } from '../core/deid/source';
import { DEFAULT_OPTIONS } from '../core/deid/profile';
import { orderFiles } from '../core/share-plan';

function memoryStore() {
  const objects = new Map<number, number>();
  const puts: string[] = [];
  let state: 'uploading' | 'ready' = 'uploading';
  const fetcher = (async (url: string, init: RequestInit = {}) => {
    const path = new URL(url, 'http://store').pathname.split('/').slice(4);
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    const view = () => ({ id: path[0] ?? 'x', state, expiresAt: '2030-01-01T00:00:00.000Z', objects: [...objects].map(([n, size]) => ({ n, size })), manifestSize: null });
    if (init.method === 'POST') return json(view(), 201);
    if (init.method === 'PUT') {
      puts.push(path.slice(1).join('/'));
      if (path[1] === 'manifest') state = 'ready';
      else objects.set(Number(path[2]), (init.body as Blob).size);
      return json({}, 201);
    }
    return json(view());
  }) as typeof fetch;
  return { client: new StoreClient('http://store', fetcher), puts, objects };
}

function input(): CreateShareInput {
  const builder = new StudyIndexBuilder();
  const files: Record<string, File> = {};
  for (const p of listSamples().filter((s) => s.startsWith('dicomdir-pcir/'))) {
    const bytes = readSample(p);
    builder.add(indexFile(p, bytes));
    files[p] = new File([bytes as BlobPart], p);
  }
  return { index: builder.build(), files, origin: 'https://discless.example', ttlSeconds: 86_400, label: '', thumbnails: {} };
}

async function share(store: ReturnType<typeof memoryStore>, given: CreateShareInput) {
  const events: ShareEvent[] = [];
  const result = await createShare(given, (e) => events.push(e), store.client);
  return { result, events };
}

describe('continuing an upload', () => {
  it('returns at once when the store already committed the share', async () => {
    const store = memoryStore();
    const first = await share(store, input());
    const started = first.events.find((e) => e.type === 'started')!;
    const puts = store.puts.length;
    const resumed = await share(store, { ...input(), resume: { secret: started.secret, ownerToken: started.ownerToken, expiresAt: started.expiresAt, salts: [], sha256: [] } });
    expect(store.puts).toHaveLength(puts);
    expect(resumed.result.link).toBe(first.result.link);
  });

  it('does not encrypt or send again an object the store holds at full size', async () => {
    const store = memoryStore();
    const first = await share(store, input());
    const started = first.events.find((e) => e.type === 'started')!;
    const salts = first.events.filter((e) => e.type === 'object').map((e) => e.salt);
    const sha256 = first.events.filter((e) => e.type === 'file').map((e) => e.sha256);
    expect(store.objects.get(0)).toBe(cipherSize(first.result.bytes));

    const again = memoryStore();
    again.objects.set(0, cipherSize(first.result.bytes));
    const resumed = await share(again, { ...input(), resume: { secret: started.secret, ownerToken: started.ownerToken, expiresAt: started.expiresAt, salts, sha256 } });
    expect(again.puts).toEqual(['manifest']);
    expect(resumed.result.link).toBe(first.result.link);
  });

  it('sends again an object the store holds only in part', async () => {
    const store = memoryStore();
    const first = await share(store, input());
    const started = first.events.find((e) => e.type === 'started')!;
    const again = memoryStore();
    again.objects.set(0, 1000);
    const { events } = await share(again, { ...input(), resume: { secret: started.secret, ownerToken: started.ownerToken, expiresAt: started.expiresAt, salts: ['AAAAAAAAAAAAAAAAAAAAAA'], sha256: [] } });
    expect(again.puts).toEqual(['objects/0', 'manifest']);
    expect(events.filter((e) => e.type === 'object')).toHaveLength(1);
  });

  it('stops with file-changed when a re-picked file differs from the first attempt', async () => {
    const store = memoryStore();
    const first = await share(store, input());
    const started = first.events.find((e) => e.type === 'started')!;
    const sha256 = first.events.filter((e) => e.type === 'file').map((e) => e.sha256);
    sha256[3] = '0'.repeat(64);
    const resumed = createShare({ ...input(), resume: { secret: started.secret, ownerToken: started.ownerToken, expiresAt: started.expiresAt, salts: [null], sha256 } }, () => {}, memoryStore().client);
    await expect(resumed).rejects.toMatchObject({ code: 'file-changed' });
  });
});

describe('a de-identified share', () => {
  const deid = { pseudonym: 'CASE 7', options: DEFAULT_OPTIONS, key: toBase64url(new Uint8Array(32).fill(9)), identifiers: ['doe'] };

  it('uploads rewritten files under neutral names, and the same bytes again when continued', async () => {
    const store = memoryStore();
    const plain = input();
    const first = await share(store, { ...plain, deid });
    const started = first.events.find((e) => e.type === 'started')!;
    expect(started.files.every((f) => /^DEIDENTIFIED\/\d{5}$/.test(f.path))).toBe(true);
    expect(started.files.map((f) => f.size)).not.toEqual(orderFiles(plain.index).map((f) => f.size));
    const sha256 = first.events.filter((e) => e.type === 'file').map((e) => e.sha256);
    // Nothing stored: every file is rewritten and hashed again, and must hash the same.
    const resumed = await share(memoryStore(), { ...input(), deid, resume: { secret: started.secret, ownerToken: started.ownerToken, expiresAt: started.expiresAt, salts: [], sha256 } });
    expect(resumed.events.filter((e) => e.type === 'file').map((e) => e.sha256)).toEqual(sha256);
  });

  it('sends the same bytes from a plan made ahead on the review as from its own', async () => {
    const own = await share(memoryStore(), { ...input(), deid });
    const given = input();
    const deidentifier = await Deidentifier.create({ pseudonym: deid.pseudonym, options: deid.options, key: fromBase64url(deid.key) }, deid.identifiers);
    const plan = structuredClone(await planShare(given.index, (path) => blobSource(given.files[path]), deidentifier));
    const ahead = await share(memoryStore(), { ...given, deid: { ...deid, plan } });
    const hashes = (r: typeof own) => r.events.filter((e) => e.type === 'file').map((e) => e.sha256);
    expect(hashes(ahead)).toEqual(hashes(own));
    expect(ahead.events.some((e) => e.type === 'progress' && e.phase === 'preparing')).toBe(false);
  });
});
