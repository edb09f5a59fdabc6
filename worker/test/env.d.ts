type StoreEnv = import('../src/config').Env;

declare namespace Cloudflare {
	interface Env extends StoreEnv {}
	interface GlobalProps {
		mainModule: typeof import('../src/index');
		durableNamespaces: 'Share';
	}
}
