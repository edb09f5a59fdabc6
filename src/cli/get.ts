// `discless get`: the viewer's export from a terminal. The share is opened by the viewer's own reader
// (src/lib/viewer/share-reader.ts), each file read record by record, checked against its SHA-256
// and written through a temporary name, so memory does not grow with the share and a damaged file
// stops the download, named, with nothing left under its name. --fileset lays the files out as the
// browser's zip does (src/lib/core/dicomdir): DICOM/ST…/SE…/IM…, README.TXT, DICOMDIR.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileSet } from '../lib/core/dicomdir/file-set';
import { readmeBytes } from '../lib/core/dicomdir/readme';
import { DisclessError } from '../lib/core/errors';
import { parseLink } from '../lib/core/link';
import { formatBytes } from '../lib/format';
import { StoreClient, StoreError } from '../lib/store/client';
import { PinRequired, ShareReader } from '../lib/viewer/share-reader';
import { EXIT_HELP, storeUrl, text, type Command, type Values } from './args';
import { plural } from './english';
import { describeError, EXIT, exitCodeOf, UsageError } from './exit';
import { safeRelativePath, uniqueNames } from '../lib/core/safe-path';
import { checkFree, writeAtomically } from './output';
import { Progress } from './progress';
import { askPin, interactive } from './prompt';

/** Records fetched beyond the one needed, per Range request (25 × 256 KiB: 6.25 MiB requests). With
 *  the next request prefetched, two such spans fit the reader's cache of 64 records. */
const READ_AHEAD = 24;
/** In --fileset mode a file up to this size is kept while it is written, for its DICOMDIR keys; a
 *  larger one is read back from disk once written (one file at a time either way). */
const KEEP_FOR_KEYS = 64 * 1024 * 1024;
const PIN_TRIES = 3;
/** Node's own SHA-256 (OpenSSL): several times hash-wasm's speed here, and off the wasm heap. */
const HASHER = async () => createHash('sha256');
const log = (line: string) => process.stderr.write(`${line}\n`);

export const getCommand: Command = {
  summary: 'download, decrypt and check every file of a share into a folder',
  options: {
    out: { type: 'string', short: 'o' },
    pin: { type: 'string' },
    fileset: { type: 'boolean' },
    store: { type: 'string' },
    overwrite: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }
  },
  help: `Usage: discless get <link> --out <dir> [--pin <digits>] [--fileset]

Downloads the share, decrypts it on this computer and checks every file against the SHA-256 the
sender recorded. Files keep the paths they had on the sender's disc, or with --fileset are laid out
as a DICOM File-set for a PACS import (the same as the viewer's "Download"): DICOMDIR, README.TXT and
DICOM/STnnnnnn/SEnnnnnn/IMnnnnnn. A file appears under its name only once it is complete and checked;
a damaged file stops the download with its name.

  --out <dir>, -o     the folder to write into (made if missing)
  --pin <digits>      the share's PIN, if it has one (asked for on a terminal otherwise)
  --fileset           DICOM File-set layout instead of the original paths
  --overwrite         replace files of the same name already in the folder
  --store <url>       the store, when it is not at the link's address
  --json              print one JSON object (share id, folder, files, bytes) on stdout
  -h, --help          this help

${EXIT_HELP}`,
  run: get
};

async function openShare(values: Values, secret: Uint8Array, client: StoreClient): Promise<ShareReader> {
  let pin = text(values, 'pin');
  for (let attempt = 1; ; attempt++) {
    try {
      return await ShareReader.open(secret, pin, client);
    } catch (error) {
      const pinProblem = error instanceof PinRequired || (error instanceof StoreError && error.code === 'wrong-pin');
      if (!pinProblem || text(values, 'pin') !== undefined || !interactive() || attempt > PIN_TRIES) {
        if (error instanceof PinRequired) throw new DisclessError('pin-required', 'This share needs its PIN: add --pin <digits>.');
        throw error;
      }
      if (!(error instanceof PinRequired)) log(describeError(error, 'get'));
      pin = await askPin('This share needs its PIN: ');
    }
  }
}

/** A record that failed to open is damage to this file: say which, as a checksum mismatch does. */
function namingFile(error: unknown, path: string): unknown {
  if (exitCodeOf(error) !== EXIT.damaged || !(error instanceof DisclessError) || error.message.includes(path)) return error;
  return new DisclessError(error.code, `The file ${path} is damaged: ${error.message}`);
}

function targetNames(reader: ShareReader, fileset: FileSet | null): string[] {
  if (fileset) return [...fileset.names, 'README.TXT', 'DICOMDIR'];
  return uniqueNames(reader.manifest.files.map((f) => safeRelativePath(f.path)));
}

async function get(values: Values, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('Give one share link (in quotes: the part after # is the key).');
  const out = text(values, 'out');
  if (!out) throw new UsageError('Where to? Give --out <dir>.');
  const link = positionals[0];
  const secret = parseLink(link);
  let origin: string;
  try {
    origin = new URL(link).origin;
  } catch {
    origin = '';
  }
  const client = new StoreClient(storeUrl(values, origin || undefined));
  const reader = await openShare(values, secret, client);
  const { manifest } = reader;
  const fileset = values.fileset ? new FileSet(manifest) : null;
  const names = targetNames(reader, fileset);
  const folder = resolve(out);
  checkFree(folder, names, values.overwrite === true);

  const total = manifest.files.reduce((sum, f) => sum + f.size, 0);
  const progress = new Progress('Downloading', 'bytes');
  const onInterrupt = () => {
    progress.stop();
    log('\nInterrupted: the files already written are complete and checked; the one being written was removed.');
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  progress.start(total);
  let done = 0;
  try {
    for (const [i, file] of manifest.files.entries()) {
      const target = join(folder, names[i]);
      // Only files in a study's folder are DICOMDIR records; their keys come from their bytes.
      const listed = fileset !== null && names[i].startsWith('DICOM/ST');
      const keep = listed && file.size <= KEEP_FOR_KEYS ? new Uint8Array(file.size) : null;
      let at = 0;
      const pieces = async function* () {
        for await (const piece of reader.readFileRecords(i, READ_AHEAD, HASHER)) {
          keep?.set(piece, at);
          at += piece.length;
          progress.update(done + at);
          yield piece;
        }
      };
      await writeAtomically(target, pieces()).catch((error: unknown) => {
        throw namingFile(error, file.path);
      });
      done += file.size;
      if (listed) fileset.add(i, keep ?? new Uint8Array(readFileSync(target)));
    }
    if (fileset) {
      // Written last: README.TXT says every file was checked, and the DICOMDIR needs every file's keys.
      await writeAtomically(join(folder, 'README.TXT'), [readmeBytes(manifest, fileset)]);
      await writeAtomically(join(folder, 'DICOMDIR'), [fileset.dicomdir()]);
    }
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
  }

  const count = manifest.files.length;
  if (values.json) {
    const images = manifest.files.filter((f) => f.kind === 'image').length;
    process.stdout.write(`${JSON.stringify({ shareId: reader.shareId, out: folder, fileset: !!fileset, files: count, images, bytes: total, label: manifest.label })}\n`);
  } else {
    if (manifest.label) log(`Note from the sender: ${manifest.label}`);
    log(`Saved ${plural(count, 'file')} (${formatBytes(total)}) to ${folder}; every file matched its SHA-256.`);
    if (fileset) log(`Import ${join(folder, 'DICOMDIR')} into the PACS.`);
  }
  return EXIT.ok;
}
