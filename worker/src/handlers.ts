import { manifestKey, newUploadId, objectKey, serveBody, storeBody } from './blobs';
import type { Env, Limits } from './config';
import { ApiError, bearerHash, contentLength, json, readSmallText } from './http';
import type { Failure } from './share';

export interface RequestContext {
	request: Request;
	env: Env;
	exec: ExecutionContext;
	limits: Limits;
	/** Validated share id; empty only for the collection route. */
	id: string;
	/** Validated object number; -1 on routes without one. */
	n: number;
}

// A create body is three short fields; anything longer is not a create request.
const CREATE_BODY_LIMIT = 1024;
const CREATE_FIELDS = new Set(['id', 'ownerTokenHash', 'ttlSeconds']);
export const SHARE_ID = /^[0-9a-f]{32}$/;
const TOKEN_HASH = /^[0-9a-f]{64}$/;

function share(ctx: RequestContext) {
	return ctx.env.SHARES.get(ctx.env.SHARES.idFromName(ctx.id));
}

function refuse(failure: Failure): never {
	throw new ApiError(failure.code, failure.expiresAt ? { expiresAt: failure.expiresAt } : {});
}

export async function createShare(ctx: RequestContext): Promise<Response> {
	let body: unknown;
	try {
		body = JSON.parse(await readSmallText(ctx.request, CREATE_BODY_LIMIT));
	} catch (error) {
		if (error instanceof ApiError) throw error;
		throw new ApiError('bad-request');
	}
	// Unknown fields are refused so that a misspelt ttlSeconds cannot silently keep data for the default.
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('bad-request');
	const fields = body as Record<string, unknown>;
	if (Object.keys(fields).some((key) => !CREATE_FIELDS.has(key))) throw new ApiError('bad-request');
	const { id, ownerTokenHash, ttlSeconds } = fields;
	if (typeof id !== 'string' || !SHARE_ID.test(id)) throw new ApiError('bad-request');
	if (typeof ownerTokenHash !== 'string' || !TOKEN_HASH.test(ownerTokenHash)) throw new ApiError('bad-request');
	const { minTtlSeconds, maxTtlSeconds, defaultTtlSeconds } = ctx.limits;
	if (ttlSeconds !== undefined && (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds))) {
		throw new ApiError('bad-request');
	}
	const ttl = ttlSeconds ?? defaultTtlSeconds;
	if (ttl < minTtlSeconds || ttl > maxTtlSeconds) throw new ApiError('bad-ttl');
	const result = await share({ ...ctx, id }).create(id, ownerTokenHash, ttl);
	return result.ok ? json(201, result.view) : refuse(result);
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
	await storeBody(ctx.env.BLOBS, key, ctx.request, length);
	const result = await settle(ctx, async () => {
		const linked = await stub.finishPut(ctx.n, upload, length);
		// Whichever body is not linked is unreachable: delete it so no stray ciphertext stays behind.
		if (!linked.ok) await ctx.env.BLOBS.delete(key);
		else if (linked.superseded) await ctx.env.BLOBS.delete(objectKey(ctx.id, ctx.n, linked.superseded));
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
	await storeBody(ctx.env.BLOBS, key, ctx.request, length);
	const result = await settle(ctx, async () => {
		const committed = await stub.finishCommit(upload, length);
		if (!committed.ok) await ctx.env.BLOBS.delete(key);
		return committed;
	});
	return result.ok ? json(201, { state: 'ready' }) : refuse(result);
}

export async function getManifest(ctx: RequestContext): Promise<Response> {
	const found = await share(ctx).manifest();
	if (!found.ok) refuse(found);
	return serveBody(ctx.env.BLOBS, manifestKey(ctx.id, found.upload), found.size, ctx.request);
}

export async function getObject(ctx: RequestContext): Promise<Response> {
	const found = await share(ctx).object(ctx.n);
	if (!found.ok) refuse(found);
	return serveBody(ctx.env.BLOBS, objectKey(ctx.id, ctx.n, found.upload), found.size, ctx.request);
}

/**
 * Runs the link-or-delete step to the end even if the client hangs up once its body is stored,
 * so a dropped connection cannot leave an unlinked body in R2.
 */
function settle<T>(ctx: RequestContext, step: () => Promise<T>): Promise<T> {
	const done = step();
	ctx.exec.waitUntil(done.catch(() => undefined));
	return done;
}
