// Peak memory of the browser, sampled from /proc: the proportional set size (PSS) summed over every
// Chromium process this benchmark started. PSS rather than RSS, because Chromium's processes share
// pages and summed RSS would count those once per process. It covers the page's JS heap, the
// dedicated workers (they live in the renderer process), Blob storage (browser process) and the
// network service, which no single CDP metric does: Performance.getMetrics sees one target's heap.

import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

function children() {
  const byParent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return byParent;
}

/** PIDs of the Chromium processes below this Node process (not the store's workerd). */
export function chromiumPids() {
  const byParent = children();
  const out = [];
  const walk = (pid) => {
    for (const child of byParent.get(pid) ?? []) {
      try {
        if (readlinkSync(`/proc/${child}/exe`).includes('chromium')) out.push(child);
      } catch {
        // Gone, or not ours to read.
      }
      walk(child);
    }
  };
  walk(process.pid);
  return out;
}

function pssKb(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Chromium's --type= (renderer, utility, gpu-process, zygote) or "browser" for the main process. */
function processType(pid) {
  try {
    const match = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
    const sub = /--utility-sub-type=([\w.]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
    return match ? (sub ? `${match[1]} ${sub[1].split('.').pop()}` : match[1]) : 'browser';
  } catch {
    return 'gone';
  }
}

/**
 * Samples the summed PSS every `everyMs` until stop(), which returns the peak in MB (10^6 bytes)
 * and, at that peak, MB per kind of process (browser, renderer, network utility…) and the seconds
 * since sampling began.
 */
export function startSampling(everyMs = 200) {
  const start = performance.now();
  let peakKb = 0;
  let atPeak = {};
  let peakSeconds = 0;
  const sample = () => {
    const byType = {};
    for (const pid of chromiumPids()) {
      const type = processType(pid);
      byType[type] = (byType[type] ?? 0) + pssKb(pid);
    }
    const total = Object.values(byType).reduce((a, b) => a + b, 0);
    if (total > peakKb) {
      peakKb = total;
      atPeak = byType;
      peakSeconds = (performance.now() - start) / 1000;
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  const mb = (kb) => Math.round((kb * 1024) / 1e5) / 10;
  return {
    stop() {
      clearInterval(timer);
      sample();
      const byProcess = Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, mb(v)]));
      return { peakMB: (peakKb * 1024) / 1e6, peakSeconds, byProcess };
    }
  };
}
