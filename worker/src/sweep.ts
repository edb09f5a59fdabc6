// The sweep: blobs that no live share links are deleted. Shares end on their own alarms; this
// catches what an alarm cannot: a body written by a Worker that died before linking it, or the
// blobs of a share whose clean-up kept failing. On Cloudflare a Cron Trigger runs it hourly; under
// workerd, which fires no Cron Triggers, the Sweeper Durable Object's alarm does
// (self-host/sweeper.ts).

import { blobStore } from './blob-store';
import { sharePrefix } from './blobs';
import type { Env } from './config';

/** A body younger than this may still be on its way to being linked by a running PUT. */
export const UNLINKED_GRACE_MS = 60 * 60 * 1000;
// Bounded work per run; the next run continues where this one stopped.
const PAGES_PER_RUN = 20;

const KEY = /^shares\/([0-9a-f]{32})\/(?:objects\/[0-9]+|manifest)\/([0-9a-f]{16})$/;

export interface SweepResult {
	scanned: number;
	deleted: number;
}

export async function sweep(env: Env, now = Date.now()): Promise<SweepResult> {
	const blobs = blobStore(env);
	const linked = new Map<string, Set<string> | null>();
	const uploadsOf = async (id: string) => {
		if (!linked.has(id)) {
			const uploads = await env.SHARES.get(env.SHARES.idFromName(id)).linkedUploads();
			linked.set(id, uploads === null ? null : new Set(uploads));
			// A share that ended or never existed may keep nothing: all of it goes at once.
			if (uploads === null) await blobs.deletePrefix(sharePrefix(id));
		}
		return linked.get(id);
	};
	const result: SweepResult = { scanned: 0, deleted: 0 };
	let cursor: string | undefined;
	for (let page = 0; page < PAGES_PER_RUN; page++) {
		const listed = await blobs.list('shares/', { limit: 1000, cursor });
		const doomed: string[] = [];
		for (const blob of listed.blobs) {
			result.scanned++;
			const young = now - blob.uploaded.getTime() < UNLINKED_GRACE_MS;
			const match = KEY.exec(blob.key);
			// Keys the store never writes are not its to delete.
			if (!match) continue;
			const [, id, upload] = match;
			const uploads = await uploadsOf(id);
			if (uploads === null) result.deleted++;
			else if (!young && !uploads?.has(upload)) doomed.push(blob.key);
		}
		if (doomed.length > 0) await blobs.delete(doomed);
		result.deleted += doomed.length;
		if (!listed.cursor) break;
		cursor = listed.cursor;
	}
	return result;
}
