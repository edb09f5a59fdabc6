// The deid stage of `npm run bench`: de-identified shares against plain ones in the same run.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ratio, summary } from './stats.mjs';

/**
 * De-identified shares of the 318 MB study against plain ones, one of each per run, interleaved so
 * that the machine's load falls on both alike; and one plain and one de-identified share of the 1 GB
 * study, for memory. The plain shares here are this stage's own, not the sender stage's.
 */
export async function deidStage(shares, { runs, results, meta, log }) {
  const plain = [];
  const deid = [];
  // The local store sometimes fails a request under load ("store: 500"): such a share is shared again.
  const once = async (...args) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await shares(...args))[0];
      } catch (error) {
        if (attempt === 3) throw error;
        log(`  ${error.message}; sharing it again`);
      }
    }
  };
  for (let run = 0; run < runs; run++) {
    plain.push(await once('ct600', 1));
    deid.push(await once('ct600', 1, undefined, 'Bench case 1'));
  }
  // BENCH_TRACE: one extra de-identified share, traced (tracing slows the browser, so it is not counted).
  if (process.env.BENCH_TRACE) {
    mkdirSync(process.env.BENCH_TRACE, { recursive: true });
    await once('ct600', 1, join(process.env.BENCH_TRACE, 'ct600-deid.trace.json'), 'Bench case 1');
  }
  const plainBig = await once('ct1900', 1);
  const big = await once('ct1900', 1, undefined, 'Bench case 2');
  meta.deid_plain_peak_heap_MB_1GB = summary([plainBig.peakMB]);
  results['deid.MBps'] = summary(deid.map((s) => s.MBps));
  results['deid.ratio_vs_plain_share'] = ratio(results['deid.MBps'], summary(plain.map((s) => s.MBps)));
  results['deid.peak_heap_MB.318MB'] = summary(deid.map((s) => s.peakMB));
  results['deid.peak_heap_MB.1GB'] = summary([big.peakMB]);
  results['deid.heap_ratio_1GB_vs_318MB'] = summary([big.peakMB / results['deid.peak_heap_MB.318MB'].median]);
  meta.deid_1GB_MBps = summary([big.MBps]);
  const seconds = (shares) => ({
    page: shares.map((s) => s.seconds),
    indexing: shares.map((s) => s.indexSeconds),
    survey: shares.map((s) => s.surveySeconds),
    share: shares.map((s) => s.shareSeconds),
    until_first_byte_count: shares.map((s) => s.prepareSeconds)
  });
  meta.deid_seconds = { plain: seconds(plain), deidentified: seconds(deid), plain_1GB: seconds([plainBig]), deidentified_1GB: seconds([big]) };
  meta.deid_plain_peak_heap_MB_318MB = summary(plain.map((s) => s.peakMB));
}
