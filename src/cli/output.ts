// Writing a share's files into a folder a PACS may be watching: each file is written under a hidden
// temporary name beside its final one and renamed only once it is complete and checked, so no
// importer ever sees part of a file, and a stop (damage, network, Ctrl-C) leaves nothing under a
// final name that is not the original.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './exit';

/** Refuses to replace files already in the folder unless asked to. */
export function checkFree(out: string, names: string[], overwrite: boolean): void {
  if (overwrite) return;
  const taken = names.filter((name) => existsSync(join(out, name)));
  if (taken.length) {
    throw new UsageError(`${out} already holds ${taken.length === 1 ? taken[0] : `${taken.length} of these files (${taken[0]}, …)`}. Choose an empty folder or add --overwrite.`);
  }
}

const temporaryName = (path: string) => join(dirname(path), `.${basename(path)}.discless-partial`);

/** Temporary files being written now, removed if the process is stopped. */
const unfinished = new Set<string>();
process.once('exit', () => unfinished.forEach((path) => rmSync(path, { force: true })));

/** Folders made already: a share of 2,000 files in 10 series asks for each folder 200 times. */
const made = new Set<string>();

/**
 * Writes `pieces` to `path` through a temporary file; on any failure removes it and rethrows.
 * Synchronous writes: a record goes to the page cache in microseconds, and a stream's bookkeeping
 * per record cost more than the write (while the next Range request still arrives meanwhile).
 */
export async function writeAtomically(path: string, pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  if (!made.has(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  made.add(dirname(path));
  const temporary = temporaryName(path);
  unfinished.add(temporary);
  let fd: number | null = openSync(temporary, 'w');
  try {
    for await (const piece of pieces) {
      for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
    }
    closeSync(fd);
    fd = null;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    unfinished.delete(temporary);
  }
}
