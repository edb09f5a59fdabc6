// A share whose data is authentic but does not match the manifest's SHA-256 (what a buggy or
// compromised sender would produce), made in Node with the sender's own pipeline against the real
// store; only its manifest is altered, sealed again under the share's key, before it is committed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { indexFile } from '../../../src/lib/core/dicom/index-file';
import { StudyIndexBuilder } from '../../../src/lib/core/dicom/study-index';
import { deriveShareKeys } from '../../../src/lib/core/keys';
import { parseLink } from '../../../src/lib/core/link';
import { parseManifest, serializeManifest } from '../../../src/lib/core/manifest';
import { openAll, sealAll } from '../../../src/lib/core/stream';
import { createShare } from '../../../src/lib/share/create-share';
import { StoreClient } from '../../../src/lib/store/client';

export const CD = join(import.meta.dirname, '../../../../shared/dicom-samples/dicomdir-pcir');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Holds the sealed manifest back instead of committing it, so the test can alter it first. */
class HeldManifestClient extends StoreClient {
  held: Blob | null = null;
  override async putManifest(_id: string, body: Blob): Promise<void> {
    this.held = body;
  }
}

/** Shares the sample CD with file `victim`'s checksum in the manifest changed by one digit. */
export async function shareWithWrongChecksum(origin: string, victim: (path: string) => boolean): Promise<{ link: string; path: string }> {
  const builder = new StudyIndexBuilder();
  const files: Record<string, File> = {};
  for (const full of walk(CD)) {
    const path = `dicomdir-pcir/${relative(CD, full)}`;
    const bytes = new Uint8Array(readFileSync(full));
    builder.add(indexFile(path, bytes));
    files[path] = new File([bytes], path);
  }
  const client = new HeldManifestClient(origin);
  const share = await createShare({ index: builder.build(), files, origin, ttlSeconds: 86_400, label: '', thumbnails: {} }, () => {}, client);
  const keys = await deriveShareKeys(parseLink(share.link));
  const manifest = parseManifest(await openAll(keys, { kind: 'manifest' }, new Uint8Array(await client.held!.arrayBuffer())));
  const file = manifest.files.find((f) => victim(f.path))!;
  file.sha256 = (file.sha256[0] === '0' ? '1' : '0') + file.sha256.slice(1);
  const sealed = await sealAll(keys, { kind: 'manifest' }, serializeManifest(manifest));
  await new StoreClient(origin).putManifest(share.shareId, new Blob([sealed as BlobPart]), share.ownerToken);
  return { link: share.link, path: file.path };
}
