#!/usr/bin/env node
// `npm run bench`: how fast sharing and viewing are, against the physical limit (WebCrypto AES-GCM in
// the same browser). Real parts only: the production build served by the real Worker in workerd,
// Debian Chromium driven by playwright. Prints a table and writes bench/results.json, each figure the
// median of BENCH_RUNS (default 3) runs with min and max. Ports: BENCH_PORT (store) and the next one
// (micro benchmark page). BENCH_TRACE=<dir> records a Chromium trace (CDP Tracing) of one extra
// 318 MB share. BENCH_ONLY=micro,sender,viewer,languages,cli,pacs,deid runs some stages (the viewer
// then shares its two studies once, unmeasured) and only prints: results.json is written by full runs
// alone. The languages stage opens the 600-slice study in English and in Arabic, alternately, in one
// run. The pacs stage sends the 318 MB study into a local Orthanc behind nginx (ports BENCH_PORT + 2
// and + 3). The store's figures (store.*) are taken in the sender stage.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderBytes, prepareData } from './lib/data.mjs';
import { measureDecode, measureEce, measureRaw, serveHarness } from './lib/micro.mjs';
import { launch } from './lib/browser.mjs';
import { shareFolder } from './lib/sender.mjs';
import { ratio, summary } from './lib/stats.mjs';
import { buildApp, measureStore, startStore } from './lib/store.mjs';
import { shareAndGet } from './lib/cli.mjs';
import { buildCli } from '../scripts/build-cli.mjs';
import { readShare, sendToPacs, startPacs, stowAlone } from './lib/pacs.mjs';
import { exportAll, openLink, openLinkInProfile, scroll, warmCache } from './lib/viewer.mjs';
import { languagesStage } from './lib/language.mjs';
import { printTable } from './lib/report.mjs';
import { deidStage } from './lib/deid.mjs';
import { startSampling } from './lib/memory.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The 1 GB shares take about 5 minutes each on the loaded reference machine. */
const RUNS_1GB = Number(process.env.BENCH_RUNS_1GB ?? RUNS);
const PORT = Number(process.env.BENCH_PORT ?? 8831);
const MICRO_MB = Number(process.env.BENCH_MICRO_MB ?? 64);
const SCROLL_IMAGES = 200;
/** A first image takes about a second and varies by half of that under load: more pairs than runs. */
const LANGUAGE_PAIRS = Number(process.env.BENCH_LANGUAGE_PAIRS ?? RUNS * 4);
const STAGE_NAMES = ['micro', 'sender', 'viewer', 'languages', 'cli', 'pacs', 'deid'];
const STAGES = new Set((process.env.BENCH_ONLY ?? STAGE_NAMES.join(',')).split(','));
const ALL = STAGE_NAMES.every((stage) => STAGES.has(stage));
/** The studies each stage shares or decodes: only those are made. */
const STUDIES_OF = {
  micro: ['ct20-jll', 'ct20-jls', 'ct20-rle'],
  sender: ['ct600', 'ct600-jls', 'ct1900', 'ct1'],
  viewer: ['ct600', 'ct1', 'ct1900'],
  languages: ['ct600'],
  cli: ['ct600', 'ct1900'],
  pacs: ['ct600'],
  deid: ['ct600', 'ct1900']
};
const started = Date.now();
const load = [loadavg()];
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

const dirs = prepareData(root, [...new Set([...STAGES].flatMap((stage) => STUDIES_OF[stage] ?? []))]);
const bytes = Object.fromEntries(Object.entries(dirs).map(([name, dir]) => [name, folderBytes(dir)]));
if (process.env.BENCH_SKIP_BUILD !== '1') buildApp(root);

const results = {};
const meta = { runs: RUNS, runs_1GB: RUNS_1GB, micro_MB: MICRO_MB * 1.048576, study_bytes: bytes };
/** Written after every stage, so that a run that fails late keeps what it measured. */
function save(complete) {
  if (!ALL) return;
  const ordered = Object.fromEntries(Object.keys(results).sort().map((key) => [key, results[key]]));
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify({ ...ordered, meta: { ...meta, complete } }, null, 2) + '\n');
  return ordered;
}
/** A figure another stage measures, or an empty one when that stage did not run. */
const figure = (key) => results[key] ?? summary([], 'its stage did not run');

