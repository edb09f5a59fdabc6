// The sender's pipeline, run in a web worker: read each file once, hash it, cut the bytes into
// records, encrypt them, and upload each finished object while the next one is encrypted. Nothing
// holds more than the objects in flight, so memory does not grow with the study.
//
// An upload can be continued (after a pause, a network failure or a reload): the caller passes back
// what the events reported (secret, owner token, salts of stored objects, file hashes). Objects the
// store already holds at their full size are not encrypted or sent again; every file is still read
// and hashed, and a hash that differs from the first attempt's stops the upload (the folder changed).

import { fromBase64url, randomBytes, toBase64url } from '../core/bytes';
import { DisclessError } from '../core/errors';
import type { StudyIndex } from '../core/dicom/study-index';
import type { FileHeads } from '../core/deid/source';
import { deriveShareKeys } from '../core/keys';
import { deriveKeysWithPin, tokenHash } from '../core/pin';
import { formatLink } from '../core/link';
import { layoutFiles, OBJECT_SIZE, serializeManifest, type ManifestObject } from '../core/manifest';
import { buildManifest } from '../core/share-plan';
import { cipherSize, RECORD_SIZE, sealAll } from '../core/stream';
import { StoreClient } from '../store/client';
import { ObjectUploader } from './object-uploader';
import { FileHashes } from './file-hashes';
import { openOutbox, type Outbox } from './outbox';
import { FileQueue } from './read-ahead';
import { RecordPacker } from './record-packer';
import { SealPipeline } from './seal-pipeline';
import { sharedContent, type DeidRequest } from './shared-content';

export interface ResumePoint {
  secret: string;
  ownerToken: string;
  expiresAt: string;
  /** base64url salt of each object the first attempt saw stored, else null. */
  salts: (string | null)[];
  /** SHA-256 of each file (in share order) the first attempt finished reading, else null. */
  sha256: (string | null)[];
  /** The share's PIN, if it has one: its content keys depend on it. */
  pin?: string;
}

export interface CreateShareInput {
  index: StudyIndex;
  /** The dropped files by relative path, as indexed. */
  files: Record<string, File>;
  /** Their headers the indexer kept: a de-identified share reads them from memory. */
  heads?: FileHeads;
  origin: string;
  ttlSeconds: number;
  label: string;
  thumbnails: Record<string, string>;
  resume?: ResumePoint;
  /** Optional PIN (SPEC §3.1): without it the QR alone cannot open the share. */
  pin?: string;
  /** This device's upload key, when the store requires one (settings page). */
  uploadKey?: string;
  /** Share de-identified copies instead of the files (src/lib/core/deid). */
  deid?: DeidRequest;
}

export interface CreatedShare {
  link: string;
  shareId: string;
  ownerToken: string;
  expiresAt: string;
  bytes: number;
  fileCount: number;
}

export interface ShareProgress {
  /** preparing: de-identified copies are planned, `read` of `total` files (no bytes yet). */
  phase: 'preparing' | 'encrypting' | 'finishing';
  /** Plaintext bytes read and encrypted (or skipped as stored), and bytes the store holds. */
  read: number;
  uploaded: number;
  total: number;
}

export type ShareEvent =
  | { type: 'started'; shareId: string; link: string; secret: string; ownerToken: string; expiresAt: string; objectCount: number; files: { path: string; size: number }[] }
  | ({ type: 'progress' } & ShareProgress)
  | { type: 'object'; n: number; salt: string }
  | { type: 'file'; i: number; sha256: string };

const changed = (path: string) => new DisclessError('file-changed', `The file ${path} changed while it was being shared. Start again.`);

/** The content keys of a share: from the secret alone, or mixed with its PIN. */
async function contentKeys(secret: Uint8Array, pin: string | undefined) {
  const pinned = pin ? await deriveKeysWithPin(secret, pin) : null;
  return { keys: pinned?.keys ?? (await deriveShareKeys(secret)), verifier: pinned?.verifier };
}

async function startOrResume(input: CreateShareInput, client: StoreClient, objectSizes: number[]) {
  if (!input.resume) {
    const secret = randomBytes(32);
    const { keys, verifier } = await contentKeys(secret, input.pin);
    const ownerToken = toBase64url(randomBytes(32));
    const created = await client.create(
      {
        id: keys.shareIdHex,
        ownerTokenHash: await tokenHash(ownerToken),
        ttlSeconds: input.ttlSeconds,
        ...(verifier ? { pinVerifier: verifier } : {})
      },
      input.uploadKey
    );
    return { secret, keys, ownerToken, expiresAt: created.expiresAt, stored: new Set<number>(), committed: false };
  }
  const { resume } = input;
  const secret = fromBase64url(resume.secret);
  const { keys } = await contentKeys(secret, resume.pin);
  const status = await client.status(keys.shareIdHex);
  const stored = new Set(
    status.objects.filter(({ n, size }) => resume.salts[n] && size === cipherSize(objectSizes[n] ?? -1)).map(({ n }) => n)
  );
  return { secret, keys, ownerToken: resume.ownerToken, expiresAt: status.expiresAt, stored, committed: status.state === 'ready' };
}

