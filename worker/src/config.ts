import type { Share } from './share';

export interface Env {
	BLOBS: R2Bucket;
	SHARES: DurableObjectNamespace<Share>;
	ASSETS: Fetcher;
	DEFAULT_TTL_SECONDS?: string;
	MAX_TTL_SECONDS?: string;
	MIN_TTL_SECONDS?: string;
	MAX_OBJECT_BYTES?: string;
	MAX_MANIFEST_BYTES?: string;
	MAX_OBJECTS_PER_SHARE?: string;
	MAX_SHARE_BYTES?: string;
}

export interface Limits {
	defaultTtlSeconds: number;
	maxTtlSeconds: number;
	minTtlSeconds: number;
	maxObjectBytes: number;
	maxManifestBytes: number;
	maxObjectsPerShare: number;
	maxShareBytes: number;
}

const DEFAULTS: Limits = {
	defaultTtlSeconds: 2_592_000,
	maxTtlSeconds: 7_776_000,
	minTtlSeconds: 60,
	maxObjectBytes: 67_108_864,
	maxManifestBytes: 16_777_216,
	maxObjectsPerShare: 4096,
	maxShareBytes: 8_589_934_592
};

// A var that is set but unreadable must fail loudly: silently falling back to a default would
// quietly apply a retention or size policy the operator did not choose.
function readVar(raw: string | undefined, fallback: number, name: string): number {
	if (raw === undefined || raw === '') return fallback;
	const value = /^[0-9]{1,16}$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isSafeInteger(value)) throw new Error(`Store variable ${name} is not a whole number.`);
	return value;
}

export function readLimits(env: Env): Limits {
	const limits: Limits = {
		defaultTtlSeconds: readVar(env.DEFAULT_TTL_SECONDS, DEFAULTS.defaultTtlSeconds, 'DEFAULT_TTL_SECONDS'),
		maxTtlSeconds: readVar(env.MAX_TTL_SECONDS, DEFAULTS.maxTtlSeconds, 'MAX_TTL_SECONDS'),
		minTtlSeconds: readVar(env.MIN_TTL_SECONDS, DEFAULTS.minTtlSeconds, 'MIN_TTL_SECONDS'),
		maxObjectBytes: readVar(env.MAX_OBJECT_BYTES, DEFAULTS.maxObjectBytes, 'MAX_OBJECT_BYTES'),
		maxManifestBytes: readVar(env.MAX_MANIFEST_BYTES, DEFAULTS.maxManifestBytes, 'MAX_MANIFEST_BYTES'),
		maxObjectsPerShare: readVar(env.MAX_OBJECTS_PER_SHARE, DEFAULTS.maxObjectsPerShare, 'MAX_OBJECTS_PER_SHARE'),
		maxShareBytes: readVar(env.MAX_SHARE_BYTES, DEFAULTS.maxShareBytes, 'MAX_SHARE_BYTES')
	};
	const { minTtlSeconds: min, defaultTtlSeconds: def, maxTtlSeconds: max } = limits;
	if (!(min <= def && def <= max)) throw new Error('Store TTL variables must satisfy MIN <= DEFAULT <= MAX.');
	// Object numbers are at most four decimal digits in the URL grammar.
	if (limits.maxObjectsPerShare > 10_000) throw new Error('MAX_OBJECTS_PER_SHARE must be at most 10000.');
	return limits;
}