if (STAGES.has('micro')) {
  const samples = join(root, '..', 'shared', 'dicom-samples');
  const codecs = {
    jpeg_lossless: { path: dirs['ct20-jll'], note: '20 slices of the CT, JPEG lossless SV1 (dcmcjpeg)' },
    jpeg_ls: { path: dirs['ct20-jls'], note: '20 slices of the CT, JPEG-LS lossless (dcmcjpls)' },
    jpeg2000: { path: join(samples, 'JPEG2000.dcm'), note: 'JPEG2000.dcm: 1024×256 NM, 16-bit (no J2K encoder here for the CT)' },
    htj2k: { path: join(samples, 'HTJ2KLossless_08_RGB.dcm'), note: 'HTJ2KLossless_08_RGB.dcm: 480×640 RGB (no HTJ2K encoder here)' },
    rle: { path: dirs['ct20-rle'], note: '20 slices of the CT, RLE lossless (dcmcrle)' }
  };
  const mounts = [...new Set(Object.values(codecs).map(({ path }) => (path.endsWith('.dcm') ? dirname(path) : path)))];
  log('micro benchmarks: AES-GCM per record size, SHA-256, RFC 8188, decoders');
  const harness = await serveHarness(root, PORT + 1, mounts);
  const browser = await launch();
  meta.chromium = browser.version();
  try {
    const page = await browser.newPage();
    await page.goto(harness.origin + '/');
    await page.waitForFunction(() => globalThis.discless_bench !== undefined);
    const raw = await measureRaw(page, { mb: MICRO_MB, runs: RUNS });
    log(`AES-256-GCM ${raw.aes.median.toFixed(0)} MB/s, SHA-256 ${raw.sha.median.toFixed(0)} MB/s`);
    results['raw.aes_gcm_MBps'] = raw.aes;
    results['raw.sha256_MBps'] = raw.sha;
    meta.aes_gcm_by_record_size_MBps = raw.recordSizes;
    results['peer.send_ece_MBps'] = await measureEce(page, { mb: MICRO_MB, runs: RUNS });
    const decode = await measureDecode(page, codecs, mounts, { runs: RUNS });
    for (const [codec, value] of Object.entries(decode)) results[`viewer.decode_ms.${codec}`] = value;
  } finally {
    await browser.close();
    harness.close();
  }
  save(false);
}

async function senderStage(store, shares) {
  const own = [];
  for (let run = 0; run < RUNS; run++) {
    const o = await measureStore(store.origin, store.data);
    own.push(o);
    log(`store alone (Node ↔ workerd): PUT ${o.storePut.toFixed(0)} MB/s (dd ${o.ddWrite.toFixed(0)}), Range GET ${o.storeGet.toFixed(0)} MB/s (dd from disk ${o.ddRead.toFixed(0)}, from cache ${o.ddReadCached.toFixed(0)}; plain HTTP from memory ${o.httpFromMemory.toFixed(0)})`);
  }
  const figures = (key) => summary(own.map((o) => o[key]));
  results['store.put_MBps'] = figures('storePut');
  results['store.dd_write_MBps'] = figures('ddWrite');
  results['store.put_ratio_vs_dd'] = ratio(results['store.put_MBps'], results['store.dd_write_MBps']);
  results['store.range_get_MBps'] = figures('storeGet');
  results['store.dd_read_MBps'] = figures('ddRead');
  results['store.range_get_ratio_vs_dd'] = ratio(results['store.range_get_MBps'], results['store.dd_read_MBps']);
  meta.store_range_get_2MiB_one_at_a_time_MBps = figures('storeGetSequential');
  meta.dd_read_page_cache_MBps = figures('ddReadCached');
  meta.http_from_memory_MBps = figures('httpFromMemory');
  meta.store_range_get_ratio_vs_http_from_memory = ratio(results['store.range_get_MBps'], meta.http_from_memory_MBps);
  const ct600 = await shares('ct600', RUNS);
  const jls = await shares('ct600-jls', RUNS);
  const big = await shares('ct1900', RUNS_1GB);
  const [one] = await shares('ct1', 1);
  load.push(loadavg());
  // Tracing slows the browser down, so the traced share is an extra one.
  if (process.env.BENCH_TRACE) {
    mkdirSync(process.env.BENCH_TRACE, { recursive: true });
    await shares('ct600', 1, join(process.env.BENCH_TRACE, 'ct600.trace.json'));
  }

  results['sender.MBps'] = summary(ct600.map((s) => s.MBps));
  results['sender.ratio_vs_raw_aes'] = ratio(results['sender.MBps'], figure('raw.aes_gcm_MBps'));
  results['sender.jpegls.MBps'] = summary(jls.map((s) => s.MBps));
  results['sender.jpegls.ratio_vs_raw_aes'] = ratio(results['sender.jpegls.MBps'], figure('raw.aes_gcm_MBps'));
  results['sender.peak_heap_MB.318MB'] = summary(ct600.map((s) => s.peakMB));
  results['sender.peak_heap_MB.1GB'] = summary(big.map((s) => s.peakMB));
  results['sender.heap_ratio_1GB_vs_318MB'] = ratio(results['sender.peak_heap_MB.1GB'], results['sender.peak_heap_MB.318MB']);
  const seconds = (runs) => ({
    page: runs.map((s) => s.seconds),
    wall_clock: runs.map((s) => s.wallSeconds),
    indexing: runs.map((s) => s.indexSeconds)
  });
  meta.sender_seconds = { ct600: seconds(ct600), 'ct600-jls': seconds(jls), ct1900: seconds(big) };
  meta.sender_1GB_MBps = summary(big.map((s) => s.MBps));
  const peaks = (runs) => runs.map((s) => ({ at_seconds: Math.round(s.peakSeconds), ...s.byProcess }));
  meta.sender_peak_MB_by_process = { ct600: peaks(ct600), ct1900: peaks(big) };
  results['sender.ratio_vs_store_put'] = ratio(results['sender.MBps'], results['store.put_MBps']);
  return { links600: ct600.map((s) => s.link), link1: one.link, link1900: big[0].link };
}

