import { DurableObject } from 'cloudflare:workers';
import { readLimits, type Env, type Limits } from './config';
import { deletePrefix, sharePrefix } from './blobs';

export interface ShareView {
	id: string;
	state: 'uploading' | 'ready';
	expiresAt: string;
	objects: { n: number; size: number }[];
	manifestSize: number | null;
}

export type FailureCode =
	| 'exists'
	| 'not-found'
	| 'expired'
	| 'unauthorized'
	| 'committed'
	| 'not-ready'
	| 'share-too-large';

export interface Failure {
	ok: false;
	code: FailureCode;
	expiresAt?: string;
}

/** Where a stored body lives in R2: the upload id that was written for it, and its size. */
export interface Stored {
	ok: true;
	upload: string;
	size: number;
}

type Row = {
	id: string;
	owner_hash: string;
	state: 'uploading' | 'ready' | 'expired';
	expires_at: number;
	manifest_upload: string | null;
	manifest_size: number | null;
};

// When the R2 clean-up fails, try again after this long rather than leaving ciphertext behind.
const CLEANUP_RETRY_MS = 5 * 60 * 1000;

const fail = (code: FailureCode): Failure => ({ ok: false, code });
const isFailure = (value: Row | Failure): value is Failure => 'ok' in value;

/**
 * One share's metadata. Between a check and the write that depends on it, methods await
 * nothing but this object's own storage, which keeps the input gate closed: calls for one
 * share are therefore serialized. Only alarm() waits on R2, after it has written the tombstone.
 */
