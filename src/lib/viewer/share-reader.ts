// Opens a share from its secret and reads files out of it by HTTP Range, record by record, verifying
// each file's SHA-256 before anyone sees it. Runs in the reader web worker.

import { concat, fromBase64url, toHex } from '../core/bytes';
import { DisclessError } from '../core/errors';
import { deriveShareKeys, type ShareKeys } from '../core/keys';
import { fileExtents, parseManifest, type Manifest } from '../core/manifest';
import { buildHeader, openAll, recordCount, recordSpan, StreamOpener, TAG_SIZE } from '../core/stream';
import { StoreClient } from '../store/client';

/** Decrypted records kept for neighbouring files that share them: 64 × 256 KiB = 16 MiB. */
const CACHE_RECORDS = 64;

export class ShareReader {
  private readonly openers = new Map<number, Promise<StreamOpener>>();
  private readonly records = new Map<string, Uint8Array>();

  private constructor(
    private readonly keys: ShareKeys,
    private readonly client: StoreClient,
    readonly manifest: Manifest
  ) {}

  static async open(secret: Uint8Array, client = new StoreClient()): Promise<ShareReader> {
    const keys = await deriveShareKeys(secret);
    const status = await client.status(keys.shareIdHex);
    if (status.state !== 'ready') {
      throw new DisclessError('not-ready', 'This share is still being uploaded. Try again in a few minutes.');
    }
    const sealed = await client.manifest(keys.shareIdHex);
    const manifest = parseManifest(await openAll(keys, { kind: 'manifest' }, sealed));
    return new ShareReader(keys, client, manifest);
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
    const digest = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', out as BufferSource)));
    if (digest !== file.sha256) {
      throw new DisclessError('damaged', `The file ${file.path} does not match its checksum: it was damaged.`);
    }
    return out;
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
      const cached = this.records.get(`${n}:${i}`);
      pieces.push(cached ?? (await this.fetchRecords(n, i, Math.min(lastRecord, Math.max(span.last, i + readAhead)))));
    }
    const joined = pieces.length === 1 ? pieces[0] : concat(...pieces);
    const start = offset - span.first * recordSize;
    return joined.subarray(start, start + length);
  }

  /** Fetches records first..last in one Range request, caches them, and returns record `first`. */
  private async fetchRecords(n: number, first: number, last: number): Promise<Uint8Array> {
    const { objects, recordSize } = this.manifest;
    const span = recordSpan(first * recordSize, (last - first + 1) * recordSize, objects[n].size, recordSize);
    const cipher = await this.client.object(this.keys.shareIdHex, n, { start: span.start, end: span.end });
    const opener = await this.opener(n);
    const stride = recordSize + TAG_SIZE;
    const finalRecord = recordCount(objects[n].size, recordSize) - 1;
    for (let i = first; i <= last; i++) {
      const piece = cipher.subarray((i - first) * stride, (i - first + 1) * stride);
      this.remember(`${n}:${i}`, await opener.openRecord(i, piece, i === finalRecord));
    }
    return this.records.get(`${n}:${first}`)!;
  }

  private remember(key: string, plain: Uint8Array) {
    this.records.delete(key);
    this.records.set(key, plain);
    if (this.records.size > CACHE_RECORDS) this.records.delete(this.records.keys().next().value!);
  }
}
