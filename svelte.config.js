import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// A store on another origin (VITE_STORE_URL, see README) must be allowed to receive requests.
const store = process.env.VITE_STORE_URL ? [new URL(process.env.VITE_STORE_URL).origin] : [];

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The app is a static bundle: any web server can host it, the Worker serves it locally.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
    prerender: { entries: ['*'] },
    // @vite-pwa/sveltekit builds the service worker (Workbox); the app registers it with workbox-window.
    serviceWorker: { register: false },
    // Written into every page as a <meta> with the hashes of SvelteKit's inline bootstrap script, so
    // no other inline script can run. What a meta cannot carry (frame-ancestors) the server sends as
    // a header: worker/src/headers.ts, and the nginx example in docs/DEPLOY.md.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        // The WebAssembly of hash-wasm (SHA-256, Argon2id) and the image codecs needs compiling.
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self'],
        'connect-src': ['self', ...store],
        // QR codes are data: images; decoded frames and exports are blobs.
        'img-src': ['self', 'data:', 'blob:'],
        // Svelte sets style attributes (transitions, layout); no script can come from them.
        'style-src': ['self', 'unsafe-inline'],
        'font-src': ['self'],
        'media-src': ['self', 'blob:'],
        // An encapsulated PDF from a share is shown in a frame from a blob: URL.
        'frame-src': ['self', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['none'],
        'form-action': ['self']
      }
    }
  },
  compilerOptions: { runes: true }
};

export default config;
