import type { Page } from '@playwright/test';

/**
 * Stands in for the native save dialog, which tests cannot drive: the "chosen" file is in the
 * origin private file system. Everything after the choice (the worker's writable stream, its writes,
 * close or abort) is the browser's own.
 */
export async function pickIntoPrivateFileSystem(page: Page, name: string): Promise<void> {
  await page.addInitScript((name) => {
    const state = window as unknown as { savePickerCalls: number };
    state.savePickerCalls = 0;
    Object.assign(window, {
      showSaveFilePicker: async () => {
        state.savePickerCalls++;
        return (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
      }
    });
  }, name);
}

/** How often the page asked for a file: the export sets its busy state before it asks. */
export function savePickerCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { savePickerCalls: number }).savePickerCalls);
}

/** The file's bytes, or null if there is no such file in the origin private file system. */
export async function readPrivateFile(page: Page, name: string): Promise<Uint8Array | null> {
  const bytes = await page.evaluate(async (name) => {
    try {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
      return Array.from(new Uint8Array(await file.arrayBuffer()));
    } catch {
      return null;
    }
  }, name);
  return bytes && Uint8Array.from(bytes);
}
