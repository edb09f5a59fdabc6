// The indexing pool on the real indexer, and the hostile-input fuzz: a CD can hold anything, and one
// bad file must never cost the good ones beside it.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dcmtkReadsObject, explicitElement, listSamples, makeTestCd, prng, readSample, testCdFiles } from '../core/dicom/test-helpers';
import { indexFile } from '../core/dicom/index-file';
import { indexBatch, indexOne, type DroppedFile } from './index-files';
import { indexInPool, workerCount, type BatchIndexer } from './pool';

const dropped = (path: string, bytes: Uint8Array): DroppedFile => ({ path, file: new File([bytes as BlobPart], path.split('/').pop()!) });
const inProcess: BatchIndexer = (files, onDone) => indexBatch(files, onDone);
/** Finishes batches in reverse order of hand-out, as a slow first worker would. */
const slowFirst = (delay: number): BatchIndexer => async (files, onDone) => {
  const result = await indexBatch(files, onDone);
  await new Promise((r) => setTimeout(r, delay));
  return result;
};

const SKIP_CODES = new Set(['not-dicom', 'truncated', 'malformed', 'unsupported', 'unreadable']);
const CD = listSamples().filter((p) => p.startsWith('dicomdir-pcir/'));

describe('indexOne', () => {
  it('indexes a large image from its head alone: the whole file is not read until it is shared', async () => {
    const bytes = readSample('CT1_UNC.explicit_little_endian.dcm');
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    const file = new File([bytes as BlobPart], 'CT1');
    file.arrayBuffer = () => Promise.reject(new Error('read whole'));
    const result = await indexOne({ path: 'CT1', file });
    expect(result).toEqual(indexFile('CT1', bytes));
  });

  it('looks further for a header longer than the first read, still without reading the whole file', async () => {
    const ct = readSample('CT1_UNC.explicit_little_endian.dcm');
    // 40 KiB of a private element just before Pixel Data (12-byte OW header at 6194 in this file).
    const pixelData = 6194;
    const privateBlock = [...explicitElement(0x7fd1, 0x0010, 'LO', 'DISCLESS TEST'), ...explicitElement(0x7fd1, 0x1001, 'OB', new Array(40 * 1024).fill(7))];
    const bytes = new Uint8Array([...ct.subarray(0, pixelData), ...privateBlock, ...ct.subarray(pixelData)]);
    const file = new File([bytes as BlobPart], 'CT1');
    file.arrayBuffer = () => Promise.reject(new Error('read whole'));
    const result = await indexOne({ path: 'CT1', file });
    expect(result).toEqual(indexFile('CT1', bytes));
    expect('pixelData' in result && result.pixelData?.offset).toBe(pixelData + privateBlock.length + 12);
  });

  it('reads the whole file when its head does not reach Pixel Data', async () => {
    const bytes = readSample('CT1_UNC.explicit_little_endian.dcm');
    const file = new File([bytes as BlobPart], 'CT1');
    let whole = 0;
    const slice = file.slice.bind(file);
    file.slice = (start?: number, end?: number) => slice(start, end === undefined ? end : Math.min(end, 200));
    const arrayBuffer = file.arrayBuffer.bind(file);
    file.arrayBuffer = () => (whole++, arrayBuffer());
    expect(await indexOne({ path: 'CT1', file })).toEqual(indexFile('CT1', bytes));
    expect(whole).toBe(1);
  });
});

