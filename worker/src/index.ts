import { readLimits, type Env } from './config';
import { createShare, getManifest, getObject, getShare, putObject, putManifest, SHARE_ID, type RequestContext } from './handlers';
import { ApiError, errorResponse, withApiHeaders } from './http';

export { Share } from './share';

type Handler = (ctx: RequestContext) => Promise<Response>;

interface Route {
	/** Literal segments, or ':id' / ':n' for parameters, after /api/v1/. */
	pattern: string[];
	handlers: Partial<Record<'GET' | 'PUT' | 'POST', Handler>>;
}

const ROUTES: Route[] = [
	{ pattern: ['shares'], handlers: { POST: createShare } },
	{ pattern: ['shares', ':id'], handlers: { GET: getShare } },
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
	// CORS seam: preflight handling will go here once the API is served cross-origin.
	if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { Allow: allowed(route) } });
	const method = request.method === 'HEAD' ? 'GET' : request.method;
	const handler = route.handlers[method as keyof Route['handlers']];
	if (!handler) throw new ApiError('method-not-allowed', {}, { Allow: allowed(route) });
	const limits = readLimits(env);
	const { ':id': id, ':n': n } = params;
	if (id !== undefined && !SHARE_ID.test(id)) throw new ApiError('bad-id');
	if (n !== undefined && (!OBJECT_NUMBER.test(n) || Number(n) >= limits.maxObjectsPerShare)) throw new ApiError('bad-id');
	return handler({ request, env, exec, limits, id: id ?? '', n: n === undefined ? -1 : Number(n) });
}

export default {
	async fetch(request, env, exec): Promise<Response> {
		// Only /api/* is routed here in production; anything else is the static app.
		if (!new URL(request.url).pathname.startsWith('/api/')) return env.ASSETS.fetch(request);
		let response: Response;
		try {
			response = await handleApi(request, env, exec);
		} catch (error) {
			// Status codes only: details could carry ids or sizes, and bodies and tokens never belong in logs.
			if (!(error instanceof ApiError)) console.error('store: 500');
			response = errorResponse(error instanceof ApiError ? error : new ApiError('internal'));
		}
		return withApiHeaders(response);
	}
} satisfies ExportedHandler<Env>;
