// The files to share, from paths on disk: folders are walked, a .zip of a CD is unpacked as the staff
// page unpacks it (src/lib/sender/zip-input.ts). Each file becomes a File backed by the file on disk
// (fs.openAsBlob), read only when the indexer or the upload streams it, as a browser's picked File.
// Paths start with the folder's own name, as a browser's folder input gives them, so a share made
// here and one made in the browser from the same folder name every file alike.

import { openAsBlob, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { DroppedFile } from '../lib/indexing/index-files';
import { expandZips } from '../lib/sender/zip-input';
import { UsageError } from './exit';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) return walk(path);
      return stat?.isFile() ? [path] : [];
    });
}

async function asFile(path: string, name: string): Promise<File> {
  return new File([await openAsBlob(path)], basename(name));
}

/** Every file under the given folders, zips and files, in a stable order, zips unpacked. */
export async function collectFiles(inputs: string[]): Promise<DroppedFile[]> {
  const dropped: DroppedFile[] = [];
  for (const input of inputs) {
    const absolute = resolve(input);
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`${input} does not exist.`);
    if (stat.isDirectory()) {
      const name = basename(absolute);
      for (const path of walk(absolute)) {
        const rel = [name, ...relative(absolute, path).split(sep)].join('/');
        dropped.push({ path: rel, file: await asFile(path, rel) });
      }
    } else {
      dropped.push({ path: basename(absolute), file: await asFile(absolute, absolute) });
    }
  }
  return expandZips(dropped);
}