async function viewerStage({ links600, link1, link1900 }) {
  const first1 = [];
  const first600 = [];
  const fps = [];
  const rafHz = [];
  const browser = await launch();
  meta.chromium ??= browser.version();
  try {
    for (let run = 0; run < RUNS; run++) {
      log(`viewer run ${run + 1} of ${RUNS}: first image of 1 and 600 slices, scroll`);
      const small = await openLink(browser, link1);
      first1.push(small.firstImageMs);
      await small.context.close();
      const opened = await openLink(browser, links600[run % links600.length]);
      first600.push(opened.firstImageMs);
      await warmCache(opened.page, SCROLL_IMAGES);
      const scrolled = await scroll(opened.page, SCROLL_IMAGES);
      fps.push(scrolled.fps);
      rafHz.push(scrolled.rafHz);
      await opened.context.close();
      log(`  first image ${first1.at(-1).toFixed(0)} / ${first600.at(-1).toFixed(0)} ms, ${scrolled.fps.toFixed(1)} fps (${scrolled.drawn} drawn, rAF ${scrolled.rafHz.toFixed(1)} Hz)`);
    }
  } finally {
    await browser.close();
  }
  // Each export in a browser of its own, so that its memory peak holds that export alone.
  const exports = { ct600: [], ct1900: [] };
  for (let run = 0; run < Math.max(RUNS, RUNS_1GB); run++) {
    for (const [name, link, runs] of [['ct600', links600[run % links600.length], RUNS], ['ct1900', link1900, RUNS_1GB]]) {
      if (run >= runs) continue;
      exports[name].push(await exportStudy(link, bytes[name]));
      const last = exports[name].at(-1);
      log(`  export of ${name}: ${last.MBps.toFixed(1)} MB/s, peak ${last.peakMB.toFixed(0)} MB ${JSON.stringify(last.byProcess)}`);
    }
  }
  results['viewer.first_image_ms_1'] = summary(first1);
  results['viewer.first_image_ms_600'] = summary(first600);
  results['viewer.first_image_ratio_600_vs_1'] = ratio(results['viewer.first_image_ms_600'], results['viewer.first_image_ms_1']);
  results['viewer.full_study_MBps'] = summary(exports.ct600.map((e) => e.MBps));
  results['viewer.full_study_ratio_vs_raw_aes'] = ratio(results['viewer.full_study_MBps'], figure('raw.aes_gcm_MBps'));
  results['viewer.full_study_ratio_vs_store_get'] = ratio(results['viewer.full_study_MBps'], figure('store.range_get_MBps'));
  results['viewer.peak_memory_MB.318MB'] = summary(exports.ct600.map((e) => e.peakMB));
  results['viewer.peak_memory_MB.1GB'] = summary(exports.ct1900.map((e) => e.peakMB));
  results['viewer.memory_ratio_1GB_vs_318MB'] = ratio(results['viewer.peak_memory_MB.1GB'], results['viewer.peak_memory_MB.318MB']);
  results['viewer.scroll_fps'] = summary(fps);
  meta.scroll_raf_hz = summary(rafHz);
  meta.viewer_1GB_MBps = summary(exports.ct1900.map((e) => e.MBps));
  meta.viewer_export_streamed_by_service_worker = [...exports.ct600, ...exports.ct1900].every((e) => e.streamed);
  meta.viewer_peak_MB_by_process = Object.fromEntries(Object.entries(exports).map(([k, runs]) => [k, runs.map((e) => e.byProcess)]));
}

