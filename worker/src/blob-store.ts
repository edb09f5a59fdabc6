// Where the store keeps ciphertext. Two implementations of one interface: R2 on Cloudflare
// (r2-blob-store.ts) and a directory on the clinic's own disk under workerd (disk-blob-store.ts).
// The Worker, its Durable Objects and the sweep see only this interface, so the same code and the
// same tests run on both (worker/vitest.config.ts runs every test file against each).

import type { Env } from './config';
import { DiskBlobStore } from './disk-blob-store';
import { R2BlobStore } from './r2-blob-store';

export interface ByteRange {
	offset: number;
	length: number;
}

export interface BlobBody {
	body: ReadableStream<Uint8Array>;
	/** The whole body's size, also when only a range of it is being read. */
	size: number;
}

export interface ListedBlob {
	key: string;
	/** When it was written. */
	uploaded: Date;
}

export interface BlobList {
	blobs: ListedBlob[];
	/** Pass back to continue the listing; absent on the last page. */
	cursor?: string;
}

export interface BlobStore {
	/**
	 * Writes exactly `length` bytes of `body` under `key`. Readers see the whole body or nothing:
	 * a body that ends early, runs long or fails half-way stores nothing and throws.
	 */
	put(key: string, body: ReadableStream<Uint8Array> | null, length: number): Promise<void>;
	/** The body, or one range of it; null when nothing is stored under `key`. */
	get(key: string, range?: ByteRange): Promise<BlobBody | null>;
	/** Deletes these keys; missing ones are ignored. */
	delete(keys: string[]): Promise<void>;
	/** Deletes every key under `prefix`, which ends with '/'. */
	deletePrefix(prefix: string): Promise<void>;
	/** Keys under `prefix` (ending with '/') in key order, at most `limit` per page. */
	list(prefix: string, options: { limit: number; cursor?: string }): Promise<BlobList>;
}

/**
 * `body` as a stream of known length that errors if the body ends early or runs long. The pipe's
 * own failure is the stream's error, which the writer of the blob sees; it is not reported twice.
 */
export function exactly(body: ReadableStream<Uint8Array> | null, length: number): ReadableStream<Uint8Array> | Uint8Array {
	if (body === null) return new Uint8Array(0);
	const fixed = new FixedLengthStream(length);
	body.pipeTo(fixed.writable).catch(() => {});
	return fixed.readable;
}

/** The self-hosted store binds a disk directory (BLOB_DIR); Cloudflare binds an R2 bucket (BLOBS). */
export function blobStore(env: Env): BlobStore {
	if (env.BLOB_DIR) return new DiskBlobStore(env.BLOB_DIR);
	if (env.BLOBS) return new R2BlobStore(env.BLOBS);
	throw new Error('The store has no blob storage bound: BLOBS (R2) or BLOB_DIR (a disk directory).');
}
