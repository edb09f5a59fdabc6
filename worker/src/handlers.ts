import type { BlobStore } from './blob-store';
import { manifestKey, newUploadId, objectKey, serveBody } from './blobs';
import { uploadKeys, type Env, type Limits } from './config';
import { ApiError, contentLength, json, readSmallText } from './http';
import type { Failure } from './share';
import { bearerHash, holdsUploadKey, sha256Hex, TOKEN } from './tokens';

export interface RequestContext {
	request: Request;
	env: Env;
	exec: ExecutionContext;
	limits: Limits;
	/** Where ciphertext is kept: R2, or a directory on the self-hosted store's disk. */
	blobs: BlobStore;
	/** Validated share id; empty only for the collection route. */
	id: string;
	/** Validated object number; -1 on routes without one. */
	n: number;
}

// A create body is a few short fields; anything longer is not a create request.
const SMALL_BODY_LIMIT = 1024;
const CREATE_FIELDS = new Set(['id', 'ownerTokenHash', 'ttlSeconds', 'pinVerifier', 'downloadLimit']);
const MAX_DOWNLOAD_LIMIT = 100;
export const SHARE_ID = /^[0-9a-f]{32}$/;
const TOKEN_HASH = /^[0-9a-f]{64}$/;

function share(ctx: RequestContext) {
	return ctx.env.SHARES.get(ctx.env.SHARES.idFromName(ctx.id));
}

function refuse(failure: Failure): never {
	const { ok: _ok, code, ...extra } = failure;
	throw new ApiError(code, extra);
}

/** A small JSON object body whose fields are all in `allowed`. */
async function readFields(ctx: RequestContext, allowed: Set<string>): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = JSON.parse(await readSmallText(ctx.request, SMALL_BODY_LIMIT));
	} catch (error) {
		if (error instanceof ApiError) throw error;
		throw new ApiError('bad-request');
	}
	// Unknown fields are refused so that a misspelt ttlSeconds cannot silently keep data for the default.
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('bad-request');
	const fields = body as Record<string, unknown>;
	if (Object.keys(fields).some((key) => !allowed.has(key))) throw new ApiError('bad-request');
	return fields;
}

/** The read token a PIN unlock gave, hashed; the store never keeps the token itself. */
const readHash = (ctx: RequestContext) => bearerHash(ctx.request);

export async function createShare(ctx: RequestContext): Promise<Response> {
	const keys = uploadKeys(ctx.env);
	if (keys.length > 0 && !(await holdsUploadKey(ctx.request, keys))) throw new ApiError('upload-key');
	const fields = await readFields(ctx, CREATE_FIELDS);
	const { id, ownerTokenHash, ttlSeconds, pinVerifier, downloadLimit } = fields;
	if (typeof id !== 'string' || !SHARE_ID.test(id)) throw new ApiError('bad-request');
	if (typeof ownerTokenHash !== 'string' || !TOKEN_HASH.test(ownerTokenHash)) throw new ApiError('bad-request');
	const { minTtlSeconds, maxTtlSeconds, defaultTtlSeconds } = ctx.limits;
	if (ttlSeconds !== undefined && (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds))) {
		throw new ApiError('bad-request');
	}
	if (pinVerifier !== undefined && (typeof pinVerifier !== 'string' || !TOKEN_HASH.test(pinVerifier))) {
		throw new ApiError('bad-request');
	}
	if (
		downloadLimit !== undefined &&
		(typeof downloadLimit !== 'number' || !Number.isInteger(downloadLimit) || downloadLimit < 1 || downloadLimit > MAX_DOWNLOAD_LIMIT)
	) {
		throw new ApiError('bad-request');
	}
	const ttl = ttlSeconds ?? defaultTtlSeconds;
	if (ttl < minTtlSeconds || ttl > maxTtlSeconds) throw new ApiError('bad-ttl');
	const result = await share({ ...ctx, id }).create(id, ownerTokenHash, {
		ttlSeconds: ttl,
		pinVerifier: (pinVerifier as string | undefined) ?? null,
		downloadLimit: (downloadLimit as number | undefined) ?? null
	});
	return result.ok ? json(201, result.view) : refuse(result);
}

export async function ownerStatus(ctx: RequestContext): Promise<Response> {
	const result = await share(ctx).ownerView(await bearerHash(ctx.request));
	return result.ok ? json(200, result.view) : refuse(result);
}

export async function revokeShare(ctx: RequestContext): Promise<Response> {
	const result = await share(ctx).revoke(await bearerHash(ctx.request));
	return result.ok ? json(200, { state: 'revoked' }) : refuse(result);
}

