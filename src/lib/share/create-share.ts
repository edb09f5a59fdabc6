// The sender's pipeline, run in a web worker: read each file once, hash it, cut the bytes into
// records, encrypt them, and upload each finished object while the next one is encrypted. Nothing
// holds more than the objects in flight, so memory does not grow with the study.

import { createSHA256 } from 'hash-wasm';
import { randomBytes, toBase64url, toHex, utf8 } from '../core/bytes';
import { DisclessError } from '../core/errors';
import type { StudyIndex } from '../core/dicom/study-index';
import { deriveShareKeys } from '../core/keys';
import { formatLink } from '../core/link';
import { layoutFiles, OBJECT_SIZE, serializeManifest, type ManifestObject } from '../core/manifest';
import { buildManifest, orderFiles } from '../core/share-plan';
import { RECORD_SIZE, sealAll, StreamSealer } from '../core/stream';
import { StoreClient } from '../store/client';
import { ObjectUploader } from './object-uploader';
import { RecordPacker } from './record-packer';

export interface CreateShareInput {
  index: StudyIndex;
  /** The dropped files by relative path, as indexed. */
  files: Record<string, File>;
  origin: string;
  ttlSeconds: number;
  label: string;
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
  /** Plaintext bytes read and encrypted, and bytes the store has accepted. */
  read: number;
  uploaded: number;
  total: number;
}

async function sha256Hex(text: string) {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text) as BufferSource)));
}

export async function createShare(
  input: CreateShareInput,
  onProgress: (p: ShareProgress) => void,
  client = new StoreClient()
): Promise<CreatedShare> {
  const secret = randomBytes(32);
  const keys = await deriveShareKeys(secret);
  const ownerToken = toBase64url(randomBytes(32));
  const ordered = orderFiles(input.index);
  const { placements, objectSizes, total } = layoutFiles(ordered.map((f) => f.size));
  const created = await client.create({
    id: keys.shareIdHex,
    ownerTokenHash: await sha256Hex(ownerToken),
    ttlSeconds: input.ttlSeconds
  });

  const progress: ShareProgress = { phase: 'encrypting', read: 0, uploaded: 0, total };
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (force || now - lastReport > 100) {
      lastReport = now;
      onProgress({ ...progress });
    }
  };
  const uploader = new ObjectUploader(client, keys.shareIdHex, ownerToken, (n) => {
    progress.uploaded += objectSizes[n];
    report(true);
  });

  const recordsPerObject = OBJECT_SIZE / RECORD_SIZE;
  const lastRecord = Math.ceil(total / RECORD_SIZE) - 1;
  const objects: ManifestObject[] = [];
  let record = 0;
  let sealer: StreamSealer | null = null;
  let parts: BlobPart[] = [];

  const seal = async (plain: Uint8Array) => {
    const n = Math.floor(record / recordsPerObject);
    sealer ??= await StreamSealer.create(keys, { kind: 'object', index: n });
    if (parts.length === 0) parts.push(sealer.header as BlobPart);
    const endsObject = record === lastRecord || (record + 1) % recordsPerObject === 0;
    parts.push((await sealer.seal(plain, endsObject)) as BlobPart);
    record++;
    progress.read += plain.length;
    report();
    if (endsObject) {
      objects.push({ size: objectSizes[n], salt: toBase64url(sealer.salt) });
      const body = new Blob(parts, { type: 'application/octet-stream' });
      sealer = null;
      parts = [];
      await uploader.enqueue(n, body);
    }
  };

  const hasher = await createSHA256();
  const packer = new RecordPacker(RECORD_SIZE);
  const sha256: string[] = [];
  for (const entry of ordered) {
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
    if (size !== entry.size) {
      throw new DisclessError('file-changed', `The file ${entry.path} changed while it was being shared. Start again.`);
    }
    sha256.push(hasher.digest('hex'));
  }
  if (packer.rest().length > 0) await seal(packer.rest().slice());
  await uploader.drain();

  progress.phase = 'finishing';
  report(true);
  const manifest = buildManifest(
    input.index,
    { ordered, sha256, placements, objects, objectSize: OBJECT_SIZE, recordSize: RECORD_SIZE },
    input.label,
    new Date()
  );
  const sealedManifest = await sealAll(keys, { kind: 'manifest' }, serializeManifest(manifest));
  await client.putManifest(keys.shareIdHex, new Blob([sealedManifest as BlobPart]), ownerToken);
  return {
    link: formatLink(input.origin, secret),
    shareId: keys.shareIdHex,
    ownerToken,
    expiresAt: created.expiresAt,
    bytes: total,
    fileCount: ordered.length
  };
}
