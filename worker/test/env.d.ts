type StoreEnv = import('../src/config').Env;

declare namespace Cloudflare {
	interface Env extends StoreEnv {
		/** Which blob storage this test project runs on (vitest.config.ts). */
		BLOB_STORAGE_UNDER_TEST: 'r2' | 'disk';
		/** The built app's folder (a fixture here), for the self-hosted asset server. */
		APP_DIR: Fetcher;
		/** Bound in the disk project only, as in workerd.capnp. */
		SWEEPER?: DurableObjectNamespace<import('../src/self-host/sweeper').Sweeper>;
	}
	interface GlobalProps {
		mainModule: typeof import('../src/index');
		durableNamespaces: 'Share';
	}
}
