// The share history on the staff device (IndexedDB via idb). A record holds what the staff need to
// print a code again, revoke a share, and continue an interrupted upload: the secret, the owner
// token, the planned files and what is already stored. It never leaves this browser; the store
// only ever sees the share id.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DeidRequest } from '../share/shared-content';

/** What the printed sheet says, kept as data so it is written in the language staff pick at print time. */
export interface PrintDetails {
  /** The patient's name as in the files, or a de-identified share's pseudonym; with more than one patient, `patients` says how many. */
  patient: string;
  patients?: number;
  birthDate: string;
  /** The first study's date (ISO) and its description (or modalities), as in the files. */
  studyDate?: string;
  studyText?: string;
  /** Records made before the sheet had languages: the study line, already written in English. */
  study?: string;
  /** The share holds de-identified copies: the label says so. */
  deidentified?: boolean;
}

export interface ShareRecord {
  shareId: string;
  label: string;
  /** What the history list shows of the patient: initials only, for screens others can see. */
  initials: string;
  print: PrintDetails;
  created: string;
  expiresAt: string;
  bytes: number;
  fileCount: number;
  /** 'uploading' until the manifest is stored; what the store says later is looked up live. */
  local: 'uploading' | 'done';
  link: string;
  secret: string;
  ownerToken: string;
  ttlSeconds: number;
  /** Series staff left out, so a re-picked folder gives the same share. */
  excluded: string[];
  /** Documents (by path) staff left out, and whether they carried the files that are not DICOM;
   *  absent in records from before these choices existed. */
  excludedDocuments?: string[];
  otherFiles?: boolean;
  /** The share's files in share order, to check a re-picked folder. */
  files: { path: string; size: number }[];
  salts: (string | null)[];
  sha256: (string | null)[];
  /** The PIN, for a share that has one: continuing its upload needs its content keys. */
  pin?: string;
  /** A de-identified share: what continuing its upload needs to make the same bytes again (its key
   *  links the new UIDs to the old, so it stays on this device like the share's secret), the single
   *  files it left out and the dropped files it read, in share order. */
  deid?: DeidRequest & { leftOutFiles: string[]; sourceFiles: { path: string; size: number }[] };
}

interface HistoryDb extends DBSchema {
  shares: { key: string; value: ShareRecord; indexes: { created: string } };
}

let db: Promise<IDBPDatabase<HistoryDb>> | null = null;

function open() {
  db ??= openDB<HistoryDb>('discless-history', 1, {
    upgrade(d) {
      d.createObjectStore('shares', { keyPath: 'shareId' }).createIndex('created', 'created');
    }
  });
  return db;
}

export async function saveShare(record: ShareRecord): Promise<void> {
  await (await open()).put('shares', record);
}

export async function getShare(shareId: string): Promise<ShareRecord | undefined> {
  return (await open()).get('shares', shareId);
}

/** Newest first. */
export async function listShares(): Promise<ShareRecord[]> {
  return (await (await open()).getAllFromIndex('shares', 'created')).reverse();
}

export async function forgetShare(shareId: string): Promise<void> {
  await (await open()).delete('shares', shareId);
}