export class Share extends DurableObject<Env> {
	private readonly sql: SqlStorage;
	private readonly limits: Limits;
	private hasSchema: boolean;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		this.limits = readLimits(env);
		// The schema is only written by create(): looking up an id that was never created,
		// as a scanner would, must not leave storage behind.
		this.hasSchema = this.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'share'`).toArray().length > 0;
	}

	async create(id: string, ownerHash: string, ttlSeconds: number): Promise<{ ok: true; view: ShareView } | Failure> {
		// A tombstone counts too: ids are never reused, so an old link can never show new data.
		if (this.row()) return fail('exists');
		this.createSchema();
		const expiresAt = Date.now() + ttlSeconds * 1000;
		this.sql.exec(
			`INSERT INTO share (one, id, owner_hash, state, expires_at) VALUES (1, ?, ?, 'uploading', ?)`,
			id,
			ownerHash,
			expiresAt
		);
		await this.ctx.storage.setAlarm(expiresAt);
		return { ok: true, view: this.describe(this.row() as Row) };
	}

	view(): { ok: true; view: ShareView } | Failure {
		const row = this.live();
		return isFailure(row) ? row : { ok: true, view: this.describe(row) };
	}

	/** Checks before any body is streamed, so a doomed upload is refused at once. */
	beginPut(tokenHash: string | null, n: number, size: number): { ok: true } | Failure {
		const row = this.owned(tokenHash);
		if (isFailure(row)) return row;
		return this.fitsShare(n, size) ? { ok: true } : fail('share-too-large');
	}

	/**
	 * Links a freshly written body to object n. Checked again because the share may have been
	 * committed, expired or filled while the body was streaming; the caller then deletes its body.
	 */
	finishPut(n: number, upload: string, size: number): { ok: true; superseded: string | null } | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'uploading') return fail('committed');
		if (!this.fitsShare(n, size)) return fail('share-too-large');
		const previous = this.sql.exec<{ upload: string }>('SELECT upload FROM objects WHERE n = ?', n).toArray()[0];
		this.sql.exec('INSERT OR REPLACE INTO objects (n, upload, size) VALUES (?, ?, ?)', n, upload, size);
		return { ok: true, superseded: previous?.upload ?? null };
	}

	beginCommit(tokenHash: string | null): { ok: true } | Failure {
		const row = this.owned(tokenHash);
		return isFailure(row) ? row : { ok: true };
	}

	/** Only the first manifest to finish commits; any later one gets 'committed'. */
	finishCommit(upload: string, size: number): { ok: true } | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'uploading') return fail('committed');
		this.sql.exec(`UPDATE share SET state = 'ready', manifest_upload = ?, manifest_size = ?`, upload, size);
		return { ok: true };
	}

	manifest(): Stored | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'ready' || row.manifest_upload === null || row.manifest_size === null) return fail('not-ready');
		return { ok: true, upload: row.manifest_upload, size: row.manifest_size };
	}

	object(n: number): Stored | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'ready') return fail('not-ready');
		const found = this.sql.exec<{ upload: string; size: number }>('SELECT upload, size FROM objects WHERE n = ?', n).toArray()[0];
		return found ? { ok: true, upload: found.upload, size: found.size } : fail('not-found');
	}

	async alarm(): Promise<void> {
		const row = this.row();
		if (!row) return;
		if (Date.now() < row.expires_at) {
			await this.ctx.storage.setAlarm(row.expires_at);
			return;
		}
		// Tombstone first: from here on every request answers 410, even while R2 is being emptied.
		this.sql.exec(`UPDATE share SET state = 'expired', owner_hash = '', manifest_upload = NULL, manifest_size = NULL`);
		this.sql.exec('DELETE FROM objects');
		try {
			await deletePrefix(this.env.BLOBS, sharePrefix(row.id));
		} catch {
			await this.ctx.storage.setAlarm(Date.now() + CLEANUP_RETRY_MS);
		}
	}

	private row(): Row | undefined {
		if (!this.hasSchema) return undefined;
		return this.sql.exec<Row>('SELECT id, owner_hash, state, expires_at, manifest_upload, manifest_size FROM share').toArray()[0];
	}

	private createSchema(): void {
		this.sql.exec(`CREATE TABLE IF NOT EXISTS share (
			one INTEGER PRIMARY KEY CHECK (one = 1),
			id TEXT NOT NULL,
			owner_hash TEXT NOT NULL,
			state TEXT NOT NULL,
			expires_at INTEGER NOT NULL,
			manifest_upload TEXT,
			manifest_size INTEGER
		)`);
		this.sql.exec(`CREATE TABLE IF NOT EXISTS objects (
			n INTEGER PRIMARY KEY,
			upload TEXT NOT NULL,
			size INTEGER NOT NULL
		)`);
		this.hasSchema = true;
	}

	/** The share if it exists and has not expired; expiry is checked here, not left to the alarm. */
	private live(): Row | Failure {
		const row = this.row();
		if (!row) return fail('not-found');
		if (row.state === 'expired' || Date.now() >= row.expires_at) {
			return { ok: false, code: 'expired', expiresAt: new Date(row.expires_at).toISOString() };
		}
		return row;
	}

	/** The share if the caller holds its owner token and it can still change. */
	private owned(tokenHash: string | null): Row | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (tokenHash === null || !sameHash(tokenHash, row.owner_hash)) return fail('unauthorized');
		if (row.state !== 'uploading') return fail('committed');
		return row;
	}

	private fitsShare(n: number, size: number): boolean {
		const others = this.sql.exec<{ total: number }>('SELECT COALESCE(SUM(size), 0) AS total FROM objects WHERE n != ?', n).one().total;
		return others + size <= this.limits.maxShareBytes;
	}

	private describe(row: Row): ShareView {
		const objects = this.sql.exec<{ n: number; size: number }>('SELECT n, size FROM objects ORDER BY n').toArray();
		return {
			id: row.id,
			state: row.state === 'ready' ? 'ready' : 'uploading',
			expiresAt: new Date(row.expires_at).toISOString(),
			objects: objects.map(({ n, size }) => ({ n, size })),
			manifestSize: row.manifest_size
		};
	}
}

function sameHash(a: string, b: string): boolean {
	const encoder = new TextEncoder();
	const left = encoder.encode(a);
	const right = encoder.encode(b);
	// Both are 64 hex chars when well formed; the length itself is not secret.
	return left.byteLength === right.byteLength && crypto.subtle.timingSafeEqual(left, right);
}
