// The viewer in a patient's language: the link opened in a fresh context whose browser language is
// `locale` (as a new phone set to that language), timed to the first image, with the JavaScript the
// page and its workers requested before it. The service worker's offline precache (every page,
// language and codec, fetched in the background once it installs) is not the page's and is counted
// apart.

import { launch } from './browser.mjs';
import { ratio, summary } from './stats.mjs';
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

/**
 * The 600-slice study opened in fresh browser contexts set to English and to Arabic, in `pairs`
 * pairs (which one goes first swaps every pair), timed to the first image, with the JavaScript the
 * page and its workers requested before it: a language must cost neither time nor bytes of the
 * others. One unmeasured pair first, so that neither language meets the store's first reads.
 * Returns the figures for results.json and the Chromium version.
 */
export async function languagesStage(links600, pairs, log) {
  const browser = await launch();
  const chromium = browser.version();
  const first = { en: [], ar: [] };
  const js = { en: [], ar: [] };
  try {
    for (let pair = -1; pair < pairs; pair++) {
      for (const language of pair % 2 ? ['ar', 'en'] : ['en', 'ar']) {
        const opened = await openInLanguage(browser, links600[Math.max(0, pair) % links600.length], language === 'en' ? 'en-US' : 'ar');
        await opened.context.close();
        if (opened.lang !== language) throw new Error(`the viewer opened in ${opened.lang}, not ${language}`);
        if (pair < 0) continue;
        first[language].push(opened.firstImageMs);
        js[language].push(opened.jsBytes);
        log(`  ${language}: first image ${opened.firstImageMs.toFixed(0)} ms, ${opened.jsBytes} bytes of JavaScript in ${opened.scripts.length} files (dir=${opened.dir})`);
      }
    }
  } finally {
    await browser.close();
  }
  const results = {
    'viewer.first_image_ms_600.en': summary(first.en),
    'viewer.first_image_ms_600.ar': summary(first.ar),
    'viewer.first_load_js_bytes.en': summary(js.en),
    'viewer.first_load_js_bytes.ar': summary(js.ar)
  };
  results['viewer.first_image_ratio_ar_vs_en'] = ratio(results['viewer.first_image_ms_600.ar'], results['viewer.first_image_ms_600.en']);
  return { results, chromium };
}
