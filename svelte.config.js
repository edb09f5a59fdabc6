import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The app is a static bundle: any web server can host it, the Worker serves it locally.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    prerender: { entries: ['*'] },
    // @vite-pwa/sveltekit builds the service worker (Workbox); the app registers it with workbox-window.
    serviceWorker: { register: false }
  },
  compilerOptions: { runes: true }
};

export default config;
