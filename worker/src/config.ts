import type { Share } from './share';

export interface Env {
	/** Cloudflare: the R2 bucket that keeps the ciphertext. */
	BLOBS?: R2Bucket;
	/** Self-hosted under workerd: a writable disk directory that keeps it instead (blob-store.ts). */
	BLOB_DIR?: Fetcher;
	SHARES: DurableObjectNamespace<Share>;
	ASSETS: Fetcher;
	DEFAULT_TTL_SECONDS?: string;
	MAX_TTL_SECONDS?: string;
	MIN_TTL_SECONDS?: string;
	MAX_OBJECT_BYTES?: string;
	MAX_MANIFEST_BYTES?: string;
	MAX_OBJECTS_PER_SHARE?: string;
	MAX_SHARE_BYTES?: string;
	MAX_PIN_ATTEMPTS?: string;
	ACCESS_LOG_SIZE?: string;
	READ_TOKEN_SECONDS?: string;
	DOWNLOAD_GRACE_SECONDS?: string;
	ABANDON_SECONDS?: string;
	/** Comma-separated origins allowed by CORS, e.g. "https://discless.clinic.example". */
	ALLOWED_ORIGINS?: string;
	/** Secret: comma-separated upload keys. Unset means anyone may create shares (development only). */
	UPLOAD_KEYS?: string;
}

export interface Limits {
	defaultTtlSeconds: number;
	maxTtlSeconds: number;
	minTtlSeconds: number;
	maxObjectBytes: number;
	maxManifestBytes: number;
	maxObjectsPerShare: number;
	maxShareBytes: number;
	maxPinAttempts: number;
	accessLogSize: number;
	readTokenSeconds: number;
	downloadGraceSeconds: number;
	abandonSeconds: number;
}

const DEFAULTS: Limits = {
	defaultTtlSeconds: 2_592_000,
	maxTtlSeconds: 7_776_000,
	minTtlSeconds: 86_400,
	maxObjectBytes: 67_108_864,
	maxManifestBytes: 16_777_216,
	maxObjectsPerShare: 4096,
	maxShareBytes: 8_589_934_592,
	maxPinAttempts: 5,
	accessLogSize: 20,
	readTokenSeconds: 3600,
	downloadGraceSeconds: 3600,
	abandonSeconds: 86_400
};

const VARS: Record<keyof Limits, keyof Env> = {
	defaultTtlSeconds: 'DEFAULT_TTL_SECONDS',
	maxTtlSeconds: 'MAX_TTL_SECONDS',
	minTtlSeconds: 'MIN_TTL_SECONDS',
	maxObjectBytes: 'MAX_OBJECT_BYTES',
	maxManifestBytes: 'MAX_MANIFEST_BYTES',
	maxObjectsPerShare: 'MAX_OBJECTS_PER_SHARE',
	maxShareBytes: 'MAX_SHARE_BYTES',
	maxPinAttempts: 'MAX_PIN_ATTEMPTS',
	accessLogSize: 'ACCESS_LOG_SIZE',
	readTokenSeconds: 'READ_TOKEN_SECONDS',
	downloadGraceSeconds: 'DOWNLOAD_GRACE_SECONDS',
	abandonSeconds: 'ABANDON_SECONDS'
};

// A var that is set but unreadable must fail loudly: silently falling back to a default would
// quietly apply a retention or size policy the operator did not choose.
function readVar(raw: unknown, fallback: number, name: string): number {
	// workerd gives null for a variable taken from an unset environment variable (workerd.capnp).
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'string' && /^[0-9]{1,16}$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isSafeInteger(value)) throw new Error(`Store variable ${name} is not a whole number.`);
	return value;
}

export function readLimits(env: Env): Limits {
	const limits = Object.fromEntries(
		(Object.keys(DEFAULTS) as (keyof Limits)[]).map((key) => [key, readVar(env[VARS[key]], DEFAULTS[key], VARS[key])])
	) as unknown as Limits;
	const { minTtlSeconds: min, defaultTtlSeconds: def, maxTtlSeconds: max } = limits;
	if (!(min <= def && def <= max)) throw new Error('Store TTL variables must satisfy MIN <= DEFAULT <= MAX.');
	// Object numbers are at most four decimal digits in the URL grammar.
	if (limits.maxObjectsPerShare > 10_000) throw new Error('MAX_OBJECTS_PER_SHARE must be at most 10000.');
	if (limits.maxPinAttempts < 1 || limits.maxPinAttempts > 20) throw new Error('MAX_PIN_ATTEMPTS must be 1..20.');
	return limits;
}

/** The configured upload keys; an empty list means uploads are open. */
export function uploadKeys(env: Env): string[] {
	return (env.UPLOAD_KEYS ?? '')
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
}

export function allowedOrigins(env: Env): Set<string> {
	return new Set(
		(env.ALLOWED_ORIGINS ?? '')
			.split(',')
			.map((origin) => origin.trim())
			.filter(Boolean)
	);
}
