// The viewer's copy of a share on this device: the store's status, the encrypted manifest and the
// encrypted objects, as they came from the store. Nothing here is plaintext; the key stays in the
// link, so a copy is useless without it. IndexedDB (idb) keeps Blobs on disk, not in memory.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { DisclessError } from '../core/errors';
import type { ShareStatus } from '../store/client';

interface SavedShare {
  id: string;
  status: ShareStatus;
  manifest: Blob;
  savedAt: string;
  /** Ciphertext bytes kept for this share: manifest plus objects. */
  bytes: number;
  complete: boolean;
}

interface CacheSchema extends DBSchema {
  shares: { key: string; value: SavedShare };
  objects: { key: string; value: { key: string; share: string; blob: Blob }; indexes: { share: string } };
}

const objectKey = (id: string, n: number) => `${id}/${n}`;

function storageFull(error: unknown): never {
  if ((error as DOMException)?.name === 'QuotaExceededError') {
    throw new DisclessError('storage-full', 'This device has no room left to keep the images.');
  }
  throw error;
}

export class ShareCache {
  private db: Promise<IDBPDatabase<CacheSchema>> | null = null;

  private open() {
    this.db ??= openDB<CacheSchema>('discless-offline', 1, {
      upgrade(db) {
        db.createObjectStore('shares', { keyPath: 'id' });
        db.createObjectStore('objects', { keyPath: 'key' }).createIndex('share', 'share');
      }
    });
    return this.db;
  }

  async share(id: string): Promise<SavedShare | undefined> {
    return (await this.open()).get('shares', id);
  }

  async saveShare(id: string, status: ShareStatus, manifest: Uint8Array): Promise<void> {
    const db = await this.open();
    const previous = await db.get('shares', id);
    const blob = new Blob([manifest as BlobPart]);
    await db
      .put('shares', {
        id,
        status,
        manifest: blob,
        savedAt: new Date().toISOString(),
        bytes: previous?.bytes ?? blob.size,
        complete: previous?.complete ?? false
      })
      .catch(storageFull);
  }

  async object(id: string, n: number): Promise<Blob | undefined> {
    return (await (await this.open()).get('objects', objectKey(id, n)))?.blob;
  }

  async saveObject(id: string, n: number, bytes: Uint8Array): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['objects', 'shares'], 'readwrite');
    const share = await tx.objectStore('shares').get(id);
    if (!share) throw new DisclessError('internal', 'The share was removed from this device.');
    await tx.objectStore('objects').put({ key: objectKey(id, n), share: id, blob: new Blob([bytes as BlobPart]) });
    await tx.objectStore('shares').put({ ...share, bytes: share.bytes + bytes.length });
    await tx.done.catch(storageFull);
  }

  async markComplete(id: string): Promise<void> {
    const db = await this.open();
    const share = await db.get('shares', id);
    if (share) await db.put('shares', { ...share, complete: true });
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['objects', 'shares'], 'readwrite');
    for (const key of await tx.objectStore('objects').index('share').getAllKeys(id)) await tx.objectStore('objects').delete(key);
    await tx.objectStore('shares').delete(id);
    await tx.done;
  }

  async list(): Promise<SavedShare[]> {
    return (await this.open()).getAll('shares');
  }
}
