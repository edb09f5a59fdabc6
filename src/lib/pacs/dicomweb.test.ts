import { describe, expect, it } from 'vitest';
import { authorization, DicomWebClient, normaliseBaseUrl, type PacsTarget } from './dicomweb';

const target: PacsTarget = { url: 'https://pacs.example/dicom-web', auth: { kind: 'basic', user: 'clinic', password: 'sécret' } };

/** A fetch that answers from a script and records what it was asked. */
function scripted(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

const json = (value: unknown, status = 200, type = 'application/dicom+json') => new Response(JSON.stringify(value), { status, headers: { 'content-type': type } });

describe('PACS address', () => {
  it('keeps https addresses without a trailing slash, query or fragment', () => {
    expect(normaliseBaseUrl(' https://pacs.example.org/dicom-web/ ')).toBe('https://pacs.example.org/dicom-web');
    expect(normaliseBaseUrl('https://pacs.example.org:8443/a/b?x=1#y')).toBe('https://pacs.example.org:8443/a/b');
    expect(normaliseBaseUrl('http://127.0.0.1:8042/dicom-web')).toBe('http://127.0.0.1:8042/dicom-web');
    expect(normaliseBaseUrl('http://localhost/dicom-web')).toBe('http://localhost/dicom-web');
  });

  it('refuses plain http to another computer, other schemes, credentials in the address and non-addresses', () => {
    for (const bad of ['http://pacs.example.org/dicom-web', 'http://192.168.1.10/dicom-web', 'ftp://pacs.example', 'https://user:pw@pacs.example/dw', 'pacs.example/dicom-web', '']) {
      expect(() => normaliseBaseUrl(bad), bad).toThrow(expect.objectContaining({ code: 'pacs-bad-url' }));
    }
  });
});

describe('authorization header', () => {
  it('encodes basic credentials as UTF-8 and passes bearer tokens as they are', () => {
    expect(authorization({ kind: 'basic', user: 'clinic', password: 'sécret' })).toBe(`Basic ${Buffer.from('clinic:sécret', 'utf8').toString('base64')}`);
    expect(authorization({ kind: 'bearer', token: ' abc.def ' })).toBe('Bearer abc.def');
    expect(authorization({ kind: 'none' })).toBeNull();
  });
});

describe('checking a PACS (QIDO-RS)', () => {
  it('asks for one study with the credentials, without cookies or referrer', async () => {
    const { calls, fetcher } = scripted(() => json([]));
    await new DicomWebClient(target, fetcher).check();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://pacs.example/dicom-web/studies?limit=1');
    expect(calls[0].init).toMatchObject({ mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect((calls[0].init.headers as Record<string, string>).Authorization).toMatch(/^Basic /);
  });

  it('takes an empty answer (204) as a working server', async () => {
    await new DicomWebClient(target, scripted(() => new Response(null, { status: 204 })).fetcher).check();
  });

  it('says which of 401, 403, 404, a web page or a 500 it met', async () => {
    const cases: [Response, string][] = [
      [new Response('', { status: 401 }), 'pacs-unauthorized'],
      [new Response('', { status: 403 }), 'pacs-forbidden'],
      [new Response('Not found', { status: 404 }), 'pacs-not-dicomweb'],
      [new Response('<html>Welcome</html>', { status: 200, headers: { 'content-type': 'text/html' } }), 'pacs-not-dicomweb'],
      [json({ studies: [] }, 200, 'application/json'), 'pacs-not-dicomweb'],
      [new Response('', { status: 503, headers: { 'retry-after': '7' } }), 'pacs-busy'],
      [new Response('{"Details":"database locked"}', { status: 500 }), 'pacs-server-error']
    ];
    for (const [response, code] of cases) {
      await expect(new DicomWebClient(target, scripted(() => response).fetcher).check(), code).rejects.toMatchObject({ code });
    }
    await expect(new DicomWebClient(target, scripted(() => new Response('', { status: 503, headers: { 'retry-after': '7' } })).fetcher).check()).rejects.toMatchObject({ retryAfterMs: 7000 });
    await expect(new DicomWebClient(target, scripted(() => new Response('{"Details":"database locked"}', { status: 500 })).fetcher).check()).rejects.toThrow(/database locked/);
  });

  it('tells a server without CORS from one that is not there, with a no-cors request', async () => {
    const cors = scripted((_, init) => (init.mode === 'no-cors' ? new Response(null, { status: 200 }) : Promise.reject(new TypeError('Failed to fetch'))));
    await expect(new DicomWebClient(target, cors.fetcher).check()).rejects.toMatchObject({ code: 'pacs-cors' });
    expect(cors.calls.map((c) => c.init.mode)).toEqual(['cors', 'no-cors']);
    expect((cors.calls[1].init.headers as Record<string, string> | undefined)?.Authorization).toBeUndefined();
    const down = scripted(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(new DicomWebClient(target, down.fetcher).check()).rejects.toMatchObject({ code: 'pacs-unreachable' });
  });
});

describe('storing (STOW-RS)', () => {
  const body = new Blob(['x']);
  const stored = { '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] } };

  it('posts the body to /studies with its Content-Type and returns the items of 200 and 202 answers', async () => {
    const { calls, fetcher } = scripted(() => json(stored, 202));
    const answer = await new DicomWebClient(target, fetcher).store(body, 'multipart/related; type="application/dicom"; boundary=b');
    expect(answer).toEqual({ status: 202, items: [{ sopInstanceUid: '1.2.3', sopClassUid: '', status: 'stored', reason: null }] });
    expect(calls[0].url).toBe('https://pacs.example/dicom-web/studies');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe(body);
    expect(calls[0].init.headers).toMatchObject({ 'Content-Type': 'multipart/related; type="application/dicom"; boundary=b', Accept: 'application/dicom+json' });
  });

  it('reads 400 and 409 answers that list instances, and throws for the same statuses without one', async () => {
    expect((await new DicomWebClient(target, scripted(() => json(stored, 409)).fetcher).store(body, 'x')).items).toHaveLength(1);
    expect((await new DicomWebClient(target, scripted(() => json(stored, 400)).fetcher).store(body, 'x')).items).toHaveLength(1);
    await expect(new DicomWebClient(target, scripted(() => new Response('bad', { status: 400 })).fetcher).store(body, 'x')).rejects.toMatchObject({ code: 'pacs-not-dicomweb', status: 400 });
  });

  it('throws 413 as too large and 415 as unsupported', async () => {
    await expect(new DicomWebClient(target, scripted(() => new Response('', { status: 413 })).fetcher).store(body, 'x')).rejects.toMatchObject({ code: 'pacs-too-large' });
    await expect(new DicomWebClient(target, scripted(() => new Response('', { status: 415 })).fetcher).store(body, 'x')).rejects.toMatchObject({ code: 'pacs-unsupported' });
  });

  it('passes an abort through as it is, without a second request', async () => {
    const abort = new DOMException('stopped', 'AbortError');
    const { calls, fetcher } = scripted(() => Promise.reject(abort));
    await expect(new DicomWebClient(target, fetcher).store(body, 'x')).rejects.toBe(abort);
    expect(calls).toHaveLength(1);
  });
});

describe('listing a series (QIDO-RS)', () => {
  it('pages through the instances until a short page', async () => {
    const uids = Array.from({ length: 5 }, (_, i) => `1.2.${i}`);
    const { calls, fetcher } = scripted((url) => {
      const offset = Number(new URL(url).searchParams.get('offset'));
      return json(uids.slice(offset, offset + 2).map((uid) => ({ '00080018': { vr: 'UI', Value: [uid] } })));
    });
    expect([...(await new DicomWebClient(target, fetcher).instancesOf('1.2', '1.2.9', 2))]).toEqual(uids);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(Array(3).fill('/dicom-web/studies/1.2/series/1.2.9/instances'));
  });

  it('stops on a server that ignores offset, and takes 204 and 404 as an empty series', async () => {
    const same = scripted(() => json([{ '00080018': { vr: 'UI', Value: ['1.1'] } }]));
    expect([...(await new DicomWebClient(target, same.fetcher).instancesOf('1', '2', 1))]).toEqual(['1.1']);
    expect(same.calls).toHaveLength(2);
    expect((await new DicomWebClient(target, scripted(() => new Response(null, { status: 204 })).fetcher).instancesOf('1', '2')).size).toBe(0);
    expect((await new DicomWebClient(target, scripted(() => new Response('', { status: 404 })).fetcher).instancesOf('1', '2')).size).toBe(0);
  });
});