/** `outbox` is where sealed objects wait for their upload: the private file system in a browser
 *  (outbox.ts); the command line gives files of its own (src/cli/outbox.ts). */
export async function createShare(
  input: CreateShareInput,
  emit: (e: ShareEvent) => void,
  client = new StoreClient(),
  maxInFlight = 3,
  outboxOf: () => Promise<Outbox> = openOutbox
): Promise<CreatedShare> {
  // De-identified copies are planned first (each file rewritten once): the layout needs their sizes.
  const content = await sharedContent(input, (read, total) => emit({ type: 'progress', phase: 'preparing', read, uploaded: 0, total }));
  const { ordered, blobs } = content;
  const { placements, objectSizes, total } = layoutFiles(ordered.map((f) => f.size));
  const { secret, keys, ownerToken, expiresAt, stored, committed } = await startOrResume(input, client, objectSizes);
  const result: CreatedShare = {
    link: formatLink(input.origin, secret),
    shareId: keys.shareIdHex,
    ownerToken,
    expiresAt,
    bytes: total,
    fileCount: ordered.length
  };
  emit({
    type: 'started',
    shareId: keys.shareIdHex,
    link: result.link,
    secret: toBase64url(secret),
    ownerToken,
    expiresAt,
    objectCount: objectSizes.length,
    files: ordered.map((f) => ({ path: f.path, size: f.size }))
  });
  if (committed) return result;

  const storedBytes = [...stored].reduce((sum, n) => sum + objectSizes[n], 0);
  const progress: ShareProgress = { phase: 'encrypting', read: 0, uploaded: storedBytes, total };
  let lastReport = 0;
  const report = (force = false) => {
    if (force || Date.now() - lastReport > 100) {
      lastReport = Date.now();
      emit({ type: 'progress', ...progress });
    }
  };
  const objects: ManifestObject[] = objectSizes.map((size, n) => ({ size, salt: stored.has(n) ? input.resume!.salts[n]! : '' }));
  const outbox = await outboxOf();
  const uploader = new ObjectUploader(
    client,
    keys.shareIdHex,
    ownerToken,
    (n) => {
      outbox.uploaded(n);
      progress.uploaded += objectSizes[n];
      emit({ type: 'object', n, salt: objects[n].salt });
      report(true);
    },
    maxInFlight
  );

  // The outbox is emptied however the upload ends: a failed one starts again from what the store holds.
  let sha256: string[];
  try {
    const pipeline = new SealPipeline(
      { keys, objects, stored, recordsPerObject: OBJECT_SIZE / RECORD_SIZE, lastRecord: Math.ceil(total / RECORD_SIZE) - 1 },
      outbox,
      uploader
    );
    const onRecord = async (plain: Uint8Array) => {
      progress.read += plain.length;
      report();
      await pipeline.push(plain);
    };

    const packer = new RecordPacker(RECORD_SIZE);
    const queue = new FileQueue(blobs);
    const hashes = new FileHashes((i, digest) => {
      const before = input.resume?.sha256[i];
      if (before && before !== digest) throw changed(ordered[i].path);
      emit({ type: 'file', i, sha256: digest });
    });
    for (const [i, entry] of ordered.entries()) {
      if (queue.whole(i)) {
        const bytes = await queue.take(i);
        if (bytes.length !== entry.size) throw changed(entry.path);
        await hashes.add(i, bytes);
        await packer.push(bytes, onRecord);
      } else {
        const size = await hashes.stream(i, blobs[i], (chunk) => packer.push(chunk, onRecord));
        if (size !== entry.size) throw changed(entry.path);
      }
    }
    if (packer.rest().length > 0) await onRecord(packer.rest().slice());
    await pipeline.drain();
    sha256 = await hashes.all();
    await uploader.drain();
  } finally {
    await outbox.clear();
  }

  progress.phase = 'finishing';
  report(true);
  const manifest = buildManifest(
    content.index,
    { ordered, sha256, placements, objects, objectSize: OBJECT_SIZE, recordSize: RECORD_SIZE },
    input.label,
    new Date(),
    content.thumbnails
  );
  if (content.deidentified) manifest.deidentified = content.deidentified;
  const sealedManifest = await sealAll(keys, { kind: 'manifest' }, serializeManifest(manifest));
  await client.putManifest(keys.shareIdHex, new Blob([sealedManifest as BlobPart]), ownerToken);
  return result;
}