/** "Save the original files" of the share behind `link`, in a fresh browser, with its memory sampled. */
async function exportStudy(link, studyBytes) {
  const opened = await openLinkInProfile(root, link);
  try {
    // The default download streams through the app's service worker once it controls the page
    // (clientsClaim, moments after the first load); that is what a patient's second visit gets.
    const streamed = await opened.page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 30_000 }).then(() => true, () => false);
    const memory = startSampling();
    const MBps = await exportAll(opened.page, studyBytes);
    return { MBps, streamed, ...memory.stop() };
  } finally {
    await opened.close();
  }
}

/**
 * The command line against the same store: each run measures the store alone (Node ↔ workerd, as in
 * the sender stage) right before the CLI shares the 318 MB study and gets it back, so each ratio
 * compares figures taken minutes apart at most. The 1 GB study once more for memory.
 */
async function cliStage(store) {
  await buildCli(root);
  const own = [];
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    log(`CLI run ${run + 1} of ${RUNS}: store alone, then discless share and get of ct600`);
    // As in the sender stage, a connection the loaded local workerd drops must not end the run: the
    // pair (store alone, CLI) is then left out, so each ratio still compares figures of one moment.
    let pair;
    try {
      pair = [await measureStore(store.origin, store.data), await shareAndGet(root, store.origin, dirs.ct600, bytes.ct600)];
    } catch (error) {
      log(`  left out: ${error.message}`);
      continue;
    }
    own.push(pair[0]);
    runs.push(pair[1]);
    const last = runs.at(-1);
    log(`  store PUT ${own.at(-1).storePut.toFixed(1)} MB/s, Range GET ${own.at(-1).storeGet.toFixed(1)} MB/s; CLI share ${last.share.MBps.toFixed(1)} MB/s (${last.share.peakMB.toFixed(0)} MB), get ${last.get.MBps.toFixed(1)} MB/s (${last.get.peakMB.toFixed(0)} MB)`);
  }
  const big = [];
  for (let run = 0; run < RUNS_1GB; run++) {
    log(`CLI run ${run + 1} of ${RUNS_1GB}: discless share and get of ct1900 (1 GB)`);
    try {
      big.push(await shareAndGet(root, store.origin, dirs.ct1900, bytes.ct1900));
    } catch (error) {
      log(`  left out: ${error.message}`);
      continue;
    }
    log(`  share ${big.at(-1).share.MBps.toFixed(1)} MB/s (${big.at(-1).share.peakMB.toFixed(0)} MB), get ${big.at(-1).get.MBps.toFixed(1)} MB/s (${big.at(-1).get.peakMB.toFixed(0)} MB)`);
  }
  meta.cli_store_put_MBps = summary(own.map((o) => o.storePut));
  meta.cli_store_range_get_MBps = summary(own.map((o) => o.storeGet));
  results['cli.share_MBps'] = summary(runs.map((r) => r.share.MBps));
  results['cli.get_MBps'] = summary(runs.map((r) => r.get.MBps));
  results['cli.share_ratio_vs_store_put'] = ratio(results['cli.share_MBps'], meta.cli_store_put_MBps);
  results['cli.get_ratio_vs_store_range_get'] = ratio(results['cli.get_MBps'], meta.cli_store_range_get_MBps);
  results['cli.share_peak_MB.318MB'] = summary(runs.map((r) => r.share.peakMB));
  results['cli.share_peak_MB.1GB'] = summary(big.map((r) => r.share.peakMB));
  results['cli.get_peak_MB.318MB'] = summary(runs.map((r) => r.get.peakMB));
  results['cli.get_peak_MB.1GB'] = summary(big.map((r) => r.get.peakMB));
  results['cli.share_peak_ratio_1GB_vs_318MB'] = ratio(results['cli.share_peak_MB.1GB'], results['cli.share_peak_MB.318MB']);
  results['cli.get_peak_ratio_1GB_vs_318MB'] = ratio(results['cli.get_peak_MB.1GB'], results['cli.get_peak_MB.318MB']);
  meta.cli_1GB = { share_MBps: summary(big.map((r) => r.share.MBps)), get_MBps: summary(big.map((r) => r.get.MBps)) };
}

/**
 * Per run: a fresh, empty Orthanc; Node reads the share from the store alone, then the viewer sends
 * it to the PACS. The ratio pairs the two of one run.
 */