describe('indexBatch', () => {
  it('keeps each header for de-identification: an image up to its Pixel Data (4 KiB at least), a small object whole', async () => {
    const paths = [...CD, 'CT1_UNC.explicit_little_endian.dcm', 'JPEG-LL.dcm'];
    const { files: indexed, heads } = await indexBatch(paths.map((p) => dropped(p, readSample(p))));
    for (const path of ['CT1_UNC.explicit_little_endian.dcm', 'JPEG-LL.dcm']) {
      const image = indexed.find((f) => f.path === path)!;
      // At least the 4 KiB the rewriter reads first, so that it reads nothing of the file.
      expect(heads[path], path).toEqual(readSample(path).subarray(0, Math.max(image.pixelData!.offset, 4096)));
    }
    const dicomdir = indexed.find((f) => f.kind === 'directory')!;
    expect(dicomdir.size).toBeLessThan(64 * 1024);
    expect(heads[dicomdir.path]).toEqual(readSample(dicomdir.path));
  });
});

describe('indexing pool', () => {
  it('keeps headers up to its budget, in drop order, and indexes the same either way', async () => {
    const files = CD.map((p) => dropped(p, readSample(p)));
    const all = await indexInPool(files, () => {}, [inProcess, inProcess]);
    const sizes = Object.values(all.heads).map((h) => h.length);
    expect(sizes.length).toBe(all.index.files.length);
    const budget = sizes.slice(0, 5).reduce((a, b) => a + b, 0);
    const some = await indexInPool(files, () => {}, [inProcess, inProcess], budget);
    expect(Object.keys(some.heads)).toEqual(Object.keys(all.heads).slice(0, 5));
    expect(some.index).toEqual(all.index);
  });

  it('uses up to four workers, fewer for small drops or few cores', () => {
    expect(workerCount(10, 8)).toBe(1);
    expect(workerCount(2000, 8)).toBe(4);
    expect(workerCount(2000, 2)).toBe(2);
    expect(workerCount(0, 2)).toBe(1);
  });

  it('gives the same index in drop order whichever worker finishes first', async () => {
    const files = Array.from({ length: 3 }, (_, copy) => CD.map((p) => dropped(`copy${copy}/${p}`, readSample(p)))).flat();
    const progress: number[] = [];
    const alone = (await indexInPool(files, (p) => progress.push(p.done), [inProcess])).index;
    const pooled = (await indexInPool(files, () => {}, [slowFirst(30), slowFirst(0), inProcess])).index;
    expect(pooled.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
    expect(pooled).toEqual(alone);
    expect(progress.at(-1)).toBe(files.length);
    expect(alone.patients).toHaveLength(2);
  });
});

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;
const LEVEL = [0x40, 0x00, 0x75, 0x02, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
const at = (bytes: Uint8Array, random: () => number) => 132 + Math.floor(random() * Math.max(1, bytes.length - 132));

const MUTATIONS: Record<string, Mutation> = {
  truncated: (b, r) => b.slice(0, Math.floor(r() * b.length)),
  'bit flips': (b, r) => {
    const out = b.slice();
    for (let k = 1 + Math.floor(r() * 16); k > 0; k--) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  'absurd element length': (b, r) => {
    const out = b.slice();
    out.set([0xf0, 0xff, 0xff, r() < 0.5 ? 0xff : 0x7f].slice(0, out.length - at(out, r)), at(out, r));
    return out;
  },
  'deep sequences': (b, r) => {
    const depth = 100 + Math.floor(r() * 20_000);
    const cut = at(b, r);
    const out = new Uint8Array(b.length + depth * LEVEL.length);
    out.set(b.subarray(0, cut));
    for (let k = 0; k < depth; k++) out.set(LEVEL, cut + k * LEVEL.length);
    out.set(b.subarray(cut), cut + depth * LEVEL.length);
    return out;
  },
  'huge declared sizes': (b, r) => {
    // Rows, Columns and Number of Frames at their maximum, inserted where the parser meets them first.
    const huge = [...explicitElement(0x0028, 0x0008, 'IS', '2147483647'), ...explicitElement(0x0028, 0x0010, 'US', [0xff, 0xff]), ...explicitElement(0x0028, 0x0011, 'US', [0xff, 0xff])];
    const cut = r() < 0.5 ? b.length : at(b, r);
    return Uint8Array.from([...b.subarray(0, cut), ...huge, ...b.subarray(cut)]);
  }
};

/** 1,100 mutations of real files, of every kind the CD holds and of the samples. */
function hostileFiles(): { seed: string; name: string; bytes: Uint8Array }[] {
  const cd = makeTestCd();
  const seeds: [string, Uint8Array][] = [
    ...['CT_small.dcm', 'MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_RLE.dcm', 'emri_small.dcm', 'test-SR.dcm', 'image_dfl.dcm', 'dicomdir-pcir/DICOMDIR', 'JPEG2000.dcm', 'rtdose.dcm'].map(
      (p): [string, Uint8Array] => [p, readSample(p)]
    ),
    ...['DICOM/CT2/IM1', 'DICOM/KO/KO1', 'DICOM/SR/SR1', 'DICOM/DOC/PDF1', 'DICOM/PRIV/OBJ1', 'DICOM/PAD/IM1', 'LOOSE/MRBE'].map(
      (p): [string, Uint8Array] => [`CD/${p}`, new Uint8Array(readFileSync(join(cd, p)))]
    )
  ];
  const random = prng(4_2026);
  const out: { seed: string; name: string; bytes: Uint8Array }[] = [];
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    for (let k = 0; k < 220; k++) {
      const [seed, bytes] = seeds[k % seeds.length];
      out.push({ seed, name: `hostile/${name}/${k}-${seed.replace(/\W/g, '_')}`, bytes: mutate(bytes, random) });
    }
  }
  return out;
}

describe('hostile input', () => {
  it('indexes or skips with a clear reason each of 1,000+ mutated files, and still indexes every DICOM file of the CD beside them', async () => {
    const hostile = hostileFiles().map((h) => dropped(h.name, h.bytes));
    const cd = makeTestCd();
    const expected = testCdFiles();
    const good = expected.map(({ path }) => dropped(`CD/${path}`, new Uint8Array(readFileSync(join(cd, path)))));
    const drop = [...hostile.slice(0, 500), ...good, ...hostile.slice(500)];
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { index } = await indexInPool(drop, () => {}, [inProcess, inProcess]);
    const seconds = (performance.now() - started) / 1000;

    expect(hostile.length).toBeGreaterThanOrEqual(1000);
    expect(index.files.length + index.skipped.length).toBe(drop.length);
    for (const s of index.skipped) {
      expect(SKIP_CODES, s.path).toContain(s.code);
      expect(s.reason.length, s.path).toBeGreaterThan(10);
    }
    const indexed = new Set(index.files.map((f) => f.path));
    const dicom = expected.filter((f) => f.kind !== 'not-dicom').map((f) => `CD/${f.path}`);
    expect(dicom.filter((p) => !indexed.has(p))).toEqual([]);
    const byCode: Record<string, number> = {};
    for (const s of index.skipped) byCode[s.code] = (byCode[s.code] ?? 0) + 1;
    console.info(
      `fuzz: ${hostile.length} hostile files in ${seconds.toFixed(1)} s; indexed ${index.files.length - dicom.length}, skipped`,
      byCode,
      `heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`
    );
  }, 300_000);

  it('shares every mutated file that dcmtk reads without a complaint: no valid file is called damaged or not DICOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'discless-fuzz-'));
    const hostile = hostileFiles();
    const refused: string[] = [];
    let readable = 0;
    for (const [k, h] of hostile.entries()) {
      const path = join(dir, String(k));
      writeFileSync(path, h.bytes);
      if (!dcmtkReadsObject(path)) continue;
      readable++;
      const result = await indexOne(dropped(h.name, h.bytes));
      if ('code' in result) refused.push(`${h.name}: ${result.code}`);
    }
    console.info(`fuzz vs dcmtk: ${readable} of ${hostile.length} mutated files read by dcmtk, ${refused.length} of them refused`);
    expect(readable).toBeGreaterThan(200);
    expect(refused).toEqual([]);
  }, 300_000);
});
