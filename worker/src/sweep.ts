// The scheduled sweep (Cron Trigger): R2 keys that no live share links are deleted. Shares end on
// their own alarms; this catches what an alarm cannot: a body written to R2 by a Worker that died
// before linking it, or keys left by a share whose clean-up kept failing.

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
	const linked = new Map<string, Set<string> | null>();
	const result: SweepResult = { scanned: 0, deleted: 0 };
	let cursor: string | undefined;
	for (let page = 0; page < PAGES_PER_RUN; page++) {
		const listed = await env.BLOBS.list({ prefix: 'shares/', limit: 1000, cursor });
		const doomed: string[] = [];
		for (const object of listed.objects) {
			result.scanned++;
			const match = KEY.exec(object.key);
			// Keys the store never writes are not its to delete.
			if (!match) continue;
			const [, id, upload] = match;
			if (!linked.has(id)) {
				const uploads = await env.SHARES.get(env.SHARES.idFromName(id)).linkedUploads();
				linked.set(id, uploads === null ? null : new Set(uploads));
			}
			const uploads = linked.get(id);
			const young = now - object.uploaded.getTime() < UNLINKED_GRACE_MS;
			if (uploads === null || (!uploads?.has(upload) && !young)) doomed.push(object.key);
		}
		if (doomed.length > 0) await env.BLOBS.delete(doomed);
		result.deleted += doomed.length;
		if (!listed.truncated) break;
		cursor = listed.cursor;
	}
	return result;
}
