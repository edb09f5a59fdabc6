// The share history page's state: the records on this device, each joined with what the store says
// about it now (the owner's view: state, how often it was opened), and the owner's one action on a
// live share, withdrawing it.

import { StoreClient, StoreError, type OwnerStatus } from '../store/client';
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
        let remote: OwnerStatus | StoreError;
        try {
          remote = await this.client.ownerStatus(record.shareId, record.ownerToken);
        } catch (error) {
          remote = error instanceof StoreError ? error : new StoreError('offline', '', 0);
        }
        const accessCount = 'accessCount' in remote ? remote.accessCount : null;
        return { record, state: shareState(record.local, remote, new Date(), record.expiresAt), accessCount };
      })
    );
  }

  /** Ends the share at once: the store deletes its data and answers `revoked` from then on. */
  async revoke(entry: HistoryEntry): Promise<void> {
    await this.client.revoke(entry.record.shareId, entry.record.ownerToken);
    await this.refresh();
  }

  async forget(entry: HistoryEntry): Promise<void> {
    await forgetShare(entry.record.shareId);
    await this.refresh();
  }
}
