// The settings page's state: the upload key this device sends, checked against the store on save.

import { loadUploadKey, saveUploadKey } from '$lib/settings';
import { StoreClient, type StoreInfo } from '$lib/store/client';

export class SettingsState {
  uploadKey = $state(loadUploadKey() ?? '');
  /** What the store said about uploads and this key, after loading or saving. */
  info = $state.raw<StoreInfo | null>(null);
  saved = $state(false);
  error = $state.raw<unknown>(null);

  constructor(private readonly client = new StoreClient()) {}

  async check(): Promise<void> {
    this.error = null;
    try {
      this.info = await this.client.info(loadUploadKey() ?? undefined);
    } catch (error) {
      this.error = error;
    }
  }

  async save(): Promise<void> {
    this.saved = false;
    if (!saveUploadKey(this.uploadKey)) {
      this.error = { code: 'bad-upload-key' };
      return;
    }
    this.saved = true;
    await this.check();
  }
}
