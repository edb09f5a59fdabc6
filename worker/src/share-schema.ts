// The shapes a share's Durable Object stores and answers with (docs/STORE_API.md). The app's store
// client (src/lib/store/client.ts) takes ShareView and OwnerView from here, so the two cannot drift.

export interface ShareView {
	id: string;
	state: 'uploading' | 'ready';
	expiresAt: string;
	/** The objects stored so far, with their sizes: an interrupted upload resumes from here. */
	objects: { n: number; size: number }[];
	manifestSize: number | null;
	/** The content needs a PIN: manifest and objects are served only with a read token. */
	pin: boolean;
}

/** What the owner token reads: the public view plus the access log. No address, no user agent. */
export interface OwnerView extends ShareView {
	createdAt: string;
	/** Manifest downloads so far; each viewer that opens the share makes one. */
	accessCount: number;
	/** Times of the last accesses, newest first. */
	lastAccesses: string[];
	downloadLimit: number | null;
	pinFailures: number;
}

export interface CreateOptions {
	ttlSeconds: number;
	pinVerifier: string | null;
	downloadLimit: number | null;
}

/** States a share ends in; each is also the code of the 410 that its id answers from then on. */
export type Ending = 'expired' | 'revoked' | 'locked';

export type FailureCode =
	| Ending
	| 'exists'
	| 'not-found'
	| 'unauthorized'
	| 'committed'
	| 'not-ready'
	| 'share-too-large'
	| 'pin-required'
	| 'no-pin'
	| 'wrong-pin'
	| 'limit-reached';

export interface Failure {
	ok: false;
	code: FailureCode;
	expiresAt?: string;
	attemptsLeft?: number;
}

/** Where a stored body lives in R2: the upload id that was written for it, and its size. */
export interface Stored {
	ok: true;
	upload: string;
	size: number;
}

export type Row = {
	id: string;
	owner_hash: string;
	state: 'uploading' | 'ready' | Ending;
	created_at: number;
	expires_at: number;
	manifest_upload: string | null;
	manifest_size: number | null;
	pin_verifier: string | null;
	pin_failures: number;
	download_limit: number | null;
	access_count: number;
};

/** Written by the first create only, so probing ids that were never created stores nothing. */
export const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS share (
		one INTEGER PRIMARY KEY CHECK (one = 1),
		id TEXT NOT NULL,
		owner_hash TEXT NOT NULL,
		state TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		manifest_upload TEXT,
		manifest_size INTEGER,
		pin_verifier TEXT,
		pin_failures INTEGER NOT NULL DEFAULT 0,
		download_limit INTEGER,
		access_count INTEGER NOT NULL DEFAULT 0
	)`,
	'CREATE TABLE IF NOT EXISTS objects (n INTEGER PRIMARY KEY, upload TEXT NOT NULL, size INTEGER NOT NULL)',
	'CREATE TABLE IF NOT EXISTS read_tokens (hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)',
	'CREATE TABLE IF NOT EXISTS accesses (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL)'
];
