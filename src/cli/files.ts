// The files to share, from paths on disk: folders are walked, a .zip of a CD is unpacked as the staff
// page unpacks it (src/lib/sender/zip-input.ts), but into a private temporary folder rather than
// memory. Each file becomes a File backed by a file on disk (fs.openAsBlob), read only when the
// indexer or the upload streams it, as a browser's picked File.
// Paths start with the folder's own name, as a browser's folder input gives them, so a share made
// here and one made in the browser from the same folder name every file alike.

import { closeSync, mkdtempSync, openAsBlob, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { DroppedFile } from '../lib/indexing/index-files';
import { expandZip, expandZips, MAX_UNZIPPED_BYTES, type EntrySink } from '../lib/sender/zip-input';
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

let unzipFolder: string | null = null;
let entries = 0;

/** An unpacked entry written to a file of its own, removed when the command ends. */
function entryOnDisk(): EntrySink {
  if (!unzipFolder) {
    const folder = (unzipFolder = mkdtempSync(join(tmpdir(), 'discless-unzip-')));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  const path = join(unzipFolder, `entry-${entries++}`);
  const fd = openSync(path, 'w', 0o600);
  return {
    append(data) {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
    },
    async finish(name) {
      closeSync(fd);
      return new File([await openAsBlob(path)], name);
    }
  };
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
  return expandZips(dropped, (zip) => expandZip(zip, MAX_UNZIPPED_BYTES, entryOnDisk));
}
