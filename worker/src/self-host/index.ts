// The store's entry when self-hosted under workerd (worker/workerd.capnp): the same Worker as on
// Cloudflare (../index.ts), with blobs on local disk (BLOB_DIR), the app served from build/
// (StaticAssets) and the sweep run by a Durable Object's alarm (Sweeper) instead of a Cron Trigger.

import store from '../index';
import type { Env } from '../config';
import type { Sweeper } from './sweeper';

export { Share } from '../share';
export { StaticAssets } from './assets';
export { Sweeper } from './sweeper';

interface SelfHostEnv extends Env {
	SWEEPER: DurableObjectNamespace<Sweeper>;
}

let sweeperStarted = false;

export default {
	fetch(request, env, exec): Promise<Response> {
		// The first request after a start arms the sweep; workerd runs nothing before one arrives.
		if (!sweeperStarted) {
			sweeperStarted = true;
			const sweeper = env.SWEEPER.get(env.SWEEPER.idFromName('sweeper'));
			exec.waitUntil(sweeper.started().catch(() => (sweeperStarted = false)));
		}
		return store.fetch(request, env, exec);
	}
} satisfies ExportedHandler<SelfHostEnv>;