async function pacsStage(store, links600) {
  const browser = await launch();
  meta.chromium ??= browser.version();
  const stow = [];
  const read = [];
  const alone = [];
  const check = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      log(`PACS run ${run + 1} of ${RUNS}: the 318 MB study into Orthanc; read from the store alone; posted to Orthanc alone`);
      const pacs = await startPacs({ port: PORT + 2, appOrigin: store.origin });
      let sent;
      try {
        sent = await sendToPacs(browser, links600[run % links600.length], pacs, bytes.ct600);
      } finally {
        await pacs.stop();
      }
      const fromStore = await readShare(store.origin, sent.shareId);
      const fresh = await startPacs({ port: PORT + 2, appOrigin: store.origin });
      try {
        alone.push((await stowAlone(fresh, dirs.ct600)).MBps);
      } finally {
        await fresh.stop();
      }
      stow.push(sent.MBps);
      read.push(fromStore.MBps);
      check.push(sent.checkSeconds);
      log(`  sent ${sent.sent} instances in ${sent.seconds.toFixed(1)} s (${sent.checkSeconds.toFixed(1)} s of it the PACS listing them): ${sent.MBps.toFixed(1)} MB/s; the store alone ${fromStore.MBps.toFixed(1)} MB/s; Orthanc alone ${alone.at(-1).toFixed(1)} MB/s`);
    }
  } finally {
    await browser.close();
  }
  results['pacs.stow_MBps'] = summary(stow);
  meta.pacs_store_read_MBps = summary(read);
  results['pacs.ratio_vs_store_read'] = ratio(results['pacs.stow_MBps'], meta.pacs_store_read_MBps);
  meta.pacs_orthanc_alone_MBps = summary(alone);
  meta.pacs_ratio_vs_orthanc_alone = ratio(results['pacs.stow_MBps'], meta.pacs_orthanc_alone_MBps);
  meta.pacs_check_seconds = summary(check);
}

if (STAGE_NAMES.some((stage) => stage !== 'micro' && STAGES.has(stage))) {
  const store = await startStore(root, PORT);
  const shares = async (name, runs, trace, pseudonym) => {
    const out = [];
    for (let run = 0; run < runs; run++) {
      log(`sharing ${name} (${(bytes[name] / 1e6).toFixed(0)} MB)${pseudonym ? ' de-identified' : ''}, run ${run + 1} of ${runs}${trace ? ', traced, not counted' : ''}`);
      out.push(await shareFolder({ origin: store.origin, dir: dirs[name], bytes: bytes[name], trace, pseudonym }));
      const last = out.at(-1);
      const survey = pseudonym ? `, ${last.surveySeconds.toFixed(1)} s reading for de-identification, ${last.prepareSeconds?.toFixed(1)} s planning` : '';
      log(`  ${last.seconds.toFixed(1)} s in the page (${last.indexSeconds.toFixed(1)} s indexing${survey}; ${last.wallSeconds.toFixed(1)} s wall clock), ${last.MBps.toFixed(1)} MB/s, peak ${last.peakMB.toFixed(0)} MB at ${last.peakSeconds.toFixed(0)} s ${JSON.stringify(last.byProcess)}`);
    }
    return out;
  };
  try {
    if (STAGES.has('sender') || STAGES.has('viewer') || STAGES.has('languages') || STAGES.has('pacs')) {
      const links = STAGES.has('sender')
        ? await senderStage(store, shares)
        : { links600: [(await shares('ct600', 1))[0].link], link1: STAGES.has('viewer') ? (await shares('ct1', 1))[0].link : null, link1900: STAGES.has('viewer') ? (await shares('ct1900', 1))[0].link : null };
      save(false);
      if (STAGES.has('viewer')) await viewerStage(links);
      if (STAGES.has('languages')) {
        log('languages: the 600-slice study in English and in Arabic');
        const measured = await languagesStage(links.links600, LANGUAGE_PAIRS, log);
        meta.chromium ??= measured.chromium;
        Object.assign(results, measured.results);
      }
      save(false);
      if (STAGES.has('pacs')) await pacsStage(store, links.links600);
    }
    if (STAGES.has('cli')) {
      await cliStage(store);
      save(false);
    }
    if (STAGES.has('deid')) {
      log('de-identified shares of the 318 MB study against plain ones, then one of 1 GB');
      await deidStage(shares, { runs: RUNS, results, meta, log });
      save(false);
    }
  } finally {
    await store.stop();
  }
}

load.push(loadavg());
Object.assign(meta, {
  date: new Date().toISOString(),
  cpus: `${cpus().length} × ${cpus()[0]?.model}`,
  memory_GB: Math.round(totalmem() / 1e8) / 10,
  loadavg_1min: load.map((l) => l[0]),
  minutes: Math.round((Date.now() - started) / 6000) / 10
});
printTable(save(true) ?? results, meta);
