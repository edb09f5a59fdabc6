import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../core/bytes';
import { Deidentifier } from '../core/deid/deidentify';
import { deidentifiedBytes, planShare, surveyFiles, type DeidPlan } from '../core/deid/plan';
import { DEFAULT_OPTIONS } from '../core/deid/profile';
import { blobSource, heldSource, type FileHeads } from '../core/deid/source';
import { indexFile } from '../core/dicom/index-file';
import { StudyIndexBuilder } from '../core/dicom/study-index';
import { listSamples, makeTestCd, readSample, testCdFiles } from '../core/dicom/test-helpers';
import { orderFiles } from '../core/share-plan';
import { indexBatch } from '../indexing/index-files';
import type { SharedBlob } from './read-ahead';
import { planDeidentified, planPart, sharedContent, type Copy, type DeidRequest, type PlanPart } from './shared-content';

const KEY = new Uint8Array(32).fill(5);
const deid: DeidRequest = { pseudonym: 'CASE 3', options: DEFAULT_OPTIONS, key: toBase64url(KEY), identifiers: ['doe'] };

/** A small disc, and a CT image whose Pixel Data is sent from the file rather than held. */
function study() {
  const builder = new StudyIndexBuilder();
  const files: Record<string, File> = {};
  for (const p of [...listSamples().filter((s) => s.startsWith('dicomdir-pcir/')), 'CT1_UNC.explicit_little_endian.dcm']) {
    const bytes = readSample(p);
    builder.add(indexFile(p, bytes));
    files[p] = new File([bytes as BlobPart], p);
  }
  return { index: builder.build(), files, thumbnails: {} };
}

const whole = async (blob: SharedBlob) => new Uint8Array(await blob.arrayBuffer());
/** A plan with each copy's Blob read, to compare what two plans would send. */
const sent = async (plan: DeidPlan<Copy>) => ({ ...plan, pieces: await Promise.all(plan.pieces.map(async (p) => (p instanceof Blob ? whole(p) : p))) });
const streamed = async (blob: SharedBlob) => new Uint8Array(await new Response(blob.stream()).arrayBuffer());

