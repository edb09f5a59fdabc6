import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { execFileSync } from 'node:child_process';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Compiles the message files with Paraglide JS (scripts/i18n.mjs) before anything imports them:
 * once per build, dev server or test run, and again when one changes under `vite dev`.
 */
function messages(): Plugin {
  let compiled = false;
  const compile = () => execFileSync(process.execPath, ['scripts/i18n.mjs'], { stdio: 'inherit' });
  return {
    name: 'discless-messages',
    config() {
      if (compiled) return;
      compile();
      compiled = true;
    },
    configureServer(server) {
      server.watcher.add('messages');
      server.watcher.on('change', (file) => {
        if (/[/\\]messages[/\\].*\.json$/.test(file)) compile();
      });
    }
  };
}

export default defineConfig({
  plugins: [
    messages(),
    sveltekit(),
    // The app shell (pages, scripts, codecs) is precached by a Workbox service worker, so a study
    // opened once reopens with the network off. Shares' ciphertext is kept in IndexedDB by the app.
    SvelteKitPWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Discless — medical images without a CD',
        short_name: 'Discless',
        description: 'Share and view medical imaging studies, end-to-end encrypted.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5cad',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
        ]
      },
      workbox: {
        globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,wasm}', 'prerendered/**/*.html'],
        // Codec wasm files are a few MB each; they must be there offline too.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallbackDenylist: [/^\/api\//],
        // Streams the viewer's export to disk as a download (static/download-sw.js).
        importScripts: ['/download-sw.js'],
        cleanupOutdatedCaches: true,
        // The first install takes over the open page, so it works offline without a reload.
        clientsClaim: true
      }
    })
  ],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000
  }
});
