// A CD sent as a .zip (by e-mail, from a PACS export) is opened in the browser as it streams in: the
// zip is read once, chunk by chunk, and each entry becomes a File the indexer and the upload read
// like any dropped file. Entries keep their paths under the zip's name, so the export gives them back.

import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { DisclessError } from '../core/errors';
import type { DroppedFile } from '../indexing/index-files';

/** More than a dual-layer DVD: a zip that grows past this is a zip bomb or not a CD. */
export const MAX_UNZIPPED_BYTES = 10 * 1024 ** 3;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export async function isZip(file: File): Promise<boolean> {
  if (!/\.zip$/i.test(file.name) || file.size < 4) return false;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return ZIP_MAGIC.every((b, i) => head[i] === b);
}

function badZip(detail: string): DisclessError {
  return new DisclessError('bad-zip', `The zip file could not be opened (${detail}).`);
}

/** Where an unpacked entry's bytes are kept: in memory here; the command line writes them to disk. */
export interface EntrySink {
  append(data: Uint8Array): void;
  finish(name: string): Promise<File>;
}

class MemoryEntry implements EntrySink {
  private readonly parts: Uint8Array[] = [];
  append(data: Uint8Array) {
    this.parts.push(data);
  }
  async finish(name: string) {
    return new File(this.parts as BlobPart[], name);
  }
}

export async function expandZip(zip: DroppedFile, maxBytes = MAX_UNZIPPED_BYTES, sink: () => EntrySink = () => new MemoryEntry()): Promise<DroppedFile[]> {
  const prefix = zip.path.replace(/\.zip$/i, '');
  const out: Promise<DroppedFile>[] = [];
  let expanded = 0;
  let failure: unknown = null;
  const unzip = new Unzip((entry: UnzipFile) => {
    if (entry.name.endsWith('/')) return;
    const kept = sink();
    entry.ondata = (error, data, final) => {
      if (failure) return;
      if (error) return void (failure = badZip(error.message));
      expanded += data.length;
      if (expanded > maxBytes) return void (failure = badZip('it unpacks to more than a CD can hold'));
      kept.append(data);
      if (final) {
        const path = `${prefix}/${entry.name}`;
        out.push(kept.finish(entry.name.split('/').pop()!).then((file) => ({ path, file })));
      }
    };
    try {
      entry.start();
    } catch (error) {
      failure ??= badZip(entry.compression === 99 ? 'it is password-protected' : (error as Error).message);
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  const reader = zip.file.stream().getReader();
  try {
    for (let chunk = await reader.read(); ; chunk = await reader.read()) {
      unzip.push(chunk.done ? new Uint8Array(0) : chunk.value, chunk.done);
      if (failure) throw failure;
      if (chunk.done) break;
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error instanceof DisclessError ? error : badZip((error as Error).message);
  }
  return Promise.all(out);
}

/**
 * Every .zip in the drop is replaced by its contents; other files pass through unchanged. `expand`
 * is where a zip is inflated: on the page, an indexing worker (inflating a CD takes seconds).
 */
export async function expandZips(dropped: DroppedFile[], expand: (zip: DroppedFile) => Promise<DroppedFile[]> = expandZip): Promise<DroppedFile[]> {
  const out: DroppedFile[] = [];
  for (const d of dropped) {
    if (await isZip(d.file)) out.push(...(await expand(d)));
    else out.push(d);
  }
  return out;
}
