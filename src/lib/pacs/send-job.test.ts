import { describe, expect, it } from 'vitest';
import { DisclessError } from '../core/errors';
import { PacsError } from './errors';
import type { PacsInstance } from './instances';
import { SentLedger } from './ledger';
import { StowJob, type JobSnapshot } from './send-job';
import type { StowItem } from './stow-response';
import { MemoryStorage, uidsInBody } from './testing';

/** n instances whose bytes are their UIDs (1.2.0 …), in two series of one study. */
function study(n: number): PacsInstance[] {
  return Array.from({ length: n }, (_, index) => {
    const uid = `1.2.${index}`;
    return { index, size: uid.length, sopInstanceUid: uid, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', studyUid: '9', seriesUid: index % 2 ? 's1' : 's2' };
  });
}

type Reply = StowItem[] | Error | ((signal: AbortSignal) => Promise<StowItem[]>);

const ok = (uids: string[]): StowItem[] => uids.map((sopInstanceUid) => ({ sopInstanceUid, sopClassUid: '', status: 'stored', reason: null }));

/** A PACS that answers each request from a script, keeps what it confirms, and lists it by QIDO. */
function pacs(script: (uids: string[], call: number) => Reply = ok) {
  const requests: string[][] = [];
  const kept = new Set<string>();
  let qido: (uid: string) => boolean = (uid) => kept.has(uid);
  let qidoFails = false;
  const client = {
    store: async (body: Blob, _type: string, signal?: AbortSignal) => {
      const uids = await uidsInBody(body);
      requests.push(uids);
      let reply = script(uids, requests.length);
      if (typeof reply === 'function') reply = await reply(signal!);
      if (reply instanceof Error) throw reply;
      for (const item of reply) if (item.status !== 'failed') kept.add(item.sopInstanceUid);
      return { status: 200, items: reply };
    },
    instancesOf: async () => {
      if (qidoFails) throw new PacsError('pacs-forbidden', 'no QIDO');
      return new Set([...kept].filter((uid) => qido(uid)));
    }
  };
  return {
    client,
    requests,
    kept,
    hide: (f: (uid: string) => boolean) => (qido = f),
    failQido: () => (qidoFails = true)
  };
}

async function job(instances: PacsInstance[], server: ReturnType<typeof pacs>, options: { storage?: MemoryStorage; batchBytes?: number; read?: (i: number) => Promise<Uint8Array> } = {}) {
  const ledger = await SentLedger.open(options.storage ?? new MemoryStorage(), 'https://pacs.example/dw', instances.map((i) => String(i.index)));
  const snapshots: JobSnapshot[] = [];
  const read = options.read ?? (async (index: number) => new TextEncoder().encode(instances.find((i) => i.index === index)!.sopInstanceUid));
  const stow = new StowJob(instances, {
    client: server.client,
    read,
    ledger,
    onChange: (s) => snapshots.push(s),
    batchBytes: options.batchBytes ?? 15,
    backoffMs: () => 1,
    recheckMs: 1
  });
  return { stow, snapshots, ledger, last: () => snapshots.at(-1)! };
}

const statuses = (stow: StowJob) => [...stow.results.values()].sort((a, b) => a.instance.index - b.instance.index).map((r) => [r.instance.sopInstanceUid, r.status, r.reason]);

describe('sending to a PACS', () => {
  it('sends every instance once, in batches no larger than asked, and ends done and verified', async () => {
    const server = pacs();
    const { stow, last, ledger } = await job(study(7), server);
    await stow.run();
    expect(server.requests).toEqual([['1.2.0', '1.2.1', '1.2.2'], ['1.2.3', '1.2.4', '1.2.5'], ['1.2.6']]);
    expect(last()).toMatchObject({ phase: 'done', total: 7, done: 7, sent: 7, failed: 0, warnings: 0, verified: true, doneBytes: 35, totalBytes: 35 });
    expect(ledger.count).toBe(7);
  });

  it("reports failures and warnings with the server's reasons, and counts only confirmed ones as sent", async () => {
    const server = pacs((uids) =>
      uids.map((uid) => (uid === '1.2.1' ? { sopInstanceUid: uid, sopClassUid: '', status: 'failed', reason: 0xa900 } : uid === '1.2.2' ? { sopInstanceUid: uid, sopClassUid: '', status: 'warning', reason: 0xb000 } : ok([uid])[0]))
    );
    const { stow, last, ledger } = await job(study(3), server);
    await stow.run();
    expect(statuses(stow)).toEqual([['1.2.0', 'stored', null], ['1.2.1', 'failed', 0xa900], ['1.2.2', 'warning', 0xb000]]);
    expect(last()).toMatchObject({ phase: 'done', sent: 2, warnings: 1, failed: 1 });
    expect(ledger.confirmed(1)).toBeNull();
  });

  it('sends instances the answer left out again alone, then reports them as not confirmed', async () => {
    // As Orthanc does after a part its filter failed on: that one and the rest of the request vanish.
    const server = pacs((uids) => ok(uids.slice(0, Math.max(0, uids.indexOf('1.2.1')) || (uids.includes('1.2.1') ? 0 : uids.length))));
    const { stow, last } = await job(study(3), server);
    await stow.run();
    expect(server.requests).toEqual([['1.2.0', '1.2.1', '1.2.2'], ['1.2.1'], ['1.2.2']]);
    expect(statuses(stow)).toEqual([['1.2.0', 'stored', null], ['1.2.1', 'failed', 'not-confirmed'], ['1.2.2', 'stored', null]]);
    expect(last()).toMatchObject({ sent: 2, failed: 1 });
  });

  it('halves the batch on 413, remembers the size, and fails an instance too large alone', async () => {
    const server = pacs((uids) => (uids.join('').length > 10 ? new PacsError('pacs-too-large', '413', 413) : ok(uids)));
    const instances = [...study(4), { index: 4, size: 11, sopInstanceUid: '1.2.3456789', sopClassUid: 'x', studyUid: '9', seriesUid: 's1' }];
    const { stow, ledger } = await job(instances, server, { batchBytes: 100 });
    await stow.run();
    expect(statuses(stow).map(([uid, s, r]) => `${uid} ${s} ${r}`)).toEqual(['1.2.0 stored null', '1.2.1 stored null', '1.2.2 stored null', '1.2.3 stored null', '1.2.3456789 failed too-large']);
    expect(ledger.batchBytes).toBeLessThanOrEqual(10);
    expect(new Set(server.kept).size).toBe(4);
  });

  it('splits a batch the server keeps failing on (500) to find the instance, and sends the others', async () => {
    const server = pacs((uids) => (uids.includes('1.2.2') ? new PacsError('pacs-server-error', '500', 500) : ok(uids)));
    const { stow, last } = await job(study(4), server, { batchBytes: 100 });
    await stow.run();
    expect(statuses(stow).filter(([, s]) => s === 'failed')).toEqual([['1.2.2', 'failed', 'server-error']]);
    expect(last()).toMatchObject({ phase: 'done', sent: 3, failed: 1 });
  });

  it('waits out a server that stops answering, shows itself paused by the server, and goes on without losing or repeating', async () => {
    let down = false;
    const pausedSeen: JobSnapshot[] = [];
    const server = pacs((uids, call) => {
      if (call === 2) down = true;
      if (call === 6) down = false;
      return down ? new PacsError('pacs-busy', 'HTTP 502', 502) : ok(uids);
    });
    const { stow, snapshots, last } = await job(study(7), server);
    await stow.run();
    pausedSeen.push(...snapshots.filter((s) => s.phase === 'paused'));
    expect(pausedSeen.length).toBeGreaterThan(0);
    expect(pausedSeen[0]).toMatchObject({ pausedBy: 'server', error: expect.objectContaining({ code: 'pacs-busy' }) });
    expect(last()).toMatchObject({ phase: 'done', sent: 7, failed: 0, error: null });
    const confirmedTwice = server.requests.slice(5).flat().filter((uid) => server.requests.slice(0, 1).flat().includes(uid));
    expect(confirmedTwice).toEqual([]);
    expect(server.kept.size).toBe(7);
  });

  it('stops on a wrong password with nothing counted as sent', async () => {
    const server = pacs(() => new PacsError('pacs-unauthorized', '401', 401));
    const { stow, last, ledger } = await job(study(3), server);
    await stow.run();
    expect(last()).toMatchObject({ phase: 'failed', sent: 0, error: expect.objectContaining({ code: 'pacs-unauthorized' }) });
    expect(server.requests).toHaveLength(1);
    expect(ledger.count).toBe(0);
  });

  it('after a reload sends only what the server had not confirmed', async () => {
    const storage = new MemoryStorage();
    const server = pacs((uids, call) => (call === 2 ? new PacsError('pacs-unauthorized', '401', 401) : ok(uids)));
    const first = await job(study(6), server, { storage });
    await first.stow.run();
    expect(first.ledger.count).toBe(3);
    const again = await job(study(6), server, { storage });
    expect(again.stow.snapshot()).toMatchObject({ done: 3, sent: 3 });
    await again.stow.run();
    expect(server.requests.slice(2).flat()).toEqual(['1.2.3', '1.2.4', '1.2.5']);
    expect(again.last()).toMatchObject({ phase: 'done', sent: 6 });
    expect([...again.stow.results.values()].filter((r) => r.earlier)).toHaveLength(3);
  });

  it('pauses at once when asked, lets the request under way be answered, and sends nothing twice', async () => {
    let release: () => void = () => {};
    const server = pacs((uids, call) => (call === 1 ? () => new Promise((resolve) => (release = () => resolve(ok(uids)))) : ok(uids)));
    const { stow, last } = await job(study(4), server);
    const running = stow.run();
    await new Promise((r) => setTimeout(r, 20));
    stow.pause();
    expect(last()).toMatchObject({ phase: 'paused', pausedBy: 'user' });
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(server.requests).toHaveLength(1);
    expect(last()).toMatchObject({ phase: 'paused', pausedBy: 'user', sent: server.requests[0].length });
    stow.resume();
    await running;
    expect(last()).toMatchObject({ phase: 'done', sent: 4 });
    const sent = server.requests.flat();
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('fails instances the server said it stored but does not list afterwards', async () => {
    const server = pacs();
    server.hide((uid) => uid !== '1.2.1');
    const { stow, last, ledger } = await job(study(3), server);
    await stow.run();
    expect(statuses(stow)).toEqual([['1.2.0', 'stored', null], ['1.2.1', 'failed', 'not-kept'], ['1.2.2', 'stored', null]]);
    expect(last()).toMatchObject({ sent: 2, failed: 1, verified: true });
    expect(ledger.confirmed(1)).toBeNull();
  });

  it("keeps the server's answers when it cannot be asked afterwards, and says it was not verified", async () => {
    const server = pacs();
    server.failQido();
    const { stow, last } = await job(study(3), server);
    await stow.run();
    expect(last()).toMatchObject({ sent: 3, verified: false });
  });

  it('reports a file that fails its checksum as damaged and sends the rest', async () => {
    const server = pacs();
    const instances = study(3);
    const read = async (index: number) => {
      if (index === 1) throw new DisclessError('damaged', 'checksum');
      return new TextEncoder().encode(instances[index].sopInstanceUid);
    };
    const { stow, last } = await job(instances, server, { read });
    await stow.run();
    expect(statuses(stow)).toEqual([['1.2.0', 'stored', null], ['1.2.1', 'failed', 'damaged'], ['1.2.2', 'stored', null]]);
    expect(last()).toMatchObject({ phase: 'done', sent: 2, failed: 1 });
  });

  it('waits for a share store that does not answer, and stops when reading fails otherwise', async () => {
    const instances = study(3);
    let offline = 2;
    const read = async (index: number) => {
      if (index === 1 && offline-- > 0) throw new DisclessError('offline', 'no network');
      return new TextEncoder().encode(instances[index].sopInstanceUid);
    };
    const waited = await job(instances, pacs(), { read });
    await waited.stow.run();
    expect(waited.last()).toMatchObject({ phase: 'done', sent: 3 });
    const stopped = await job(instances, pacs(), { read: async () => Promise.reject(new DisclessError('internal', 'A background task has stopped.')) });
    await stopped.stow.run();
    expect(stopped.last()).toMatchObject({ phase: 'failed', sent: 0, error: expect.objectContaining({ code: 'internal' }) });
  });
});
