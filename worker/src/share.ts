import { DurableObject } from 'cloudflare:workers';
import { blobStore } from './blob-store';
import { sharePrefix } from './blobs';
import { readLimits, type Env, type Limits } from './config';
import { SCHEMA, type CreateOptions, type Ending, type Failure, type FailureCode, type OwnerView, type Row, type ShareView, type Stored } from './share-schema';
import { newToken, sameHex, sha256Hex } from './tokens';

export type { Failure, OwnerView, ShareView } from './share-schema';

const ENDINGS = new Set<string>(['expired', 'revoked', 'locked']);
// When the blob clean-up fails, try again after this long rather than leaving ciphertext behind.
const CLEANUP_RETRY_MS = 5 * 60 * 1000;
// Unlocking viewers each hold a read token; old ones are pruned so a busy share stays small.
const MAX_READ_TOKENS = 200;

const fail = (code: FailureCode, extra: Partial<Failure> = {}): Failure => ({ ok: false, code, ...extra });
const isFailure = (value: object): value is Failure => 'ok' in value && value.ok === false;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One share's metadata. Between a check and the write that depends on it, methods await nothing
 * but this object's own storage, which keeps the input gate closed: calls for one share are
 * therefore serialized (the PIN counter relies on it). Only the clean-up of blobs waits on R2 or
 * the disk, after the tombstone is written.
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

	async create(id: string, ownerHash: string, options: CreateOptions): Promise<{ ok: true; view: ShareView } | Failure> {
		// A tombstone counts too: ids are never reused, so an old link can never show new data.
		if (this.row()) return fail('exists');
		this.createSchema();
		const now = Date.now();
		const expiresAt = now + options.ttlSeconds * 1000;
		this.sql.exec(
			`INSERT INTO share (one, id, owner_hash, state, created_at, expires_at, pin_verifier, download_limit)
			 VALUES (1, ?, ?, 'uploading', ?, ?, ?, ?)`,
			id, ownerHash, now, expiresAt, options.pinVerifier, options.downloadLimit
		);
		// An upload never committed is abandoned after ABANDON_SECONDS; the alarm checks then.
		await this.ctx.storage.setAlarm(Math.min(expiresAt, now + this.limits.abandonSeconds * 1000));
		return { ok: true, view: this.describe(this.row() as Row) };
	}

	view(): { ok: true; view: ShareView } | Failure {
		const row = this.live();
		return isFailure(row) ? row : { ok: true, view: this.describe(row) };
	}

	ownerView(tokenHash: string | null): { ok: true; view: OwnerView } | Failure {
		const row = this.authorized(tokenHash);
		if (isFailure(row)) return row;
		const accesses = this.sql.exec<{ at: number }>('SELECT at FROM accesses ORDER BY seq DESC').toArray();
		return {
			ok: true,
			view: {
				...this.describe(row),
				createdAt: iso(row.created_at),
				accessCount: row.access_count,
				lastAccesses: accesses.map(({ at }) => iso(at)),
				downloadLimit: row.download_limit,
				pinFailures: row.pin_failures
			}
		};
	}

	/** Checks before any body is streamed, so a doomed upload is refused at once. */
	beginPut(tokenHash: string | null, n: number, size: number): { ok: true } | Failure {
		const row = this.owned(tokenHash);
		if (isFailure(row)) return row;
		return this.fitsShare(n, size) ? { ok: true } : fail('share-too-large');
	}

	/**
	 * Links a freshly written body to object n. Checked again because the share may have been
	 * committed, ended or filled while the body was streaming; the caller then deletes its body.
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
	async finishCommit(upload: string, size: number): Promise<{ ok: true } | Failure> {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'uploading') return fail('committed');
		this.sql.exec(`UPDATE share SET state = 'ready', manifest_upload = ?, manifest_size = ?`, upload, size);
		// No longer at risk of being abandoned: the next thing to happen is expiry.
		await this.ctx.storage.setAlarm(row.expires_at);
		return { ok: true };
	}

	/** The owner ends the share now: 410 revoked from here on, and the ciphertext is deleted. */
	async revoke(tokenHash: string | null): Promise<{ ok: true } | Failure> {
		const row = this.authorized(tokenHash);
		if (isFailure(row)) return row;
		await this.end('revoked', row.id);
		return { ok: true };
	}

	/**
	 * Checks a PIN proof. Wrong proofs are counted here, serialized with every other call, so
	 * any number of parallel guesses locks the share after exactly MAX_PIN_ATTEMPTS.
	 */
	async unlock(proofHash: string): Promise<{ ok: true; readToken: string; expiresAt: string } | Failure> {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.pin_verifier === null) return fail('no-pin');
		if (row.state !== 'ready') return fail('not-ready');
		if (!sameHex(proofHash, row.pin_verifier)) {
			const failures = row.pin_failures + 1;
			this.sql.exec('UPDATE share SET pin_failures = ?', failures);
			const attemptsLeft = this.limits.maxPinAttempts - failures;
			if (attemptsLeft > 0) return fail('wrong-pin', { attemptsLeft });
			await this.end('locked', row.id);
			return fail('locked', { expiresAt: iso(row.expires_at) });
		}
		const now = Date.now();
		const token = newToken();
		const expiresAt = Math.min(row.expires_at, now + this.limits.readTokenSeconds * 1000);
		this.sql.exec('DELETE FROM read_tokens WHERE expires_at <= ?', now);
		this.sql.exec('INSERT INTO read_tokens (hash, expires_at) VALUES (?, ?)', await sha256Hex(token), expiresAt);
		this.sql.exec(
			'DELETE FROM read_tokens WHERE hash NOT IN (SELECT hash FROM read_tokens ORDER BY expires_at DESC LIMIT ?)',
			MAX_READ_TOKENS
		);
		return { ok: true, readToken: token, expiresAt: iso(expiresAt) };
	}

	/**
	 * The manifest of a ready share; a full GET counts as an access. With a download limit the
	 * last allowed fetch leaves DOWNLOAD_GRACE_SECONDS to read the objects, then the share ends.
	 */
	async manifest(readHash: string | null, counts: boolean): Promise<Stored | Failure> {
		const row = this.readable(readHash);
		if (isFailure(row)) return row;
		if (row.manifest_upload === null || row.manifest_size === null) return fail('not-ready');
		if (counts) {
			if (row.download_limit !== null && row.access_count >= row.download_limit) return fail('limit-reached');
			const now = Date.now();
			this.sql.exec('UPDATE share SET access_count = access_count + 1');
			this.sql.exec('INSERT INTO accesses (at) VALUES (?)', now);
			this.sql.exec('DELETE FROM accesses WHERE seq NOT IN (SELECT seq FROM accesses ORDER BY seq DESC LIMIT ?)', this.limits.accessLogSize);
			if (row.download_limit !== null && row.access_count + 1 >= row.download_limit) {
				const endsAt = Math.min(row.expires_at, now + this.limits.downloadGraceSeconds * 1000);
				this.sql.exec('UPDATE share SET expires_at = ?', endsAt);
				await this.ctx.storage.setAlarm(endsAt);
			}
		}
		return { ok: true, upload: row.manifest_upload, size: row.manifest_size };
	}

	object(readHash: string | null, n: number): Stored | Failure {
		const row = this.readable(readHash);
		if (isFailure(row)) return row;
		const found = this.sql.exec<{ upload: string; size: number }>('SELECT upload, size FROM objects WHERE n = ?', n).toArray()[0];
		return found ? { ok: true, upload: found.upload, size: found.size } : fail('not-found');
	}

	/**
	 * For the sweep: the upload ids blob storage may keep for this share; null means nothing may
	 * stay. A share whose time is up ends here if its alarm never came (a store restored from a
	 * backup, or moved from another layout), so the sweep is a backstop for lost alarms.
	 */
	async linkedUploads(): Promise<string[] | null> {
		const row = this.row();
		if (!row || ENDINGS.has(row.state)) return null;
		if (this.due(row)) {
			await this.end('expired', row.id);
			return null;
		}
		const objects = this.sql.exec<{ upload: string }>('SELECT upload FROM objects').toArray().map(({ upload }) => upload);
		return row.manifest_upload ? [...objects, row.manifest_upload] : objects;
	}

	async alarm(): Promise<void> {
		const row = this.row();
		if (!row) return;
		if (ENDINGS.has(row.state) || this.due(row)) {
			// An ended share is here again only because its clean-up failed: keep its reason.
			await this.end(ENDINGS.has(row.state) ? (row.state as Ending) : 'expired', row.id);
			return;
		}
		await this.ctx.storage.setAlarm(row.state === 'uploading' ? Math.min(row.expires_at, row.created_at + this.limits.abandonSeconds * 1000) : row.expires_at);
	}

	/** Tombstone first, so every request answers 410 even while its blobs are being deleted. */
	private async end(reason: Ending, id: string): Promise<void> {
		this.sql.exec(
			`UPDATE share SET state = ?, owner_hash = '', manifest_upload = NULL, manifest_size = NULL, pin_verifier = NULL`,
			reason
		);
		this.sql.exec('DELETE FROM objects');
		this.sql.exec('DELETE FROM read_tokens');
		this.sql.exec('DELETE FROM accesses');
		try {
			await blobStore(this.env).deletePrefix(sharePrefix(id));
			await this.ctx.storage.deleteAlarm();
		} catch {
			await this.ctx.storage.setAlarm(Date.now() + CLEANUP_RETRY_MS);
		}
	}

	/** Past its expiry, or abandoned: never committed within ABANDON_SECONDS of its creation. */
	private due(row: Row, now = Date.now()): boolean {
		const abandoned = row.state === 'uploading' && now >= row.created_at + this.limits.abandonSeconds * 1000;
		return abandoned || now >= row.expires_at;
	}

	private row(): Row | undefined {
		if (!this.hasSchema) return undefined;
		return this.sql.exec<Row>('SELECT * FROM share').toArray()[0];
	}

	private createSchema(): void {
		for (const statement of SCHEMA) this.sql.exec(statement);
		this.hasSchema = true;
	}

	/** The share if it exists and has not ended; expiry is checked here, not left to the alarm. */
	private live(): Row | Failure {
		const row = this.row();
		if (!row) return fail('not-found');
		const expiresAt = iso(row.expires_at);
		if (ENDINGS.has(row.state)) return fail(row.state as Ending, { expiresAt });
		if (Date.now() >= row.expires_at) return fail('expired', { expiresAt });
		return row;
	}

	/** A live share whose owner token the caller holds. */
	private authorized(tokenHash: string | null): Row | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (tokenHash === null || !sameHex(tokenHash, row.owner_hash)) return fail('unauthorized');
		return row;
	}

	/** The share if the caller holds its owner token and it can still change. */
	private owned(tokenHash: string | null): Row | Failure {
		const row = this.authorized(tokenHash);
		if (isFailure(row)) return row;
		return row.state === 'uploading' ? row : fail('committed');
	}

	/** A ready share whose bytes this caller may read: with a PIN, only with a live read token. */
	private readable(readHash: string | null): Row | Failure {
		const row = this.live();
		if (isFailure(row)) return row;
		if (row.state !== 'ready') return fail('not-ready');
		if (row.pin_verifier === null) return row;
		if (readHash === null) return fail('pin-required');
		const found = this.sql
			.exec<{ hash: string }>('SELECT hash FROM read_tokens WHERE expires_at > ?', Date.now())
			.toArray()
			.some(({ hash }) => sameHex(readHash, hash));
		return found ? row : fail('pin-required');
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
			expiresAt: iso(row.expires_at),
			objects: objects.map(({ n, size }) => ({ n, size })),
			manifestSize: row.manifest_size,
			pin: row.pin_verifier !== null
		};
	}
}
