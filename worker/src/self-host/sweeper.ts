// workerd fires no Cron Triggers, so on a self-hosted store one Durable Object's alarm runs the
// sweep instead: a minute after the store starts (so a crash's leftovers go soon), then hourly.
// Its alarm is kept on disk with the Durable Objects, like every share's own.

import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../config';
import { sweep } from '../sweep';

const AFTER_START_MS = 60_000;
const EVERY_MS = 60 * 60_000;

export class Sweeper extends DurableObject<Env> {
	/** The store started: sweep within a minute, unless a sweep is due sooner anyway. */
	async started(now = Date.now()): Promise<void> {
		const due = await this.ctx.storage.getAlarm();
		if (due === null || due > now + AFTER_START_MS) await this.ctx.storage.setAlarm(now + AFTER_START_MS);
	}

	async alarm(): Promise<void> {
		try {
			await sweep(this.env);
		} catch {
			// Status only, as everywhere in the store; the next run continues where this one stopped.
			console.error('store: the sweep failed; it runs again in an hour');
		}
		await this.ctx.storage.setAlarm(Date.now() + EVERY_MS);
	}
}
