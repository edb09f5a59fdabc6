// The viewer in a patient's language: the link opened in a fresh context whose browser language is
// `locale` (as a new phone set to that language), timed to the first image, with the JavaScript the
// page and its workers requested before it. The service worker's offline precache (every page,
// language and codec, fetched in the background once it installs) is not the page's and is counted
// apart.

import { openLink } from './viewer.mjs';

/** A request's bytes on the wire (headers and encoded body), as Chromium counted them. */
async function wireBytes(request) {
  const sizes = await request.sizes();
  return sizes.responseHeadersSize + sizes.responseBodySize;
}

const sum = (list) => list.reduce((total, bytes) => total + bytes, 0);

/**
 * Opens `link` with `locale` as the browser's language; returns the first image's time (page clock,
 * ms), the scripts the page and its workers had loaded when it showed ({ url, bytes }), the
 * service worker's script bytes by then, the page's `lang` and `dir`, and the still-open page and
 * context.
 */
export async function openInLanguage(browser, link, locale) {
  const finished = [];
  const opened = await openLink(browser, link, {
    locale,
    watch: (context) =>
      context.on('requestfinished', (request) => {
        if (new URL(request.url()).pathname.endsWith('.js')) finished.push(request);
      })
  });
  // Requests are reported a little after they finish: wait, then keep those that began before the
  // first image was drawn (page clock → wall clock through performance.timeOrigin).
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const drawnAt = await opened.page.evaluate((ms) => performance.timeOrigin + ms, opened.firstImageMs);
  const atFirstImage = finished.filter((request) => request.timing().startTime <= drawnAt);
  const measured = await Promise.all(atFirstImage.map(async (request) => ({ request, bytes: await wireBytes(request) })));
  const page = measured.filter((m) => !m.request.serviceWorker());
  const precache = measured.filter((m) => m.request.serviceWorker());
  const { lang, dir } = await opened.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  return {
    ...opened,
    lang,
    dir,
    scripts: page.map((m) => ({ url: m.request.url(), bytes: m.bytes })),
    jsBytes: sum(page.map((m) => m.bytes)),
    precacheJsBytes: sum(precache.map((m) => m.bytes))
  };
}
