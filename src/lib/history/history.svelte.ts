// The share history page's state: the records on this device, each joined with what the store says
// about it now.
//
// After the store's lifecycle calls land (another branch), two calls belong here and nowhere else:
// - access counts and "revoked": replace `client.status(id)` in `refresh` with the owner-status call
//   (it takes `record.ownerToken`), and put its access count on `HistoryEntry.accessCount`;
// - revoke: a `revoke(entry)` method calling `client.revoke(entry.record.shareId, entry.record.ownerToken)`
//   then `refresh()`; src/lib/components/history/HistoryTable.svelte has the place for its button.

import { StoreClient, StoreError, type ShareStatus } from '../store/client';
import { forgetShare, listShares, type ShareRecord } from './history';
import { shareState, type ShareState } from './status';

export interface HistoryEntry {
  record: ShareRecord;
  state: ShareState;
  accessCount: number | null;
}

export class HistoryState {
  entries = $state.raw<HistoryEntry[]>([]);
  loaded = $state(false);
  printing = $state.raw<ShareRecord | null>(null);

  constructor(private readonly client = new StoreClient()) {}

  async refresh(): Promise<void> {
    const records = await listShares();
    const now = new Date();
    this.entries = records.map((record) => ({ record, state: shareState(record.local, null, now, record.expiresAt), accessCount: null }));
    this.loaded = true;
    this.entries = await Promise.all(
      records.map(async (record) => {
        let remote: ShareStatus | StoreError;
        try {
          remote = await this.client.status(record.shareId);
        } catch (error) {
          remote = error instanceof StoreError ? error : new StoreError('offline', '', 0);
        }
        return { record, state: shareState(record.local, remote, new Date(), record.expiresAt), accessCount: null };
      })
    );
  }

  async forget(entry: HistoryEntry): Promise<void> {
    await forgetShare(entry.record.shareId);
    await this.refresh();
  }
}
