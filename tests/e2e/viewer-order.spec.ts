// Issue 5's order on the wire: after the manifest, the viewer's first object request is the Range of
// the middle image of the first series; until the offline copy (which also prefetches the other
// series) starts, every read is of that series. Recorded by a proxy between browser and store. The
// order across several objects and series is proved by the unit tests of fetch-order.ts and
// caching-client.ts: a study big enough for several 32 MiB objects would make this test slow.

import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveShareKeys } from '../../src/lib/core/keys';
import { parseFragment } from '../../src/lib/core/link';
import { parseManifest, type Manifest } from '../../src/lib/core/manifest';
import { openAll, recordSpan } from '../../src/lib/core/stream';
import { startRecordingProxy } from './support/recording-proxy';
import { shareFolder } from './support/staff';

const SAMPLES = join(import.meta.dirname, '../../../shared/dicom-samples');

/**
 * One study of two series, made from a 530 kB CT slice with dcmodify: five slices, then three. Each
 * slice spans records of its own (256 KiB), so which image is read first shows on the wire.
 */
function makeStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'discless-order-'));
  const series: [number, number][] = [[1, 5], [2, 3]];
  for (const [number, slices] of series) {
    for (let slice = 1; slice <= slices; slice++) {
      const file = join(dir, `S${number}I${slice}.dcm`);
      copyFileSync(join(SAMPLES, 'CT1_UNC.explicit_little_endian.dcm'), file);
      chmodSync(file, 0o644);
      const set = [`(0020,000D)=2.25.1000`, `(0020,000E)=2.25.1000${number}`, `(0020,0011)=${number}`, `(0020,0013)=${slice}`];
      execFileSync('dcmodify', ['-nb', '-gin', ...set.flatMap((s) => ['-i', s]), file], { stdio: 'pipe' });
    }
  }
  return dir;
}

/** Object and ciphertext byte range [start, end] that file `i` occupies (the study fits in one object). */
function cipherRange(manifest: Manifest, i: number) {
  const file = manifest.files[i];
  const span = recordSpan(file.offset, file.size, manifest.objects[file.object].size, manifest.recordSize);
  return { object: file.object, start: span.start, end: span.end - 1 };
}

test('the viewer reads the middle image of the first series first, then that series, then keeps the rest', async ({ page, browser, baseURL }) => {
  const study = makeStudy();
  const link = await shareFolder(page, study);
  rmSync(study, { recursive: true, force: true });
  const proxy = await startRecordingProxy(baseURL!);
  const viewer = await browser.newPage();
  const fragment = new URL(link).hash;
  await viewer.goto(`${proxy.origin}/v${fragment}`);
  const viewport = viewer.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });
  const first = viewer.getByTestId('series').first();
  const uid = (await first.getAttribute('data-series-uid'))!;
  const count = Number(await first.getAttribute('data-image-count'));
  const middle = Math.floor(count / 2);
  expect(count).toBe(5);
  await expect(viewport).toHaveAttribute('data-series-uid', uid);
  await expect(viewport).toHaveAttribute('data-image-index', String(middle));
  await expect(viewer.getByTestId('offline-status')).toHaveAttribute('data-state', 'kept', { timeout: 30_000 });
  await proxy.close();

  const keys = await deriveShareKeys(parseFragment(fragment.slice(1)));
  const sealed = await fetch(`${baseURL}/api/v1/shares/${keys.shareIdHex}/manifest`);
  const manifest = parseManifest(await openAll(keys, { kind: 'manifest' }, new Uint8Array(await sealed.arrayBuffer())));
  const series = manifest.studies.flatMap((s) => s.series).find((s) => s.uid === uid)!;
  const images = series.files.flatMap((i) => Array<number>(manifest.files[i].image?.frames ?? 0).fill(i));
  expect(images).toHaveLength(count);
  expect(manifest.objects).toHaveLength(1);

  const afterManifest = proxy.requests.slice(proxy.requests.findIndex((r) => r.method === 'GET' && r.url.endsWith('/manifest')));
  const reads = afterManifest
    .filter((r) => r.method === 'GET' && r.url.includes('/objects/'))
    .map((r) => {
      const [start, end] = /^bytes=(\d+)-(\d+)$/.exec(String(r.headers.range))!.slice(1).map(Number);
      return { object: Number(/\/objects\/(\d+)$/.exec(r.url)![1]), start, end };
    });
  expect(reads[0], 'the first object request: the middle image of the first series').toEqual(cipherRange(manifest, images[middle]));

  // The offline copy reads the object from its first byte; the viewer's reads start after its header.
  const copy = reads.findIndex((r) => r.start === 0);
  expect(copy, 'the offline copy starts after the first image').toBeGreaterThan(0);
  const ofFirstSeries = images.map((i) => cipherRange(manifest, i));
  for (const read of reads.slice(0, copy)) {
    expect(ofFirstSeries.some((f) => f.object === read.object && f.start <= read.start && read.end <= f.end), `read ${JSON.stringify(read)} is of the first series`).toBe(true);
  }
});
