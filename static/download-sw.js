// Streamed downloads, imported into the Workbox service worker (vite.config.ts). The page's half is
// src/lib/viewer/download-stream.ts: a page of this origin offers a download with a MessagePort, the
// reader worker sends the zip's ReadableStream on that port, and the page opens
// /download/<id>/<name> in a hidden frame. This answers that request with the stream as an
// attachment, so the browser writes the zip to disk as it is made, pulling each chunk when it is
// ready for it, and nothing holds the whole zip. Each id is served once, then forgotten.

const DOWNLOADS = '/download/';
/** A stream nobody asked for within this time is cancelled and forgotten. */
const UNCLAIMED_MS = 60_000;
/** id → { name, stream, timer } */
const downloads = new Map();

function forget(id) {
  const download = downloads.get(id);
  if (!download) return null;
  downloads.delete(id);
  clearTimeout(download.timer);
  return download;
}

self.addEventListener('message', (event) => {
  const { data } = event;
  if (data?.type !== 'discless-download') return;
  const port = event.ports[0];
  const valid = typeof data.id === 'string' && /^[0-9a-f-]{36}$/.test(data.id) && typeof data.name === 'string';
  if (!port || event.origin !== self.location.origin || !valid) return;
  port.onmessage = ({ data: sent }) => {
    if (!(sent?.stream instanceof ReadableStream) || downloads.has(data.id)) return;
    const timer = setTimeout(() => forget(data.id)?.stream.cancel(), UNCLAIMED_MS);
    downloads.set(data.id, { name: data.name, stream: sent.stream, timer });
    port.postMessage('received');
  };
  port.postMessage('accepted');
});

/** RFC 6266: an ASCII fallback, and the name itself in UTF-8. */
function attachment(name) {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(DOWNLOADS)) return;
  const download = forget(url.pathname.slice(DOWNLOADS.length).split('/')[0]);
  if (!download) {
    event.respondWith(new Response('This download has ended. Start it again from the viewer.', { status: 404 }));
    return;
  }
  const headers = { 'Content-Type': 'application/zip', 'Content-Disposition': attachment(download.name), 'X-Content-Type-Options': 'nosniff' };
  event.respondWith(new Response(download.stream, { headers }));
});
