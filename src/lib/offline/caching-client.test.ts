import { describe, expect, it } from 'vitest';
import type { ShareStatus } from '../store/client';
import { CachingStoreClient } from './caching-client';
import type { ShareCache } from './share-cache';

const MiB = 1024 * 1024;
const ID = 'ab'.repeat(16);
const SIZES = [10 * MiB, 3, 5];
const bodies = SIZES.map((size, n) => new Uint8Array(size).fill(n + 1));

/** The store's answers over a fetch of our own; `hold` keeps a request open until released. */
function store() {
  const log: string[] = [];
  /** Requests to keep open the first time they come, and how to let each go. */
  const held = new Set<string>();
  const releases = new Map<string, () => void>();
  const status: ShareStatus = { id: ID, state: 'ready', expiresAt: '', objects: SIZES.map((size, n) => ({ n, size })), manifestSize: 4, pin: false };
  const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
    const path = String(url).replace(/^.*\/api\/v1\/shares\/[0-9a-f]+/, '');
    if (path === '') return Response.json(status);
    if (path === '/manifest') return new Response(new Uint8Array(4));
    const n = Number(/\/objects\/(\d+)/.exec(path)![1]);
    const [start, last] = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get('range') ?? '')!.slice(1).map(Number);
    const key = `${n}:${start}`;
    log.push(key);
    if (held.delete(key)) await new Promise<void>((release) => releases.set(key, release));
    return new Response(bodies[n].slice(start, last + 1), { status: 206 });
  };
  const hold = (key: string) => held.add(key);
  const release = (key: string) => releases.get(key)!();
  return { log, hold, release, fetcher: fetcher as typeof fetch };
}

/** ShareCache's contract, in memory (IndexedDB is the browser's). */
function memoryCache() {
  const objects = new Map<number, Blob>();
  let saved = false;
  return {
    objects,
    share: async () => (saved ? { manifest: new Blob([new Uint8Array(4)]) } : undefined),
    saveShare: async () => void (saved = true),
    object: async (_: string, n: number) => objects.get(n),
    saveObject: async (_: string, n: number, bytes: Uint8Array) => void objects.set(n, new Blob([bytes as BlobPart])),
    markComplete: async () => {},
    remove: async () => {}
  } as unknown as ShareCache & { objects: Map<number, Blob> };
}

async function opened() {
  const fake = store();
  const cache = memoryCache();
  const client = new CachingStoreClient(cache, 'http://store.test', fake.fetcher);
  await client.status(ID);
  await client.manifest(ID);
  return { ...fake, cache, client };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('CachingStoreClient.keepOffline', () => {
  it('keeps the objects the viewer wants first, in 4 MiB pieces, then the rest, byte for byte', async () => {
    const { log, cache, client } = await opened();
    const progress: number[] = [];
    expect(await client.keepOffline(ID, [2, 0], (done) => progress.push(done))).toBe(true);
    expect(log).toEqual(['2:0', `0:0`, `0:${4 * MiB}`, `0:${8 * MiB}`, '1:0']);
    // Buffer.equals: a deep toEqual over 10 MiB takes minutes.
    for (const [n, body] of bodies.entries()) expect(Buffer.from(await cache.objects.get(n)!.arrayBuffer()).equals(body)).toBe(true);
    expect(progress.at(-1)).toBe(10 * MiB + 8);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('fetches nothing while a read the viewer waits for is under way', async () => {
    const { log, hold, release, client } = await opened();
    hold('1:0');
    const read = client.object(ID, 1, { start: 0, end: 3 });
    const keeping = client.keepOffline(ID, [0], () => {});
    await tick();
    expect(log).toEqual(['1:0']);
    release('1:0');
    expect(await read).toEqual(bodies[1]);
    await keeping;
    expect(log.slice(1)).toEqual(['0:0', `0:${4 * MiB}`, `0:${8 * MiB}`, '1:0', '2:0']);
  });

  it('fetches nothing while an export runs, and goes on after it', async () => {
    const { log, client } = await opened();
    let finish = () => {};
    const exporting = client.whileBusy(() => new Promise<void>((resolve) => (finish = resolve)));
    const keeping = client.keepOffline(ID, [0], () => {});
    await tick();
    expect(log).toEqual([]);
    finish();
    await exporting;
    await keeping;
    expect(log).toEqual(['0:0', `0:${4 * MiB}`, `0:${8 * MiB}`, '1:0', '2:0']);
  });

  it('moves the objects of a series the user picks to the front of what is left', async () => {
    const { log, hold, release, client } = await opened();
    hold('0:0');
    const keeping = client.keepOffline(ID, [0, 1, 2], () => {});
    await tick();
    client.prioritise([2]);
    release('0:0');
    await keeping;
    expect(log).toEqual(['0:0', `0:${4 * MiB}`, `0:${8 * MiB}`, '2:0', '1:0']);
  });
});
