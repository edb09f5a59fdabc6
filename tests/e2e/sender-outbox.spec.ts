// The sender keeps sealed objects in the origin private file system while they upload, not in
// in-memory Blobs that Chromium holds until garbage collection (src/lib/share/outbox.ts), and leaves
// nothing there once the share is made.

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { shareFolder } from './support/staff';
import { SAMPLES } from './support/sender-flow';

/**
 * What the private file system's outbox holds, as `folder/file` (one folder per share, one file per
 * object; an empty folder as `folder/`), or null when it was never made.
 */
function outboxFiles(page: Page): Promise<string[] | null> {
  return page.evaluate(async () => {
    type Entry = { kind: 'file' | 'directory'; name: string };
    type Listable = { values(): AsyncIterable<Entry> };
    const root = await navigator.storage.getDirectory();
    const outbox = await root.getDirectoryHandle('discless-outbox').catch(() => null);
    if (!outbox) return null;
    const names: string[] = [];
    for await (const entry of (outbox as unknown as Listable).values()) {
      if (entry.kind === 'file') {
        names.push(entry.name);
        continue;
      }
      const folder = await outbox.getDirectoryHandle(entry.name);
      const before = names.length;
      for await (const file of (folder as unknown as Listable).values()) names.push(`${entry.name}/${file.name}`);
      if (names.length === before) names.push(`${entry.name}/`);
    }
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
  // One folder for this share, named by its start time, holding the object being uploaded.
  expect(duringUpload).toEqual([expect.stringMatching(/^\d+-[0-9a-f-]{36}\/object-0$/)]);
  expect(await outboxFiles(page)).toEqual([]);
});
