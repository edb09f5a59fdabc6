import { readDocument } from '../core/dicom/documents';
import { listTags, orientationMarkers, type TagDictionary } from '../core/dicom/tags';
import { DisclessError } from '../core/errors';
import { parseFragment } from '../core/link';
import { serve, transferring } from '../workers/rpc';
import { StoreError } from '../store/client';
import { exportZip, type ExportTarget } from './export-zip';
import { CachingStoreClient } from '../offline/caching-client';
import { objectOrder } from './fetch-order';
import { ShareReader } from './share-reader';

/** What opening gave: the manifest, or a request for the PIN (after a wrong one, with attempts left). */
export type OpenResult = { kind: 'open'; manifest: unknown } | { kind: 'pin'; wrong: boolean; attemptsLeft: number | null };

let reader: ShareReader | null = null;
/** Settles with the share's first file read, the image shown first: the offline copy waits for it. */
let firstRead: Promise<unknown> = Promise.resolve();
let firstReadDone = () => {};
/** The files of the series the user last picked, in fetch order. */
let picked: number[] | null = null;
/** One client for the worker's life: it keeps what it reads on the device for offline viewing. */
const client = new CachingStoreClient();
let dictionary: Promise<TagDictionary> | null = null;

/** dcmjs's DICOM dictionary gives the tag browser its names; loaded the first time it is opened. */
function tagDictionary(): Promise<TagDictionary> {
  dictionary ??= import('dcmjs').then(({ data }) => {
    const entries = data.DicomMetaDictionary.dictionary as Record<string, { name: string; vr: string }>;
    return (tag: string) => entries[tag];
  });
  return dictionary;
}

function opened(): ShareReader {
  if (!reader) throw new DisclessError('internal', 'The share is not open yet.');
  return reader;
}

serve({
  open: async ({ fragment, pin }: { fragment: string; pin?: string }): Promise<OpenResult> => {
    try {
      reader = await ShareReader.open(parseFragment(fragment), pin, client);
    } catch (error) {
      if ((error as DisclessError).code === 'pin-required') return { kind: 'pin', wrong: false, attemptsLeft: null };
      // Returned, not thrown: the count of attempts left would not survive the worker boundary.
      if (error instanceof StoreError && error.code === 'wrong-pin') return { kind: 'pin', wrong: true, attemptsLeft: error.attemptsLeft ?? null };
      throw error;
    }
    if (reader.manifest.files.some((file) => file.image?.frames)) firstRead = new Promise<void>((done) => (firstReadDone = done));
    return { kind: 'open', manifest: reader.manifest };
  },
  readFile: async (index: number) => {
    try {
      return (await opened().readFile(index)).buffer;
    } finally {
      firstReadDone();
    }
  },
  /** For sending to a PACS, in share order: reading a few records ahead makes fewer, larger requests. */
  readOriginal: async (index: number) => (await opened().readFile(index, 8)).buffer,
  readDocument: async (index: number) => {
    const doc = readDocument(await opened().readFile(index));
    return doc.kind === 'pdf' ? transferring(doc, [doc.pdf.buffer as ArrayBuffer]) : doc;
  },
  readTags: async (index: number) => {
    const rows = listTags(await opened().readFile(index), await tagDictionary());
    return { rows, markers: orientationMarkers(rows) };
  },
  /** `files`: in the order the viewer wants them (fetch-order.ts); their objects are kept first. */
  keepOffline: async (files: number[], emit) => {
    await firstRead;
    // A series clicked while the first image loaded counts more than the order the page opened with.
    const order = objectOrder(opened().manifest, [...(picked ?? []), ...files]);
    return client.keepOffline(opened().shareId, order, (done, total) => emit({ done, total }));
  },
  prioritise: (files: number[]) => {
    picked = files;
    client.prioritise(objectOrder(opened().manifest, files));
  },
  forgetOffline: () => client.cache.remove(opened().shareId),
  exportZip: (target: ExportTarget, emit) => client.whileBusy(() => exportZip(opened(), emit, target))
});