/** Trades a PIN proof (SPEC §3.2) for a short-lived read token; wrong proofs count towards the lock. */
export async function unlockShare(ctx: RequestContext): Promise<Response> {
	const { proof } = await readFields(ctx, new Set(['proof']));
	if (typeof proof !== 'string' || !TOKEN.test(proof)) throw new ApiError('bad-request');
	const result = await share(ctx).unlock(await sha256Hex(proof));
	return result.ok ? json(200, { readToken: result.readToken, expiresAt: result.expiresAt }) : refuse(result);
}

/** What a client needs to know before uploading; with a bearer, whether that upload key works. */
export async function storeInfo(ctx: RequestContext): Promise<Response> {
	const keys = uploadKeys(ctx.env);
	const presented = ctx.request.headers.has('Authorization');
	return json(200, {
		uploadKeyRequired: keys.length > 0,
		uploadKeyAccepted: presented ? keys.length === 0 || (await holdsUploadKey(ctx.request, keys)) : null,
		minTtlSeconds: ctx.limits.minTtlSeconds,
		maxTtlSeconds: ctx.limits.maxTtlSeconds,
		defaultTtlSeconds: ctx.limits.defaultTtlSeconds,
		maxPinAttempts: ctx.limits.maxPinAttempts,
		maxObjectBytes: ctx.limits.maxObjectBytes
	});
}

export async function getShare(ctx: RequestContext): Promise<Response> {
	const result = await share(ctx).view();
	return result.ok ? json(200, result.view) : refuse(result);
}

export async function putObject(ctx: RequestContext): Promise<Response> {
	const length = contentLength(ctx.request);
	if (length > ctx.limits.maxObjectBytes) throw new ApiError('too-large');
	const stub = share(ctx);
	const begun = await stub.beginPut(await bearerHash(ctx.request), ctx.n, length);
	if (!begun.ok) refuse(begun);
	const upload = newUploadId();
	const key = objectKey(ctx.id, ctx.n, upload);
	await ctx.blobs.put(key, ctx.request.body, length);
	const result = await settle(ctx, async () => {
		const linked = await stub.finishPut(ctx.n, upload, length);
		// Whichever body is not linked is unreachable: delete it so no stray ciphertext stays behind.
		if (!linked.ok) await ctx.blobs.delete([key]);
		else if (linked.superseded) await ctx.blobs.delete([objectKey(ctx.id, ctx.n, linked.superseded)]);
		return linked;
	});
	return result.ok ? json(201, { n: ctx.n, size: length }) : refuse(result);
}

export async function putManifest(ctx: RequestContext): Promise<Response> {
	const length = contentLength(ctx.request);
	if (length > ctx.limits.maxManifestBytes) throw new ApiError('too-large');
	const stub = share(ctx);
	const begun = await stub.beginCommit(await bearerHash(ctx.request));
	if (!begun.ok) refuse(begun);
	const upload = newUploadId();
	const key = manifestKey(ctx.id, upload);
	await ctx.blobs.put(key, ctx.request.body, length);
	const result = await settle(ctx, async () => {
		const committed = await stub.finishCommit(upload, length);
		if (!committed.ok) await ctx.blobs.delete([key]);
		return committed;
	});
	return result.ok ? json(201, { state: 'ready' }) : refuse(result);
}

export async function getManifest(ctx: RequestContext): Promise<Response> {
	// HEAD and ranges after the first byte are probes or resumptions, not another download.
	const counts = ctx.request.method === 'GET' && !/^\s*bytes\s*=\s*[1-9]/i.test(ctx.request.headers.get('Range') ?? '');
	const found = await share(ctx).manifest(await readHash(ctx), counts);
	if (!found.ok) refuse(found);
	return serveBody(ctx.blobs, manifestKey(ctx.id, found.upload), found.size, ctx.request);
}

export async function getObject(ctx: RequestContext): Promise<Response> {
	const found = await share(ctx).object(await readHash(ctx), ctx.n);
	if (!found.ok) refuse(found);
	return serveBody(ctx.blobs, objectKey(ctx.id, ctx.n, found.upload), found.size, ctx.request);
}

/**
 * Runs the link-or-delete step to the end even if the client hangs up once its body is stored,
 * so a dropped connection cannot leave an unlinked body in blob storage.
 */
function settle<T>(ctx: RequestContext, step: () => Promise<T>): Promise<T> {
	const done = step();
	ctx.exec.waitUntil(done.catch(() => undefined));
	return done;
}
