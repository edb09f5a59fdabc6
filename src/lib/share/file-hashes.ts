// The SHA-256 of every file the sender shares, off the encryption's path. A file read whole is
// hashed by WebCrypto (crypto.subtle.digest, which copies the bytes at once and hashes them on the
// browser's crypto threads, with the CPU's SHA instructions where it has them) while this worker goes
// on packing and encrypting; a file too large to read whole is hashed with hash-wasm as it streams
// by. Digests are reported in file order; at most PENDING_FILES files or PENDING_BYTES wait.

import { createSHA256 } from 'hash-wasm';
import { toHex } from '../core/bytes';
import type { SharedBlob } from './read-ahead';

export const PENDING_BYTES = 64 * 1024 * 1024;
export const PENDING_FILES = 64;

export class FileHashes {
  private readonly digests: Promise<string>[] = [];
  /** The last report, which every later one follows, so reports keep file order. */
  private reported: Promise<void> = Promise.resolve();
  private readonly pending: { done: Promise<void>; bytes: number }[] = [];
  private pendingBytes = 0;

  /** `onHashed` hears of each digest in file order; what it throws stops the share. */
  constructor(private readonly onHashed: (i: number, digest: string) => void) {}

  /** Hashes file i, read whole; waits only while too many bytes wait to be hashed. */
  async add(i: number, bytes: Uint8Array): Promise<void> {
    const digest = crypto.subtle.digest('SHA-256', bytes as BufferSource).then((hash) => toHex(new Uint8Array(hash)));
    this.track(i, digest, bytes.length);
    while (this.pending.length > PENDING_FILES || (this.pending.length > 0 && this.pendingBytes > PENDING_BYTES)) await this.settleOldest();
  }

  /** Streams file i through `onChunk`, hashing it on the way; returns the bytes read. */
  async stream(i: number, file: SharedBlob, onChunk: (chunk: Uint8Array) => Promise<void>): Promise<number> {
    const hasher = await createSHA256();
    let size = 0;
    const reader = file.stream().getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.length;
      hasher.update(chunk.value);
      await onChunk(chunk.value);
    }
    this.track(i, Promise.resolve(hasher.digest('hex')), 0);
    return size;
  }

  /** Every digest in file order, once all were reported. */
  async all(): Promise<string[]> {
    await this.reported;
    return Promise.all(this.digests);
  }

  private track(i: number, digest: Promise<string>, bytes: number) {
    this.digests[i] = digest;
    this.reported = this.reported.then(async () => this.onHashed(i, await digest));
    // Thrown by whichever await meets it first (add, or all at the end).
    this.reported.catch(() => {});
    const done = this.reported;
    this.pending.push({ done, bytes });
    this.pendingBytes += bytes;
  }

  private async settleOldest() {
    const oldest = this.pending.shift()!;
    this.pendingBytes -= oldest.bytes;
    await oldest.done;
  }
}
