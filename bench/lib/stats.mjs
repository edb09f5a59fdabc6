// Summaries of repeated measurements: every figure in results.json is a median with its min and max.

const round = (x) => (x === null ? null : Math.round(x * 1000) / 1000);

export function median(values) {
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** { median, min, max, runs } of the values; null figures (with a reason) when there are none. */
export function summary(values, reason = 'not measured') {
  if (!values.length) return { median: null, min: null, max: null, runs: [], reason };
  return { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), runs: values.map(round) };
}

/** Run i of `a` over run i of `b`: ratios of the same run's figures, so that load swings cancel less badly than medians would. */
export function ratio(a, b, reason) {
  const n = Math.min(a.runs.length, b.runs.length);
  return summary(Array.from({ length: n }, (_, i) => a.runs[i] / b.runs[i]), reason ?? a.reason ?? b.reason);
}
