// The sender keeps sealed objects in the origin private file system while they upload, not in
// in-memory Blobs that Chromium holds until garbage collection (src/lib/share/outbox.ts), and leaves
// nothing there once the share is made. Each share writes into a folder of its own, one file per
// object, each deleted once the store has it.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';
import { SAMPLES } from './support/sender-flow';

/** The paths of the files and folders in the private file system's outbox, or null when it was never made. */
function outboxFiles(page: Page): Promise<string[] | null> {
  return page.evaluate(async () => {
    type Entry = { kind: 'file' | 'directory'; name: string };
    type Listable = { values(): AsyncIterable<Entry> };
    const root = await navigator.storage.getDirectory();
    const outbox = await root.getDirectoryHandle('discless-outbox').catch(() => null);
    if (!outbox) return null;
    const paths: string[] = [];
    const walk = async (folder: FileSystemDirectoryHandle, prefix: string) => {
      for await (const entry of (folder as unknown as Listable).values()) {
        paths.push(prefix + entry.name);
        if (entry.kind === 'directory') await walk(entry as unknown as FileSystemDirectoryHandle, `${prefix}${entry.name}/`);
      }
    };
    await walk(outbox, '');
    return paths;
  });
}

test('sealed objects wait in the private file system while they upload and are deleted once the share is made', async ({ page }) => {
  let duringUpload: string[] | null = null;
  await page.route('**/api/v1/shares/*/objects/0', async (route) => {
    if (route.request().method() === 'PUT') duringUpload = await outboxFiles(page);
    await route.continue();
  });
  await shareFolder(page, join(SAMPLES, 'dicomdir-pcir'));
  expect(duringUpload).toHaveLength(2);
  const [folder, file] = duringUpload!;
  expect(file).toBe(`${folder}/object-0`);
  expect(await outboxFiles(page)).toEqual([]);
});
