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

/** Samples the summed PSS every `everyMs` until stop(), which returns the peak in MB (10^6 bytes). */
export function startSampling(everyMs = 200) {
  let peakKb = 0;
  const sample = () => {
    peakKb = Math.max(peakKb, chromiumPids().reduce((sum, pid) => sum + pssKb(pid), 0));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return (peakKb * 1024) / 1e6;
    }
  };
}
