// Test support (not imported by app code): the shared sample corpus and builders for synthetic files.
// The corpus lives beside the checkout (../shared/dicom-samples), on this machine and in CI.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLES = fileURLToPath(new URL('../../../../../shared/dicom-samples/', import.meta.url));

export function readSample(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, rel)));
}

/** Every file under the corpus, as sorted relative paths with "/" separators. */
export function listSamples(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]
    );
  return walk(SAMPLES)
    .map((p) => relative(SAMPLES, p).split('\\').join('/'))
    .sort();
}

export type ManifestRow = Record<string, string>;

export function readManifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(join(SAMPLES, 'MANIFEST.tsv'), 'utf8').trimEnd().split('\n');
  const cols = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [cols[i], v])));
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

/** One explicit VR little endian element; string values are padded to even length. */
export function explicitElement(group: number, element: number, vr: string, value: string | number[]): number[] {
  let bytes = typeof value === 'string' ? ascii(value) : value;
  if (bytes.length % 2) bytes = [...bytes, vr === 'UI' ? 0 : 0x20];
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OD', 'OF', 'OL', 'OV', 'UV'].includes(vr);
  const head = [...le16(group), ...le16(element), ...ascii(vr)];
  return long ? [...head, 0, 0, ...le32(bytes.length), ...bytes] : [...head, ...le16(bytes.length), ...bytes];
}

/** Preamble + "DICM" + File Meta (transfer syntax omitted when `ts` is null) + the given data set. */
export function part10(ts: string | null, sopClass: string, dataSet: Uint8Array | number[]): Uint8Array {
  const meta = [
    ...explicitElement(0x0002, 0x0001, 'OB', [0, 1]),
    ...explicitElement(0x0002, 0x0002, 'UI', sopClass),
    ...explicitElement(0x0002, 0x0003, 'UI', '1.2.3.4.5.6.7'),
    ...(ts === null ? [] : explicitElement(0x0002, 0x0010, 'UI', ts))
  ];
  const groupLength = explicitElement(0x0002, 0x0000, 'UL', le32(meta.length));
  return Uint8Array.from([...new Array(128).fill(0), ...ascii('DICM'), ...groupLength, ...meta, ...dataSet]);
}

/** Deterministic PRNG (mulberry32) so that fuzz failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a dcmtk command line tool: its output, or null when it exits with an error. */
export function dcmtk(tool: string, args: string[]): { stdout: string; stderr: string } | null {
  const run = spawnSync(tool, args, { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`${tool} is needed by this test (apt-get install dcmtk): ${run.error.message}`);
  return run.status === 0 ? { stdout: run.stdout, stderr: run.stderr } : null;
}

/**
 * Whether dcmtk reads `path` as a whole, valid DICOM object: it parses without an error or a
 * warning (it recovers from some damage, with a warning) and names a SOP class. Its one warning
 * that is not about damage — spaces trimmed from a UID — is let through, as the spec asks.
 */
export function dcmtkReadsObject(path: string): boolean {
  const dump = dcmtk('dcmdump', [path]);
  if (!dump || !/^\((0008,0016|0002,0002)\) UI /m.test(dump.stdout)) return false;
  return !dump.stderr.split('\n').some((line) => /^[WEF]: /.test(line) && !/space characters/.test(line));
}

let testCd: string | null = null;

/**
 * The patient CD of tests/fixtures/make-cd.sh (every kind of DICOM object, made with dcmtk from the
 * samples), written once per test process. Returns its folder; `${folder}.tsv` lists its files.
 */
export function makeTestCd(): string {
  if (testCd) return testCd;
  const folder = join(mkdtempSync(join(tmpdir(), 'discless-cd-')), 'CD');
  const script = fileURLToPath(new URL('../../../../tests/fixtures/make-cd.sh', import.meta.url));
  const run = spawnSync('bash', [script, folder], { encoding: 'utf8', env: { ...process.env, DICOM_SAMPLES: SAMPLES } });
  if (run.status !== 0) throw new Error(`make-cd.sh failed: ${run.stderr}`);
  testCd = folder;
  return folder;
}

/** make-cd.sh's list of the CD's files with the kind each should be indexed as. */
export function testCdFiles(): { path: string; kind: string }[] {
  const [, ...rows] = readFileSync(`${makeTestCd()}.tsv`, 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const [path, kind] = row.split('\t');
    return { path, kind };
  });
}

/**
 * SHA-256 of the Pixel Data value of the file at `path` as dcmtk reads it: dcmdump +W writes each
 * binary value (each fragment of encapsulated pixels) to a file of its own and names it in the dump;
 * the files of the top-level (7FE0,0010) are hashed in order. Null when the file has no Pixel Data.
 */
export function dcmtkPixelDataHash(path: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'discless-pixels-'));
  try {
    const dump = dcmtk('dcmdump', ['+W', dir, path]);
    if (!dump) throw new Error(`dcmdump cannot read ${path}`);
    const lines = dump.stdout.split('\n');
    const start = lines.findIndex((l) => l.startsWith('(7fe0,0010)'));
    if (start < 0) return null;
    const end = lines.findIndex((l, i) => i > start && /^\(/.test(l));
    const hash = createHash('sha256');
    for (const line of lines.slice(start, end < 0 ? undefined : end)) {
      const written = / =(\/\S+\.raw)\b/.exec(line);
      if (written) hash.update(readFileSync(written[1]));
    }
    return hash.digest('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
