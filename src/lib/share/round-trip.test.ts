// The sender's pipeline and the viewer's reader against each other, through a store kept in memory
// behind StoreClient's fetcher: every file shared comes back bit-identical through the export's
// read-ahead (study-stream.ts) and through single reads. The real store and browsers do the same end
// to end in tests/e2e/share-and-view.spec.ts.

import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../core/bytes';
import { indexFile } from '../core/dicom/index-file';
import { StudyIndexBuilder } from '../core/dicom/study-index';
import { listSamples, readSample } from '../core/dicom/test-helpers';
import { StoreClient } from '../store/client';
import { ShareReader } from '../viewer/share-reader';
import { verifiedFiles } from '../viewer/study-stream';
import { createShare, type ShareEvent } from './create-share';

/** A store in memory that keeps bodies and answers single Range requests. */
function memoryStore() {
  const bodies = new Map<string, Uint8Array>();
  let state: 'uploading' | 'ready' = 'uploading';
  const fetcher = (async (url: string, init: RequestInit = {}) => {
    const path = new URL(url, 'http://store').pathname.split('/').slice(4);
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    const objects = [...bodies].filter(([k]) => k.startsWith('objects/')).map(([k, v]) => ({ n: Number(k.split('/')[1]), size: v.length }));
    const view = () => ({ id: path[0], state, expiresAt: '2030-01-01T00:00:00.000Z', objects, manifestSize: null, pin: false });
    if (init.method === 'POST') return json(view(), 201);
    const key = path.slice(1).join('/');
    if (init.method === 'PUT') {
      bodies.set(key, new Uint8Array(await (init.body as Blob).arrayBuffer()));
      if (key === 'manifest') state = 'ready';
      return json({}, 201);
    }
    if (!key) return json(view());
    const body = bodies.get(key)!;
    const range = /bytes=(\d+)-(\d+)/.exec(new Headers(init.headers).get('range') ?? '');
    return range ? new Response(body.slice(Number(range[1]), Number(range[2]) + 1), { status: 206 }) : new Response(body.slice());
  }) as typeof fetch;
  return new StoreClient('http://store', fetcher);
}

describe('a share read back', () => {
  it('gives every file bit-identical, through the read-ahead and one by one', async () => {
    const builder = new StudyIndexBuilder();
    const files: Record<string, File> = {};
    const originals = new Map<string, Uint8Array>();
    for (const p of listSamples().filter((s) => s.startsWith('dicomdir-pcir/'))) {
      const bytes = readSample(p);
      builder.add(indexFile(p, bytes));
      files[p] = new File([bytes as BlobPart], p);
      originals.set(p, bytes);
    }
    const client = memoryStore();
    const events: ShareEvent[] = [];
    const input = { index: builder.build(), files, origin: 'https://discless.example', ttlSeconds: 86_400, label: '', thumbnails: {} };
    await createShare(input, (e) => events.push(e), client);
    const started = events.find((e) => e.type === 'started')!;

    const reader = await ShareReader.open(fromBase64url(started.secret), undefined, client);
    const seen: number[] = [];
    for await (const { index, bytes } of verifiedFiles(reader)) {
      seen.push(index);
      expect(Buffer.from(bytes).equals(Buffer.from(originals.get(reader.manifest.files[index].path)!))).toBe(true);
    }
    expect(seen).toEqual(reader.manifest.files.map((_, i) => i));
    const last = reader.manifest.files.length - 1;
    expect(Buffer.from(await reader.readFile(last)).equals(Buffer.from(originals.get(reader.manifest.files[last].path)!))).toBe(true);
    expect(events.filter((e) => e.type === 'file').map((e) => e.i)).toEqual(seen);
  });
});
