import { DisclessError } from '../core/errors';
import { parseFragment } from '../core/link';
import { serve } from '../workers/rpc';
import { exportZip } from './export-zip';
import { ShareReader } from './share-reader';

let reader: ShareReader | null = null;

function opened(): ShareReader {
  if (!reader) throw new DisclessError('internal', 'The share is not open yet.');
  return reader;
}

serve({
  open: async (fragment: string) => {
    reader = await ShareReader.open(parseFragment(fragment));
    return reader.manifest;
  },
  readFile: async (index: number) => (await opened().readFile(index)).buffer,
  exportZip: (target: FileSystemFileHandle | null, emit) => exportZip(opened(), emit, target)
});
