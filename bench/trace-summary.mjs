#!/usr/bin/env node
// Where the time went in a Chromium trace (as `BENCH_TRACE=<dir> npm run bench` records one through
// CDP Tracing): busy time per thread, and the functions the V8 sampling profiler caught most often on
// each, by self time. Usage: node bench/trace-summary.mjs <trace.json> [functions per thread].

import { readFileSync } from 'node:fs';

const [path, top = '12'] = process.argv.slice(2);
const raw = JSON.parse(readFileSync(path, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const threadName = new Map();
const busyUs = new Map();
for (const e of events) {
  const thread = `${e.pid}:${e.tid}`;
  if (e.ph === 'M' && e.name === 'thread_name') threadName.set(thread, e.args.name);
  if (e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')) busyUs.set(thread, (busyUs.get(thread) ?? 0) + (e.dur ?? 0));
}
let first = Infinity;
let last = -Infinity;
for (const e of events) {
  if (!e.ts || e.ph === 'M') continue;
  first = Math.min(first, e.ts);
  last = Math.max(last, e.ts + (e.dur ?? 0));
}
const spanS = (last - first) / 1e6;
console.log(`trace spans ${spanS.toFixed(1)} s`);
console.log('busy time per thread (RunTask):');
for (const [thread, us] of [...busyUs].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  console.log(`  ${(us / 1e6).toFixed(1).padStart(7)} s  ${threadName.get(thread) ?? thread}`);
}

// The sampling profiler: one Profile per thread, its call tree and samples arrive in ProfileChunks.
const profiles = new Map();
for (const e of events) {
  if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
  const key = `${e.pid}:${e.id}`;
  const profile = profiles.get(key) ?? { thread: `${e.pid}:${e.tid}`, nodes: new Map(), self: new Map(), total: 0 };
  profiles.set(key, profile);
  const data = e.args?.data ?? {};
  for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node.callFrame);
  const samples = data.cpuProfile?.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const frame = profile.nodes.get(id);
    const name = frame ? `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop()}` : `node ${id}`;
    const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    profile.self.set(name, (profile.self.get(name) ?? 0) + us);
    profile.total += us;
  });
}
for (const profile of [...profiles.values()].sort((a, b) => b.total - a.total)) {
  if (profile.total < 1e5) continue;
  console.log(`\n${threadName.get(profile.thread) ?? profile.thread}: ${(profile.total / 1e6).toFixed(1)} s sampled, self time:`);
  for (const [name, us] of [...profile.self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`  ${(us / 1e6).toFixed(2).padStart(7)} s  ${name}`);
  }
}
