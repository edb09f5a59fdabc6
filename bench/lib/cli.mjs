// The command line's speed, as a script runs it: `discless share` of a study folder and `discless get`
// of the share, each a child process timed from spawn to exit (start-up, indexing, thumbnails,
// encryption, upload; or download, decryption, checks, writing). Its peak memory is the process's
// own high-water mark (VmHWM in /proc), read until it exits.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function highWaterMB(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null; // exited
  }
}

export function runCli(root, args) {
  const start = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'discless.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  let peakMB = 0;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, highWaterMB(child.pid) ?? 0)), 100);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) reject(new Error(`discless ${args[0]} exited ${code}: ${stderr.trim().split('\n').at(-1)}`));
      else resolve({ seconds, peakMB, stdout });
    });
  });
}

/** Shares `dir` (of `bytes` bytes) with the CLI, then gets it back into a temporary folder. */
export async function shareAndGet(root, origin, dir, bytes) {
  const work = mkdtempSync(join(tmpdir(), 'discless-bench-cli-'));
  try {
    const share = await runCli(root, ['share', dir, '--store', origin, '--yes', '--json', '--history', join(work, 'history.json')]);
    const { link } = JSON.parse(share.stdout);
    const get = await runCli(root, ['get', link, '--out', join(work, 'out')]);
    return {
      share: { seconds: share.seconds, MBps: bytes / 1e6 / share.seconds, peakMB: share.peakMB },
      get: { seconds: get.seconds, MBps: bytes / 1e6 / get.seconds, peakMB: get.peakMB }
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
