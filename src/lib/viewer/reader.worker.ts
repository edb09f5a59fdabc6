import { readDocument } from '../core/dicom/documents';
import { listTags, orientationMarkers, type TagDictionary } from '../core/dicom/tags';
import { DisclessError } from '../core/errors';
import { parseFragment } from '../core/link';
import { serve, transferring } from '../workers/rpc';
import { StoreError } from '../store/client';
import { exportZip, type ExportTarget } from './export-zip';
import { CachingStoreClient } from '../offline/caching-client';
import { ShareReader } from './share-reader';

/** What opening gave: the manifest, or a request for the PIN (after a wrong one, with attempts left). */
export type OpenResult = { kind: 'open'; manifest: unknown } | { kind: 'pin'; wrong: boolean; attemptsLeft: number | null };

let reader: ShareReader | null = null;
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
    return { kind: 'open', manifest: reader.manifest };
  },
  readFile: async (index: number) => (await opened().readFile(index)).buffer,
  readDocument: async (index: number) => {
    const doc = readDocument(await opened().readFile(index));
    return doc.kind === 'pdf' ? transferring(doc, [doc.pdf.buffer as ArrayBuffer]) : doc;
  },
  readTags: async (index: number) => {
    const rows = listTags(await opened().readFile(index), await tagDictionary());
    return { rows, markers: orientationMarkers(rows) };
  },
  keepOffline: (_: unknown, emit) => client.keepOffline(opened().shareId, (done, total) => emit({ done, total })),
  forgetOffline: () => client.cache.remove(opened().shareId),
  exportZip: (target: ExportTarget, emit) => exportZip(opened(), emit, target)
});