describe('sharedContent', () => {
  it('gives a plain share the dropped files themselves, in share order', async () => {
    const given = study();
    const content = await sharedContent(given);
    expect(content.blobs).toEqual(orderFiles(given.index).map((f) => given.files[f.path]));
    expect(content.deidentified).toBeUndefined();
  });

  it('says which file is missing before anything is shared', async () => {
    const given = study();
    const [first] = orderFiles(given.index);
    delete given.files[first.path];
    await expect(sharedContent(given)).rejects.toMatchObject({ code: 'file-missing' });
  });

  it('gives each de-identified copy whole and streamed alike, as the rewriter writes it, held header or not', async () => {
    const given = study();
    const plan = await planDeidentified(given.index, given.files, {}, deid, [planPart]);
    expect(plan.pieces.every((p) => p !== null)).toBe(true);
    // A header too large to hold (null pieces) is rewritten again when it is read.
    const unheld = { ...plan, pieces: plan.pieces.map((p, i) => (i % 2 ? null : p)) };
    const content = await sharedContent({ ...given, deid: { ...deid, plan: unheld } });
    expect(content.deidentified?.codes[0]).toBe('113100');
    const deidentifier = await Deidentifier.create({ pseudonym: deid.pseudonym, options: deid.options, key: KEY }, deid.identifiers);
    expect(plan.pieces.every((p) => p instanceof Blob)).toBe(true);
    for (const [i, file] of plan.ordered.entries()) {
      const chunks: Uint8Array[] = [];
      for await (const c of deidentifiedBytes(deidentifier, blobSource(given.files[plan.sources[i]]), file.size)) chunks.push(c.slice());
      const expected = new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
      const blob = content.blobs[i];
      expect(blob.size, file.path).toBe(file.size);
      expect(await whole(blob), file.path).toEqual(expected);
      expect(await streamed(blob), file.path).toEqual(expected);
    }
  });

  it('plans the same share in parts in other workers as in one thread (each part crossing a worker boundary)', async () => {
    const given = study();
    const alone = await planDeidentified(given.index, given.files, {}, deid, [planPart]);
    // A planner is another worker: what it is given and gives back is structured-cloned (Files by reference).
    const worker = async (part: PlanPart) => structuredClone(await planPart({ ...part, deid: structuredClone(part.deid) }));
    for (const workers of [[worker], [worker, worker], [worker, worker, worker, worker]]) {
      const parted = await planDeidentified(given.index, given.files, {}, deid, workers);
      expect(await sent(parted)).toEqual(await sent(alone));
    }
  });

  it('plans from the headers the indexer kept as from the files, without reading the files inside them', async () => {
    const given = study();
    const { heads } = await indexBatch(Object.entries(given.files).map(([path, file]) => ({ path, file })));
    const ct = 'CT1_UNC.explicit_little_endian.dcm';
    expect(heads[ct].length).toBe(given.index.files.find((f) => f.path === ct)!.pixelData!.offset);
    expect(Object.keys(heads).length).toBe(given.index.files.length);
    const fromFiles = await planDeidentified(given.index, given.files, {}, deid, [planPart]);
    const headReads: string[] = [];
    const watched = Object.fromEntries(
      Object.entries(given.files).map(([path, file]) => {
        // A read of the file inside its header, not a slice put into a copy's Blob, is what counts.
        const slice = file.slice.bind(file);
        file.slice = (start = 0, end?: number) => {
          const part = slice(start, end);
          if (start >= heads[path].length) return part;
          const [arrayBuffer, stream] = [part.arrayBuffer.bind(part), part.stream.bind(part)];
          part.arrayBuffer = () => (headReads.push(path), arrayBuffer());
          part.stream = () => (headReads.push(path), stream());
          return part;
        };
        return [path, file];
      })
    );
    const fromHeads = await planDeidentified(given.index, watched, heads, deid, [planPart]);
    expect(await sent(fromHeads)).toEqual(await sent(fromFiles));
    expect(headReads).toEqual([]);
  });

  it('surveys and plans a dcmtk-made CD (no Pixel Data, big endian, no File Meta, deflated, private classes) from kept headers as from its files', async () => {
    const cd = makeTestCd();
    const dicom = testCdFiles().filter((f) => f.kind !== 'not-dicom' && f.kind !== 'directory');
    const files = Object.fromEntries(dicom.map(({ path }) => [path, new File([readFileSync(join(cd, path))], path)]));
    const batch = await indexBatch(Object.entries(files).map(([path, file]) => ({ path, file })));
    const builder = new StudyIndexBuilder();
    batch.files.forEach((f) => builder.add(f));
    const index = builder.build();
    expect(index.files.length).toBe(dicom.length);
    const sources = (heads: FileHeads) => index.files.map((f) => ({ path: f.path, source: heldSource(files[f.path], heads[f.path]) }));
    expect(await surveyFiles(sources(batch.heads))).toEqual(await surveyFiles(sources({})));
    const fromHeads = await planDeidentified(index, files, batch.heads, deid, [planPart]);
    expect(await sent(fromHeads)).toEqual(await sent(await planDeidentified(index, files, {}, deid, [planPart])));
  });

  it('gives a shorter copy when the dropped file lost part of its Pixel Data since the plan (the pipeline then stops: file-changed)', async () => {
    const given = study();
    // A plan of pieces, as the sharing worker makes itself when the review made none.
    const deidentifier = await Deidentifier.create({ pseudonym: deid.pseudonym, options: deid.options, key: KEY }, deid.identifiers);
    const plan = await planShare(given.index, (path) => blobSource(given.files[path]), deidentifier);
    const image = plan.sources.indexOf('CT1_UNC.explicit_little_endian.dcm');
    expect(plan.pieces[image]!.some((p) => !(p instanceof Uint8Array))).toBe(true);
    const source = plan.sources[image];
    const bytes = new Uint8Array(await given.files[source].arrayBuffer());
    const shrunk = { ...given.files, [source]: new File([bytes.subarray(0, bytes.length / 2) as BlobPart], source) };
    const content = await sharedContent({ ...given, files: shrunk, deid: { ...deid, plan } });
    expect((await whole(content.blobs[image])).length).toBeLessThan(plan.ordered[image].size);
  });
});
