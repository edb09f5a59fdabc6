// The blob store's HTTP API (docs/STORE_API.md) as typed calls. Every failure becomes a StoreError
// whose code comes from the store's JSON body, or from the status when there is none, so the UI can
// say what happened in plain words.

import { DisclessError } from '../core/errors';

export interface ShareStatus {
  id: string;
  state: 'uploading' | 'ready';
  expiresAt: string;
  objects: { n: number; size: number }[];
  manifestSize: number | null;
}

export class StoreError extends DisclessError {
  constructor(
    code: string,
    message: string,
    readonly status: number
  ) {
    super(code, message);
  }
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'not-found',
  409: 'conflict',
  410: 'expired',
  413: 'too-large',
  416: 'bad-range',
  429: 'busy',
  503: 'store-down'
};

/** The store's origin: empty means the app's own origin (the Worker serves both). */
export const STORE_URL: string = (import.meta.env?.VITE_STORE_URL as string | undefined) ?? '';

export class StoreClient {
  constructor(
    private readonly base: string = STORE_URL,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args)
  ) {}

  private url(path: string) {
    return `${this.base.replace(/\/+$/, '')}/api/v1/shares${path}`;
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetcher(this.url(path), { ...init, cache: 'no-store', referrerPolicy: 'no-referrer' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new StoreError('offline', 'The storage server cannot be reached. Check the internet connection.', 0);
    }
    if (response.ok) return response;
    let body: { code?: string; message?: string } = {};
    try {
      body = await response.json();
    } catch {
      // A proxy or a crashed store answers without our JSON; the status still says enough.
    }
    const code = body.code ?? STATUS_CODES[response.status] ?? (response.status >= 500 ? 'store-down' : 'store-error');
    throw new StoreError(code, body.message ?? `The storage server answered ${response.status}.`, response.status);
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.request(path, init)).json() as Promise<T>;
  }

  create(share: { id: string; ownerTokenHash: string; ttlSeconds?: number }): Promise<ShareStatus> {
    return this.json('', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(share) });
  }

  status(id: string): Promise<ShareStatus> {
    return this.json(`/${id}`);
  }

  async putObject(id: string, n: number, body: Blob, ownerToken: string, signal?: AbortSignal): Promise<void> {
    await this.request(`/${id}/objects/${n}`, { method: 'PUT', body, signal, headers: { authorization: `Bearer ${ownerToken}` } });
  }

  async putManifest(id: string, body: Blob, ownerToken: string): Promise<void> {
    await this.request(`/${id}/manifest`, { method: 'PUT', body, headers: { authorization: `Bearer ${ownerToken}` } });
  }

  async manifest(id: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request(`/${id}/manifest`)).arrayBuffer());
  }

  /** Bytes [start, end) of object n; the whole object when no range is given. */
  async object(id: string, n: number, range?: { start: number; end: number }): Promise<Uint8Array> {
    const headers: HeadersInit = range ? { range: `bytes=${range.start}-${range.end - 1}` } : {};
    const response = await this.request(`/${id}/objects/${n}`, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A cache or proxy may ignore Range and send the whole object.
    return range && response.status === 200 ? bytes.subarray(range.start, range.end) : bytes;
  }
}
