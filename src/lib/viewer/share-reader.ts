// Opens a share from its secret and reads files out of it by HTTP Range, record by record, verifying
// each file's SHA-256 before anyone sees it. Runs in the reader web worker.

import { createSHA256 } from 'hash-wasm';
import { concat, fromBase64url, toHex } from '../core/bytes';
import { DisclessError } from '../core/errors';
import { deriveShareKeys, type ShareKeys } from '../core/keys';
import { fileExtents, parseManifest, type Manifest } from '../core/manifest';
import { deriveKeysWithPin } from '../core/pin';
import { buildHeader, openAll, recordCount, recordSpan, StreamOpener, TAG_SIZE } from '../core/stream';
import { StoreClient, StoreError } from '../store/client';

/** Incremental SHA-256: hash-wasm's by default; Node passes its own, native one. */
export interface FileHasher {
  update(data: Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

const damaged = (path: string) => new DisclessError('damaged', `The file ${path} does not match its checksum: it was damaged.`);

/** Thrown by open() when the share has a PIN and none was given. */
export class PinRequired extends DisclessError {
  constructor() {
    super('pin-required', 'This share needs its PIN.');
  }
}

/** A PIN share's read access: the token the store gave, and the proof that gets a new one. */
interface ReadAccess {
  proof: string;
  token: string;
}

/** Decrypted records kept for neighbouring files that share them: 64 × 256 KiB = 16 MiB. */
const CACHE_RECORDS = 64;

export class ShareReader {
  private readonly openers = new Map<number, Promise<StreamOpener>>();
  private readonly records = new Map<string, Uint8Array>();
  /** Range requests under way, per record, so two reads of one file (the image and its tags) make one. */
  private readonly fetching = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly keys: ShareKeys,
    private readonly client: StoreClient,
    readonly manifest: Manifest,
    private readonly access: ReadAccess | null
  ) {}

  /**
   * Opens the share; one with a PIN needs `pin` (else PinRequired) and answers a wrong one with the
   * store's `wrong-pin` (attemptsLeft) or `locked`. The PIN is stretched before the store is asked,
   * so every guess costs the guesser an Argon2id run as well as one of the counted attempts.
   */
  static async open(secret: Uint8Array, pin?: string, client = new StoreClient()): Promise<ShareReader> {
    const plain = await deriveShareKeys(secret);
    const id = plain.shareIdHex;
    const status = await client.status(id);
    if (status.state !== 'ready') {
      throw new DisclessError('not-ready', 'This share is still being uploaded. Try again in a few minutes.');
    }
    let keys = plain;
    let access: ReadAccess | null = null;
    if (status.pin) {
      if (pin === undefined) throw new PinRequired();
      const pinned = await deriveKeysWithPin(secret, pin);
      keys = pinned.keys;
      access = { proof: pinned.proof, token: (await client.unlock(id, pinned.proof)).readToken };
    }
    const sealed = await client.manifest(id, access?.token);
    const manifest = parseManifest(await openAll(keys, { kind: 'manifest' }, sealed));
    return new ShareReader(keys, client, manifest, access);
  }

  get shareId(): string {
    return this.keys.shareIdHex;
  }

  /** The original bytes of file `index`, checked against the manifest's SHA-256. */
  async readFile(index: number, readAhead = 0): Promise<Uint8Array> {
    const file = this.manifest.files[index];
    if (!file) throw new DisclessError('not-found', `The share has no file number ${index}.`);
    const out = new Uint8Array(file.size);
    let at = 0;
    for (const extent of fileExtents(file, this.manifest.objectSize)) {
      out.set(await this.readRange(extent.object, extent.offset, extent.length, readAhead), at);
      at += extent.length;
    }
    await this.verify(index, out);
    return out;
  }

  /**
   * File `index` record by record, for a caller that writes it out rather than holding it (the
   * command line's `get`): memory stays at the record cache, whatever the file's size. Every piece
   * opened, but the file's SHA-256 is only known after the last one; a mismatch then throws
   * `damaged`, so the caller must not treat the file as good before the iteration ends.
   */
  async *readFileRecords(index: number, readAhead = 0, newHasher: () => Promise<FileHasher> = createSHA256): AsyncGenerator<Uint8Array> {
    const file = this.manifest.files[index];
    if (!file) throw new DisclessError('not-found', `The share has no file number ${index}.`);
    const { recordSize, objectSize } = this.manifest;
    const hasher = await newHasher();
    for (const extent of fileExtents(file, objectSize)) {
      for (let at = 0; at < extent.length; ) {
        const offset = extent.offset + at;
        // Up to the end of the record, so that each piece is a view of one cached record, not a copy.
        const length = Math.min(extent.length - at, recordSize - (offset % recordSize));
        const piece = await this.readRange(extent.object, offset, length, readAhead);
        // The next request goes out while this piece is checked and written.
        if (readAhead > 0) this.prefetch(extent.object, Math.floor(offset / recordSize) + 1 + readAhead, readAhead);
        hasher.update(piece);
        yield piece;
        at += length;
      }
    }
    if (hasher.digest('hex') !== file.sha256) throw damaged(file.path);
  }

  /** Starts fetching records first..first+readAhead of object n (or the next object) unless they are in hand. */
  private prefetch(n: number, first: number, readAhead: number): void {
    const { objects, recordSize } = this.manifest;
    if (first > recordCount(objects[n].size, recordSize) - 1) [n, first] = [n + 1, 0];
    if (n >= objects.length || this.records.has(`${n}:${first}`) || this.fetching.has(`${n}:${first}`)) return;
    const last = Math.min(recordCount(objects[n].size, recordSize) - 1, first + readAhead);
    // A failure here is not reported: the read that needs these records fetches them again.
    this.fetchRecords(n, first, last).catch(() => {});
  }

  private opener(n: number): Promise<StreamOpener> {
    let opener = this.openers.get(n);
    if (!opener) {
      const ref = { kind: 'object', index: n } as const;
      const exponent = Math.log2(this.manifest.recordSize);
      const header = buildHeader(this.keys, ref, fromBase64url(this.manifest.objects[n].salt), exponent);
      opener = StreamOpener.open(this.keys, ref, header);
      this.openers.set(n, opener);
    }
    return opener;
  }

  /** Plaintext [offset, offset+length) of object n; fetches only the records not already cached. */
  private async readRange(n: number, offset: number, length: number, readAhead: number): Promise<Uint8Array> {
    const size = this.manifest.objects[n].size;
    const recordSize = this.manifest.recordSize;
    const span = recordSpan(offset, length, size, recordSize);
    const lastRecord = recordCount(size, recordSize) - 1;
    const pieces: Uint8Array[] = [];
    for (let i = span.first; i <= span.last; i++) {
      await this.fetching.get(`${n}:${i}`)?.catch(() => {});
      const cached = this.records.get(`${n}:${i}`);
      pieces.push(cached ?? (await this.fetchRecords(n, i, Math.min(lastRecord, Math.max(span.last, i + readAhead)))));
    }
    const joined = pieces.length === 1 ? pieces[0] : concat(...pieces);
    const start = offset - span.first * recordSize;
    return joined.subarray(start, start + length);
  }

  /** Fetches records first..last in one Range request, caches them, and returns record `first`. */
  private async fetchRecords(n: number, first: number, last: number): Promise<Uint8Array> {
    const fetched = this.fetchAndOpen(n, first, last);
    const keys = Array.from({ length: last - first + 1 }, (_, k) => `${n}:${first + k}`);
    for (const key of keys) this.fetching.set(key, fetched);
    try {
      return await fetched;
    } finally {
      for (const key of keys) if (this.fetching.get(key) === fetched) this.fetching.delete(key);
    }
  }

  private async fetchAndOpen(n: number, first: number, last: number): Promise<Uint8Array> {
    const plain = await this.openRecords(n, first, last);
    plain.forEach((record, k) => this.remember(`${n}:${first + k}`, record));
    return plain[0];
  }

  /**
   * Records first..last of object n, fetched in one Range request and opened (all at once, so
   * WebCrypto works through them while the caller waits for the next request), not cached.
   */
  async openRecords(n: number, first: number, last: number): Promise<Uint8Array[]> {
    const { objects, recordSize } = this.manifest;
    const span = recordSpan(first * recordSize, (last - first + 1) * recordSize, objects[n].size, recordSize);
    const cipher = await this.fetchObject(n, { start: span.start, end: span.end });
    const opener = await this.opener(n);
    const stride = recordSize + TAG_SIZE;
    const finalRecord = recordCount(objects[n].size, recordSize) - 1;
    return Promise.all(
      Array.from({ length: last - first + 1 }, (_, k) =>
        opener.openRecord(first + k, cipher.subarray(k * stride, (k + 1) * stride), first + k === finalRecord)
      )
    );
  }

  /** Throws `damaged`, naming the file, unless `bytes` are file `index` as the manifest hashed it. */
  async verify(index: number, bytes: Uint8Array): Promise<void> {
    const file = this.manifest.files[index];
    const digest = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
    if (digest !== file.sha256) throw damaged(file.path);
  }

  /** Read tokens are short-lived; a viewer left open gets a new one with the proof it holds. */
  private async fetchObject(n: number, range: { start: number; end: number }): Promise<Uint8Array> {
    const id = this.keys.shareIdHex;
    try {
      return await this.client.object(id, n, range, this.access?.token);
    } catch (error) {
      if (!this.access || !(error instanceof StoreError) || error.code !== 'pin-required') throw error;
      this.access.token = (await this.client.unlock(id, this.access.proof)).readToken;
      return this.client.object(id, n, range, this.access.token);
    }
  }

  private remember(key: string, plain: Uint8Array) {
    this.records.delete(key);
    this.records.set(key, plain);
    if (this.records.size > CACHE_RECORDS) this.records.delete(this.records.keys().next().value!);
  }
}
