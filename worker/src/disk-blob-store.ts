// Blobs in a directory on the clinic's own disk, through workerd's writable `disk` service (bound as
// BLOB_DIR; worker/workerd.capnp). A key is a path under that directory. The service writes a PUT
// to a temporary file beside its target (".kj-tmp.<pid>.<n>.<name>.partial") and renames it into
// place only once the whole body is in, so a reader never sees a partial object: a PUT cut off
// deletes its temporary file, and a workerd killed mid-body leaves at most that hidden file, which
// no key reaches and listings do not show; it is deleted before the next start (scripts/start.mjs).
//
// GET and HEAD are served by workerd itself (Range included) straight from the file, and DELETE of
// a directory removes it with everything in it.

import { exactly, type BlobBody, type BlobList, type BlobStore, type ByteRange, type ListedBlob } from './blob-store';

/** Deletes and stats go out this many at a time. */
const PARALLEL = 16;

interface Entry {
	name: string;
	type: string;
}

export class DiskBlobStore implements BlobStore {
	constructor(private readonly dir: Fetcher) {}

	private url(key: string): string {
		return `http://blobs/${key.split('/').map(encodeURIComponent).join('/')}`;
	}

	async put(key: string, body: ReadableStream<Uint8Array> | null, length: number): Promise<void> {
		// A body shorter or longer than declared errors the stream; the disk service then drops its
		// temporary file instead of renaming it into place.
		const input = exactly(body, length);
		const response = await this.dir.fetch(this.url(key), { method: 'PUT', body: input });
		await response.body?.cancel();
		if (response.status !== 204) throw new Error(`the blob directory answered a PUT with ${response.status}`);
	}

	async get(key: string, range?: ByteRange): Promise<BlobBody | null> {
		const headers: Record<string, string> = range ? { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : {};
		const response = await this.dir.fetch(this.url(key), { headers });
		const isFile = response.headers.get('Content-Type') === 'application/octet-stream';
		if (response.status === 404 || (response.ok && !isFile)) {
			await response.body?.cancel();
			return null;
		}
		const whole = /\/([0-9]+)$/.exec(response.headers.get('Content-Range') ?? '')?.[1] ?? response.headers.get('Content-Length');
		if ((response.status !== 200 && response.status !== 206) || response.body === null || whole === null) {
			await response.body?.cancel();
			throw new Error(`the blob directory answered a GET with ${response.status}`);
		}
		return { body: response.body, size: Number(whole) };
	}

	async delete(keys: string[]): Promise<void> {
		for (let i = 0; i < keys.length; i += PARALLEL) {
			await Promise.all(keys.slice(i, i + PARALLEL).map((key) => this.remove(key)));
		}
	}

	async deletePrefix(prefix: string): Promise<void> {
		await this.remove(prefix.replace(/\/+$/, ''));
	}

	/** A file, or a directory and everything in it. */
	private async remove(path: string): Promise<void> {
		const response = await this.dir.fetch(this.url(path), { method: 'DELETE' });
		await response.body?.cancel();
		if (response.status !== 204 && response.status !== 404) throw new Error(`the blob directory answered a DELETE with ${response.status}`);
	}

	async list(prefix: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<BlobList> {
		const blobs: ListedBlob[] = [];
		const full = await this.walk(prefix.replace(/\/+$/, ''), cursor, limit, blobs);
		return { blobs, cursor: full ? blobs.at(-1)?.key : undefined };
	}

	/**
	 * Depth first, in key order, from after `cursor`; fills `out` up to `limit` and says whether it
	 * stopped because the page was full with more to come.
	 */
	private async walk(dir: string, cursor: string | undefined, limit: number, out: ListedBlob[]): Promise<boolean> {
		const files: string[] = [];
		for (const entry of await this.entries(dir)) {
			const key = `${dir}/${entry.name}`;
			if (entry.type === 'directory') {
				// Every key under a directory that sorts wholly before the cursor was listed already.
				if (cursor !== undefined && cursor > `${key}/` && !cursor.startsWith(`${key}/`)) continue;
				if (files.length > 0 && (await this.describe(files.splice(0), limit, out))) return true;
				if (await this.walk(key, cursor, limit, out)) return true;
			} else if (entry.type === 'file' && (cursor === undefined || key > cursor)) {
				files.push(key);
			}
		}
		return this.describe(files, limit, out);
	}

	/** Adds the files with their modification times; true when the page filled up before the end. */
	private async describe(keys: string[], limit: number, out: ListedBlob[]): Promise<boolean> {
		const room = limit - out.length;
		const taken = keys.slice(0, room);
		for (let i = 0; i < taken.length; i += PARALLEL) {
			out.push(...(await Promise.all(taken.slice(i, i + PARALLEL).map((key) => this.stat(key)))));
		}
		return keys.length > room;
	}

	private async stat(key: string): Promise<ListedBlob> {
		const response = await this.dir.fetch(this.url(key), { method: 'HEAD' });
		const modified = response.headers.get('Last-Modified');
		return { key, uploaded: modified ? new Date(modified) : new Date(0) };
	}

	/** A directory's entries in key order (a directory sorts as its name and '/'); none if missing. */
	private async entries(dir: string): Promise<Entry[]> {
		const response = await this.dir.fetch(this.url(dir));
		if (response.status === 404 || response.headers.get('Content-Type') !== 'application/json') {
			await response.body?.cancel();
			return [];
		}
		const entries = (await response.json()) as Entry[];
		const sortKey = (entry: Entry) => (entry.type === 'directory' ? `${entry.name}/` : entry.name);
		return entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
	}
}
