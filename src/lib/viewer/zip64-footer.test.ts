// The export's zip writer (client-zip with fixZip64Footer) checked by an outside reader, Info-ZIP's
// unzip (Debian package unzip), past the 65,535 entries a classic end record can count.
// Offsets past 4 GiB (client-zip's own Zip64) would take minutes to write, so they are not tested here.

import { makeZip } from 'client-zip';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixZip64Footer } from './zip64-footer';

const dir = mkdtempSync(join(tmpdir(), 'discless-zip64-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` one-byte files, zipped as the export zips. */
async function zipOf(count: number, fix = true): Promise<Uint8Array> {
  function* entries() {
    for (let i = 0; i < count; i++) yield { name: `F${i}`, input: new Uint8Array([i & 0xff]), lastModified: new Date(2024, 0, 1) };
  }
  const zip = makeZip(entries());
  return new Uint8Array(await new Response(fix ? zip.pipeThrough(fixZip64Footer(count)) : zip).arrayBuffer());
}

function unzip(bytes: Uint8Array, ...args: string[]): string {
  const path = join(dir, `${bytes.length}.zip`);
  writeFileSync(path, bytes);
  return execFileSync('unzip', [...args, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('fixZip64Footer', () => {
  it('leaves a zip of fewer than 65,535 entries as client-zip wrote it', async () => {
    expect(await zipOf(300)).toEqual(await zipOf(300, false));
  });

  it('makes a zip of 65,536 entries that unzip reads whole', async () => {
    const count = 65_536;
    const zip = await zipOf(count);
    expect(unzip(zip, '-tq')).toMatch(/^No errors detected/);
    const names = unzip(zip, '-Z1').trim().split('\n');
    expect(names.length).toBe(count);
    expect(names.at(-1)).toBe(`F${count - 1}`);
  }, 60_000);

  // When client-zip writes these records itself, this fails and the fix can go.
  it('is needed: without it unzip rejects that zip', async () => {
    const zip = await zipOf(65_536, false);
    expect(() => unzip(zip, '-tq')).toThrow();
  }, 60_000);
});
