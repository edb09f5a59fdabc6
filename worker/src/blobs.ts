import type { BlobStore, ByteRange } from './blob-store';
import { ApiError } from './http';
import { toHex } from './tokens';

// Every body gets a fresh key per upload. Writing to a new key and then linking it in the
// Durable Object means a retry, a lost race or a PUT that finishes after the commit can never
// overwrite bytes that a committed manifest already points to.
export const sharePrefix = (id: string): string => `shares/${id}/`;
export const objectKey = (id: string, n: number, upload: string): string => `shares/${id}/objects/${n}/${upload}`;
export const manifestKey = (id: string, upload: string): string => `shares/${id}/manifest/${upload}`;

export function newUploadId(): string {
	return toHex(crypto.getRandomValues(new Uint8Array(8)));
}

/**
 * One range of bytes=a-b, bytes=a- or bytes=-k; null means the whole body. Only single ranges
 * are served: anything else in the bytes unit is refused rather than silently sent in full.
 */
export function parseRange(header: string | null, size: number): ByteRange | null {
	if (header === null) return null;
	// RFC 9110: a range unit the server does not understand must be ignored.
	if (!/^\s*bytes\s*=/i.test(header)) return null;
	const match = /^\s*bytes\s*=\s*([0-9]{0,16})-([0-9]{0,16})\s*$/i.exec(header);
	const unsatisfiable = new ApiError('bad-range', {}, { 'Content-Range': `bytes */${size}` });
	if (!match || (match[1] === '' && match[2] === '')) throw unsatisfiable;
	if (match[1] === '') {
		const suffix = Number(match[2]);
		if (suffix === 0 || size === 0) throw unsatisfiable;
		const length = Math.min(suffix, size);
		return { offset: size - length, length };
	}
	const start = Number(match[1]);
	const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	if (start >= size || (match[2] !== '' && Number(match[2]) < start)) throw unsatisfiable;
	return { offset: start, length: end - start + 1 };
}

/** Answers GET or HEAD for a stored body of `size` bytes (as linked), whole or one range of it. */
export async function serveBody(blobs: BlobStore, key: string, size: number, request: Request): Promise<Response> {
	const range = parseRange(request.headers.get('Range'), size);
	const headers: Record<string, string> = {
		'Content-Type': 'application/octet-stream',
		'Accept-Ranges': 'bytes',
		'Content-Length': String(range ? range.length : size)
	};
	if (range) headers['Content-Range'] = `bytes ${range.offset}-${range.offset + range.length - 1}/${size}`;
	const status = range ? 206 : 200;
	if (request.method === 'HEAD') return new Response(null, { status, headers });
	const stored = await blobs.get(key, range ?? undefined);
	// The Durable Object linked this key at this size, so a missing or resized body is a store
	// fault (a lost file, a disk restored from an older backup), never something to send as it is.
	if (stored === null) throw new Error('linked body is missing');
	if (stored.size !== size) {
		await stored.body.cancel();
		throw new Error('linked body has the wrong size');
	}
	return new Response(stored.body, { status, headers });
}
