// The sender's pipeline, run in a web worker: read each file once, hash it, cut the bytes into
// records, encrypt them, and upload each finished object while the next one is encrypted. Nothing
// holds more than the objects in flight, so memory does not grow with the study.
//
// An upload can be continued (after a pause, a network failure or a reload): the caller passes back
// what the events reported (secret, owner token, salts of stored objects, file hashes). Objects the
// store already holds at their full size are not encrypted or sent again; every file is still read
// and hashed, and a hash that differs from the first attempt's stops the upload (the folder changed).

import { createSHA256 } from 'hash-wasm';
import { fromBase64url, randomBytes, toBase64url } from '../core/bytes';
import { DisclessError } from '../core/errors';
import type { StudyIndex } from '../core/dicom/study-index';
import { deriveShareKeys } from '../core/keys';
import { deriveKeysWithPin, tokenHash } from '../core/pin';
import { formatLink } from '../core/link';
import { layoutFiles, OBJECT_SIZE, serializeManifest, type ManifestObject } from '../core/manifest';
import { buildManifest, orderFiles } from '../core/share-plan';
import { cipherSize, RECORD_SIZE, sealAll, StreamSealer } from '../core/stream';
import { StoreClient } from '../store/client';
import { ObjectUploader } from './object-uploader';
import { openOutbox, type ObjectBody, type Outbox } from './outbox';
import { RecordPacker } from './record-packer';

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
  origin: string;
  ttlSeconds: number;
  label: string;
  thumbnails: Record<string, string>;
  resume?: ResumePoint;
  /** Optional PIN (SPEC §3.1): without it the QR alone cannot open the share. */
  pin?: string;
  /** This device's upload key, when the store requires one (settings page). */
  uploadKey?: string;
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
  phase: 'encrypting' | 'finishing';
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
  outboxOf: (slots: number) => Promise<Outbox> = openOutbox
): Promise<CreatedShare> {
  const ordered = orderFiles(input.index);
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
  const uploader = new ObjectUploader(
    client,
    keys.shareIdHex,
    ownerToken,
    (n) => {
      progress.uploaded += objectSizes[n];
      emit({ type: 'object', n, salt: objects[n].salt });
      report(true);
    },
    maxInFlight
  );

  const recordsPerObject = OBJECT_SIZE / RECORD_SIZE;
  const lastRecord = Math.ceil(total / RECORD_SIZE) - 1;
  let record = 0;
  // One object is being written while the uploader holds up to maxInFlight.
  const outbox = await outboxOf(maxInFlight + 1);
  let sealer: StreamSealer | null = null;
  let body: ObjectBody | null = null;

  const seal = async (plain: Uint8Array) => {
    const n = Math.floor(record / recordsPerObject);
    const endsObject = record === lastRecord || (record + 1) % recordsPerObject === 0;
    record++;
    progress.read += plain.length;
    report();
    if (stored.has(n)) return;
    if (!sealer || !body) {
      sealer = await StreamSealer.create(keys, { kind: 'object', index: n });
      body = await outbox.begin(n);
      body.append(sealer.header);
    }
    body.append(await sealer.seal(plain, endsObject));
    if (endsObject) {
      objects[n].salt = toBase64url(sealer.salt);
      const finished = await body.finish();
      sealer = null;
      body = null;
      await uploader.enqueue(n, finished);
    }
  };

  const hasher = await createSHA256();
  const packer = new RecordPacker(RECORD_SIZE);
  const sha256: string[] = [];
  for (const [i, entry] of ordered.entries()) {
    const file = input.files[entry.path];
    if (!file) throw new DisclessError('file-missing', `The file ${entry.path} is no longer available.`);
    hasher.init();
    let size = 0;
    const reader = file.stream().getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.length;
      hasher.update(chunk.value);
      await packer.push(chunk.value, seal);
    }
    const digest = hasher.digest('hex');
    const before = input.resume?.sha256[i];
    if (size !== entry.size || (before && before !== digest)) {
      throw new DisclessError('file-changed', `The file ${entry.path} changed while it was being shared. Start again.`);
    }
    sha256.push(digest);
    emit({ type: 'file', i, sha256: digest });
  }
  if (packer.rest().length > 0) await seal(packer.rest().slice());
  await uploader.drain();
  await outbox.clear();

  progress.phase = 'finishing';
  report(true);
  const manifest = buildManifest(
    input.index,
    { ordered, sha256, placements, objects, objectSize: OBJECT_SIZE, recordSize: RECORD_SIZE },
    input.label,
    new Date(),
    input.thumbnails
  );
  const sealedManifest = await sealAll(keys, { kind: 'manifest' }, serializeManifest(manifest));
  await client.putManifest(keys.shareIdHex, new Blob([sealedManifest as BlobPart]), ownerToken);
  return result;
}
