import { blobStore } from './blob-store';
import { readLimits, type Env } from './config';
import {
	createShare,
	getManifest,
	getObject,
	getShare,
	ownerStatus,
	putManifest,
	putObject,
	revokeShare,
	SHARE_ID,
	storeInfo,
	unlockShare,
	type RequestContext
} from './handlers';
import { apiHeaders, appHeaders, corsOrigin, preflight, withCors } from './headers';
import { ApiError, errorResponse } from './http';
import { sweep } from './sweep';

export { Share } from './share';

type Handler = (ctx: RequestContext) => Promise<Response>;

interface Route {
	/** Literal segments, or ':id' / ':n' for parameters, after /api/v1/. */
	pattern: string[];
	handlers: Partial<Record<'GET' | 'PUT' | 'POST' | 'DELETE', Handler>>;
}

const ROUTES: Route[] = [
	{ pattern: ['info'], handlers: { GET: storeInfo } },
	{ pattern: ['shares'], handlers: { POST: createShare } },
	{ pattern: ['shares', ':id'], handlers: { GET: getShare, DELETE: revokeShare } },
	{ pattern: ['shares', ':id', 'owner'], handlers: { GET: ownerStatus } },
	{ pattern: ['shares', ':id', 'unlock'], handlers: { POST: unlockShare } },
	{ pattern: ['shares', ':id', 'manifest'], handlers: { GET: getManifest, PUT: putManifest } },
	{ pattern: ['shares', ':id', 'objects', ':n'], handlers: { GET: getObject, PUT: putObject } }
];

const API_PREFIX = '/api/v1/';
// Decimal without leading zeros, at most four digits; the numeric limit is checked separately.
const OBJECT_NUMBER = /^(0|[1-9][0-9]{0,3})$/;

function match(segments: string[]): { route: Route; params: Record<string, string> } | null {
	for (const route of ROUTES) {
		if (route.pattern.length !== segments.length) continue;
		const params: Record<string, string> = {};
		const fits = route.pattern.every((part, i) => {
			if (!part.startsWith(':')) return part === segments[i];
			params[part] = segments[i];
			return segments[i] !== '';
		});
		if (fits) return { route, params };
	}
	return null;
}

function allowed(route: Route): string {
	const methods = Object.keys(route.handlers);
	if (route.handlers.GET) methods.push('HEAD');
	return [...methods, 'OPTIONS'].join(', ');
}

async function handleApi(request: Request, env: Env, exec: ExecutionContext): Promise<Response> {
	// The pathname stays percent-encoded, so %2F can never act as a separator.
	const { pathname } = new URL(request.url);
	const found = pathname.startsWith(API_PREFIX) ? match(pathname.slice(API_PREFIX.length).split('/')) : null;
	if (!found) throw new ApiError('no-route');
	const { route, params } = found;
	if (request.method === 'OPTIONS') return preflight(corsOrigin(request, env), allowed(route));
	const method = request.method === 'HEAD' ? 'GET' : request.method;
	const handler = route.handlers[method as keyof Route['handlers']];
	if (!handler) throw new ApiError('method-not-allowed', {}, { Allow: allowed(route) });
	const limits = readLimits(env);
	const { ':id': id, ':n': n } = params;
	if (id !== undefined && !SHARE_ID.test(id)) throw new ApiError('bad-id');
	if (n !== undefined && !OBJECT_NUMBER.test(n)) throw new ApiError('bad-id');
	if (n !== undefined && Number(n) >= limits.maxObjectsPerShare) throw new ApiError('too-many-objects');
	return handler({ request, env, exec, limits, blobs: blobStore(env), id: id ?? '', n: n === undefined ? -1 : Number(n) });
}

export default {
	async fetch(request, env, exec): Promise<Response> {
		// Only /api/* is routed here in production; anything else is the static app.
		if (!new URL(request.url).pathname.startsWith('/api/')) return appHeaders(await env.ASSETS.fetch(request), request);
		let response: Response;
		try {
			response = await handleApi(request, env, exec);
		} catch (error) {
			// Status codes only: details could carry ids or sizes, and bodies and tokens never belong in logs.
			if (!(error instanceof ApiError)) console.error('store: 500');
			response = errorResponse(error instanceof ApiError ? error : new ApiError('internal'));
		}
		return withCors(apiHeaders(response, request), corsOrigin(request, env));
	},

	async scheduled(_controller, env, exec): Promise<void> {
		exec.waitUntil(sweep(env).then(() => undefined));
	}
} satisfies ExportedHandler<Env>;
