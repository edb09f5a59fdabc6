// The blob store's HTTP API (docs/STORE_API.md) as typed calls. Every failure becomes a StoreError
// whose code comes from the store's JSON body, or from the status when there is none, so the UI can
// say what happened in plain words.

import type { OwnerView, ShareView } from '../../../worker/src/share-schema';
import { DisclessError } from '../core/errors';

/** A share's state as anyone reads it (GET /shares/:id). */
export type ShareStatus = ShareView;
/** What only the owner token reads: how often the share was opened, and when. */
export type OwnerStatus = OwnerView;

export interface NewShare {
  id: string;
  ownerTokenHash: string;
  ttlSeconds?: number;
  /** tokenHash of the PIN proof (SPEC §3.1), for a share with a PIN. */
  pinVerifier?: string;
  /** 1..100 manifest downloads, then the share ends. */
  downloadLimit?: number;
}

export interface StoreInfo {
  uploadKeyRequired: boolean;
  /** Whether the upload key sent was accepted; null when none was sent. */
  uploadKeyAccepted: boolean | null;
  minTtlSeconds: number;
  maxTtlSeconds: number;
  defaultTtlSeconds: number;
  maxPinAttempts: number;
  maxObjectBytes: number;
}

export class StoreError extends DisclessError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
    /** For wrong-pin: how many more wrong PINs the share takes before it locks. */
    readonly attemptsLeft?: number
  ) {
    super(code, message);
  }
}

const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

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
    return `${this.base.replace(/\/+$/, '')}/api/v1${path}`;
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
    let body: { code?: string; message?: string; attemptsLeft?: number } = {};
    try {
      body = await response.json();
    } catch {
      // A proxy or a crashed store answers without our JSON; the status still says enough.
    }
    const code = body.code ?? STATUS_CODES[response.status] ?? (response.status >= 500 ? 'store-down' : 'store-error');
    const attemptsLeft = typeof body.attemptsLeft === 'number' ? body.attemptsLeft : undefined;
    throw new StoreError(code, body.message ?? `The storage server answered ${response.status}.`, response.status, attemptsLeft);
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.request(path, init)).json() as Promise<T>;
  }

  /** Whether this store needs an upload key, and with `uploadKey` whether that one is accepted. */
  info(uploadKey?: string): Promise<StoreInfo> {
    return this.json('/info', { headers: bearer(uploadKey) });
  }

  /** `uploadKey` is needed when the store sets UPLOAD_KEYS (settings page, src/lib/settings.ts). */
  create(share: NewShare, uploadKey?: string): Promise<ShareStatus> {
    return this.json('/shares', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(uploadKey) },
      body: JSON.stringify(share)
    });
  }

  status(id: string): Promise<ShareStatus> {
    return this.json(`/shares/${id}`);
  }

  /** Owner only: the access count and log, the download limit and the state. */
  ownerStatus(id: string, ownerToken: string): Promise<OwnerStatus> {
    return this.json(`/shares/${id}/owner`, { headers: bearer(ownerToken) });
  }

  /** Owner only: ends the share at once and deletes its data; from then on it answers `revoked`. */
  async revoke(id: string, ownerToken: string): Promise<void> {
    await this.request(`/shares/${id}`, { method: 'DELETE', headers: bearer(ownerToken) });
  }

  /** Trades a PIN proof for a read token; throws `wrong-pin` (with attemptsLeft) or `locked`. */
  unlock(id: string, proof: string): Promise<{ readToken: string; expiresAt: string }> {
    return this.json(`/shares/${id}/unlock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ proof })
    });
  }

  async putObject(id: string, n: number, body: Blob, ownerToken: string, signal?: AbortSignal): Promise<void> {
    await this.request(`/shares/${id}/objects/${n}`, { method: 'PUT', body, signal, headers: bearer(ownerToken) });
  }

  async putManifest(id: string, body: Blob, ownerToken: string): Promise<void> {
    await this.request(`/shares/${id}/manifest`, { method: 'PUT', body, headers: bearer(ownerToken) });
  }

  async manifest(id: string, readToken?: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request(`/shares/${id}/manifest`, { headers: bearer(readToken) })).arrayBuffer());
  }

  /** Bytes [start, end) of object n; the whole object when no range is given. */
  async object(id: string, n: number, range?: { start: number; end: number }, readToken?: string): Promise<Uint8Array> {
    const headers: HeadersInit = { ...bearer(readToken), ...(range ? { range: `bytes=${range.start}-${range.end - 1}` } : {}) };
    const response = await this.request(`/shares/${id}/objects/${n}`, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A cache or proxy may ignore Range and send the whole object.
    return range && response.status === 200 ? bytes.subarray(range.start, range.end) : bytes;
  }
}
