// The sender keeps sealed objects in the origin private file system while they upload, not in
// in-memory Blobs that Chromium holds until garbage collection (src/lib/share/outbox.ts), and leaves
// nothing there once the share is made.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';
import { SAMPLES } from './support/sender-flow';

/** The file names in the private file system's outbox, or null when it was never made. */
function outboxFiles(page: Page): Promise<string[] | null> {
  return page.evaluate(async () => {
    type Listable = { keys(): AsyncIterable<string> };
    const root = await navigator.storage.getDirectory();
    const outbox = await root.getDirectoryHandle('discless-outbox').catch(() => null);
    if (!outbox) return null;
    const names: string[] = [];
    for await (const name of (outbox as unknown as Listable).keys()) names.push(name);
    return names;
  });
}

test('sealed objects wait in the private file system while they upload and are deleted once the share is made', async ({ page }) => {
  let duringUpload: string[] | null = null;
  await page.route('**/api/v1/shares/*/objects/0', async (route) => {
    if (route.request().method() === 'PUT') duringUpload = await outboxFiles(page);
    await route.continue();
  });
  await shareFolder(page, join(SAMPLES, 'dicomdir-pcir'));
  expect(duringUpload).toEqual(['slot-0']);
  expect(await outboxFiles(page)).toEqual([]);
});
