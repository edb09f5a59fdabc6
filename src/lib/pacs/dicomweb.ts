// The DICOMweb calls the viewer makes to a PACS the user named: QIDO-RS to check the server and to
// see what it holds, STOW-RS to store. Requests go from this browser straight to the PACS, with the
// user's credentials; nothing of them passes the share's store.

import { PacsError, PacsFormError } from './errors';
import { parseStowResponse, type StowItem, type XmlParser } from './stow-response';

export type PacsAuth = { kind: 'none' } | { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

export interface PacsTarget {
  /** The DICOMweb base URL without a trailing slash, as normaliseBaseUrl returns it. */
  url: string;
  auth: PacsAuth;
}

/** This computer: the only hosts the viewer may reach over plain http (see docs/THREAT_MODEL.md). */
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** The base URL as typed, checked and without trailing slashes, query or fragment. */
export function normaliseBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new PacsFormError('pacs-bad-url', 'not_an_address');
  }
  const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !local) throw new PacsFormError('pacs-bad-url', 'not_https');
  if (url.username || url.password) throw new PacsFormError('pacs-bad-url', 'login_in_address');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** UTF-8 for non-ASCII user names and passwords (RFC 7617 §2.1, the charset servers assume now). */
function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function authorization(auth: PacsAuth): string | null {
  if (auth.kind === 'basic') return basic(auth.user, auth.password);
  if (auth.kind === 'bearer') return `Bearer ${auth.token.trim()}`;
  return null;
}

export interface StowAnswer {
  status: number;
  items: StowItem[];
}

type Fetch = typeof fetch;

function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** A status that is not the answer the caller wanted, as a PacsError; the message is for IT. */
function statusError(response: Response, detail: string): PacsError {
  const s = response.status;
  const said = `HTTP ${s}${detail ? `: ${detail}` : ''}`;
  if (s === 401) return new PacsError('pacs-unauthorized', said, s);
  if (s === 403) return new PacsError('pacs-forbidden', said, s);
  if (s === 413) return new PacsError('pacs-too-large', said, s);
  if (s === 415) return new PacsError('pacs-unsupported', said, s);
  if ([408, 429, 502, 503, 504].includes(s)) return new PacsError('pacs-busy', said, s, retryAfter(response));
  if (s >= 500) return new PacsError('pacs-server-error', said, s, retryAfter(response));
  return new PacsError('pacs-not-dicomweb', said, s);
}

/** A short piece of an error answer for the message: servers often say why there (Orthanc does). */
async function detailOf(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  if (!text || text.startsWith('<')) return '';
  try {
    const json = JSON.parse(text) as { Details?: unknown; Message?: unknown; message?: unknown; error?: unknown };
    const said = json.Details ?? json.Message ?? json.message ?? json.error;
    return typeof said === 'string' ? said.slice(0, 200) : '';
  } catch {
    return text.slice(0, 200);
  }
}

export class DicomWebClient {
  constructor(
    readonly target: PacsTarget,
    private readonly fetcher: Fetch = (...args) => fetch(...args),
    private readonly xml?: XmlParser
  ) {}

  private headers(accept: string, extra: Record<string, string> = {}): Record<string, string> {
    const auth = authorization(this.target.auth);
    return { Accept: accept, ...(auth ? { Authorization: auth } : {}), ...extra };
  }

  /**
   * fetch() fails the same way whether nothing answered or the answer lacked CORS headers. A
   * no-cors request tells them apart: it completes (opaquely) only if the server is there.
   */
  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetcher(url, { ...init, mode: 'cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      const reached = await this.fetcher(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: init.signal }).then(
        () => true,
        () => false
      );
      if (reached) throw new PacsError('pacs-cors', `no CORS answer from ${this.target.url}`);
      throw new PacsError('pacs-unreachable', `no answer from ${this.target.url}`);
    }
  }

  /** QIDO-RS GET /studies?limit=1: the server is there, speaks DICOMweb and takes these credentials. */
  async check(): Promise<void> {
    const response = await this.send(`${this.target.url}/studies?limit=1`, { headers: this.headers('application/dicom+json') });
    if (response.status === 204) return;
    if (!response.ok) throw statusError(response, await detailOf(response));
    const text = await response.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = null;
    }
    if (!Array.isArray(value)) throw new PacsError('pacs-not-dicomweb', `HTTP ${response.status}, not a DICOMweb study list`, response.status);
  }

  /**
   * STOW-RS POST /studies. Answers whose body is a Store Instances Response are returned whatever
   * their status (200, 202, and 400 or 409 that list what was and was not stored); others throw.
   */
  async store(body: Blob, contentType: string, signal?: AbortSignal): Promise<StowAnswer> {
    const response = await this.send(`${this.target.url}/studies`, {
      method: 'POST',
      body,
      signal,
      // One type only: Orthanc 1.7 does not parse a list, and the parser takes XML all the same.
      headers: this.headers('application/dicom+json', { 'Content-Type': contentType })
    });
    const type = response.headers.get('content-type') ?? '';
    if (response.ok || ((response.status === 400 || response.status === 409) && /dicom\+(json|xml)/i.test(type))) {
      return { status: response.status, items: parseStowResponse(await response.text(), type, this.xml) };
    }
    throw statusError(response, await detailOf(response));
  }

  /**
   * The SOP Instance UIDs the server lists in one series (QIDO-RS), page by page. Used after sending
   * to check that what the server said it stored is there.
   */
  async instancesOf(studyUid: string, seriesUid: string, pageSize = 1000): Promise<Set<string>> {
    const found = new Set<string>();
    for (let offset = 0; ; offset += pageSize) {
      const url = `${this.target.url}/studies/${encodeURIComponent(studyUid)}/series/${encodeURIComponent(seriesUid)}/instances?includefield=00080018&limit=${pageSize}&offset=${offset}`;
      const response = await this.send(url, { headers: this.headers('application/dicom+json') });
      if (response.status === 204 || response.status === 404) return found;
      if (!response.ok) throw statusError(response, await detailOf(response));
      const page = (await response.json()) as { '00080018'?: { Value?: unknown[] } }[];
      const before = found.size;
      for (const instance of Array.isArray(page) ? page : []) {
        const uid = instance?.['00080018']?.Value?.[0];
        if (typeof uid === 'string') found.add(uid.trim());
      }
      // A short page is the last; a server that ignores offset repeats itself and adds nothing.
      if (!Array.isArray(page) || page.length < pageSize || found.size === before) return found;
    }
  }
}
