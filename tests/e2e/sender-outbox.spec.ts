// The sender keeps sealed objects in the origin private file system while they upload, not in
// in-memory Blobs that Chromium holds until garbage collection (src/lib/share/outbox.ts), and leaves
// nothing there once the share is made.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';
import { SAMPLES } from './support/sender-flow';

/** The private file system's outbox, one folder per share with its files, or null when it was never made. */
function outboxFiles(page: Page): Promise<string[][] | null> {
  return page.evaluate(async () => {
    type Listable = FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
    const root = await navigator.storage.getDirectory();
    const outbox = (await root.getDirectoryHandle('discless-outbox').catch(() => null)) as Listable | null;
    if (!outbox) return null;
    const folders: string[][] = [];
    for await (const name of outbox.keys()) {
      const folder = (await outbox.getDirectoryHandle(name)) as Listable;
      const files: string[] = [];
      for await (const file of folder.keys()) files.push(file);
      folders.push(files);
    }
    return folders;
  });
}

test('sealed objects wait in the private file system while they upload and are deleted once the share is made', async ({ page }) => {
  let duringUpload: string[][] | null = null;
  await page.route('**/api/v1/shares/*/objects/0', async (route) => {
    if (route.request().method() === 'PUT') duringUpload = await outboxFiles(page);
    await route.continue();
  });
  await shareFolder(page, join(SAMPLES, 'dicomdir-pcir'));
  // The share's own folder, holding the object being uploaded (its file goes once the store has it).
  expect(duringUpload).toEqual([['object-0']]);
  expect(await outboxFiles(page)).toEqual([]);
});
