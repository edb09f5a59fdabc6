// The real command line (bin/discless.mjs) as a child process, as a script or a clinic's cron job
// runs it: no terminal, output captured, the exit code kept.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../../bin/discless.mjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `discless <args>`; `done` resolves when it exits, whatever its code. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const cli = (args: string[], env?: Record<string, string>) => startCli(args, env).done;

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `discless-cli-${name}-`));

/** The history file as the CLI wrote it. */
export function readHistory(path: string): { shares: { shareId: string; salts: (string | null)[]; local: string }[] } {
  return JSON.parse(readFileSync(path, 'utf8'));
}
