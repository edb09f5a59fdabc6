// Blobs in Cloudflare R2. R2 writes each object whole or not at all.

import { exactly, type BlobList, type BlobStore, type BlobBody, type ByteRange } from './blob-store';

export class R2BlobStore implements BlobStore {
	constructor(private readonly bucket: R2Bucket) {}

	async put(key: string, body: ReadableStream<Uint8Array> | null, length: number): Promise<void> {
		// R2 needs the length up front; FixedLengthStream gives it and errors on a short or long body.
		const input = exactly(body, length);
		const stored = await this.bucket.put(key, input);
		if (stored?.size !== length) {
			await this.bucket.delete(key);
			throw new Error('stored size differs from the declared length');
		}
	}

	async get(key: string, range?: ByteRange): Promise<BlobBody | null> {
		const object = await this.bucket.get(key, range ? { range } : {});
		return object === null ? null : { body: object.body, size: object.size };
	}

	async delete(keys: string[]): Promise<void> {
		// R2 deletes at most 1000 keys per call.
		for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
	}

	/** Listing afresh each round stays correct while keys vanish. */
	async deletePrefix(prefix: string): Promise<void> {
		for (;;) {
			const page = await this.bucket.list({ prefix, limit: 1000 });
			if (page.objects.length === 0) return;
			await this.bucket.delete(page.objects.map((object) => object.key));
		}
	}

	async list(prefix: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<BlobList> {
		const page = await this.bucket.list({ prefix, limit, cursor });
		return {
			blobs: page.objects.map((object) => ({ key: object.key, uploaded: object.uploaded })),
			cursor: page.truncated ? page.cursor : undefined
		};
	}
}
