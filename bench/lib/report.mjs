// The table printed at the end of a run, with the goals beside the figures it sets them for.

const GOALS = {
  'store.put_ratio_vs_dd': ['≥', 0.5],
  'store.range_get_ratio_vs_dd': ['≥', 0.5],
  'sender.ratio_vs_store_put': ['≥', 0.8],
  'sender.ratio_vs_raw_aes': ['≥', 0.8],
  'viewer.first_image_ratio_600_vs_1': ['≤', 1.5],
  'viewer.scroll_fps': ['≥', 60],
  'viewer.full_study_ratio_vs_store_get': ['≥', 0.8],
  'viewer.full_study_ratio_vs_raw_aes': ['≥', 0.5],
  'sender.heap_ratio_1GB_vs_318MB': ['≤', 1.2],
  'viewer.first_image_ratio_ar_vs_en': ['≤', 1.05],
  'cli.share_ratio_vs_store_put': ['≥', 0.8],
  'cli.get_ratio_vs_store_range_get': ['≥', 0.8],
  'viewer.memory_ratio_1GB_vs_318MB': ['≤', 1.2],
  'deid.ratio_vs_plain_share': ['≥', 0.8]
};

const fmt = (x) => (x === null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function goal(key, median) {
  const g = GOALS[key];
  if (!g) return '';
  const met = median !== null && (g[0] === '≥' ? median >= g[1] : median <= g[1]);
  return `${g[0]} ${g[1]} ${median === null ? '?' : met ? 'met' : 'MISSED'}`;
}

/** Prints the figures as a Markdown table (ready for docs/BENCHMARKS.md) and the run's context. */
export function printTable(results, meta) {
  console.log('\n| figure | median | min | max | goal |\n|---|---:|---:|---:|---|');
  for (const [key, r] of Object.entries(results)) {
    console.log(`| \`${key}\` | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.median === null ? r.reason : goal(key, r.median)} |`);
  }
  const sizes = meta.aes_gcm_by_record_size_MBps ?? [];
  console.log('\nAES-256-GCM by record size (MB/s, median of runs): ' +
    sizes.map((r) => `${r.record}: ${fmt(r.one.median)} one at a time, ${fmt(r.two.median)} two in flight`).join('; '));
  for (const [key, value] of Object.entries(meta)) {
    if (value && typeof value === 'object' && 'median' in value) console.log(`${key}: ${fmt(value.median)} (${fmt(value.min)}–${fmt(value.max)})`);
  }
  console.log(`${meta.chromium}, ${meta.cpus}, ${meta.memory_GB} GB, load average ${meta.loadavg_1min.map((l) => l.toFixed(1)).join(' → ')}, ${meta.minutes} min`);
}
