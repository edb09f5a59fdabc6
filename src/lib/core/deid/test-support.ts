// Test support for the de-identification tests (not imported by app code): files made with dcmtk,
// read back with dcmdump, so that what the rewriter wrote is judged by an independent reader.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dcmtk, dcmtkPixelDataHash, SAMPLES } from '../dicom/test-helpers';
import { Deidentifier, type DeidSettings } from './deidentify';
import { DEFAULT_OPTIONS, type DeidOptions } from './profile';
import { bytesSource, materialize, type ByteSource } from './source';

export const KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

export function settings(options: Partial<DeidOptions> = {}, pseudonym = 'TEACHING 42'): DeidSettings {
  return { pseudonym, options: { ...DEFAULT_OPTIONS, ...options }, key: KEY };
}

/** De-identifies `bytes` with one share's settings (identifiers learned from the same bytes first). */
export async function deidentify(bytes: Uint8Array, options: Partial<DeidOptions> = {}, identifiers?: Iterable<string>): Promise<Uint8Array> {
  const deid = await Deidentifier.create(settings(options), identifiers);
  if (!identifiers) await deid.collect(bytesSource(bytes));
  const source = bytesSource(bytes);
  const rewritten = await deid.rewrite(source);
  const out = await materialize(rewritten.segments, source);
  if (out.length !== rewritten.size) throw new Error('size mismatch');
  return out;
}

let dir: string | null = null;
export function scratch(name: string, bytes?: Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'discless-deid-'));
  const path = join(dir, name);
  if (bytes) writeFileSync(path, bytes);
  return path;
}

export interface DumpLine {
  tag: string;
  depth: number;
  vr: string;
  value: string;
}

/** dcmdump's reading of a file: every element with its nesting depth; throws if dcmdump complains. */
export function dump(bytes: Uint8Array, name = 'dump.dcm'): DumpLine[] {
  const path = scratch(name, bytes);
  const out = dcmtk('dcmdump', ['+L', '-M', path]);
  if (!out) throw new Error(`dcmdump cannot read ${name}`);
  if (/^[EF]: /m.test(out.stderr)) throw new Error(`dcmdump: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .map((line) => /^( *)\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (.*?)\s+#/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ depth: m[1].length / 2, tag: m[2].toUpperCase(), vr: m[3], value: m[4] }));
}

/** The value of the first top-level `tag` ("(no value available)" when empty), or undefined. */
export function valueOf(lines: DumpLine[], tag: string, depth = 0): string | undefined {
  const line = lines.find((l) => l.tag === tag && l.depth === depth);
  if (!line) return undefined;
  const m = /^\[(.*)\]$/.exec(line.value) ?? /^=(\S+)/.exec(line.value);
  return m ? m[1] : line.value;
}

/** SHA-256 of the Pixel Data dcmtk reads from `bytes` (see dcmtkPixelDataHash), null without it. */
export function pixelHash(bytes: Uint8Array, name: string): string | null {
  return dcmtkPixelDataHash(scratch(name, bytes));
}

/** Makes a file with dump2dcm from dcmdump's text format, then converts it with dcmconv `args`. */
export function fromDump(text: string, name: string, args: string[] = []): Uint8Array {
  const txt = scratch(`${name}.txt`);
  writeFileSync(txt, text);
  const made = scratch(`${name}.made`);
  execFileSync('dump2dcm', ['-q', txt, made]);
  const out = scratch(name);
  execFileSync('dcmconv', ['-q', ...args, made, out]);
  return new Uint8Array(readFileSync(out));
}

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, name)));
}

/** A source that records what is read from it, to show that large values are never read. */
export function countingSource(bytes: Uint8Array): ByteSource & { read_: number; ranges: [number, number][] } {
  const s = {
    size: bytes.length,
    read_: 0,
    ranges: [] as [number, number][],
    read: async (offset: number, length: number) => {
      const b = bytes.subarray(offset, offset + length);
      s.read_ += b.length;
      s.ranges.push([offset, offset + b.length]);
      return b;
    }
  };
  return s;
}
