// Security headers for every answer, app and API, and CORS for the API. The app's own CSP (script
// hashes, connect-src) is a <meta> that SvelteKit writes at build time (svelte.config.js); what a
// meta tag cannot carry, frame-ancestors above all, is sent here as a header. Both are enforced.

import { allowedOrigins, type Env } from './config';

const COMMON: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-site'
};

// The API serves only JSON and ciphertext: nothing in it may run, load or be framed.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// Compatible with the meta policy: only directives a meta tag cannot set, plus ones it repeats.
const APP_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

/** Pages that read a QR code with the camera; everywhere else the camera is off. */
export const CAMERA_PATHS = ['/scan'];
const HSTS = 'max-age=31536000; includeSubDomains';

function permissions(pathname: string): string {
	const camera = CAMERA_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`) || pathname === `${path}.html`);
	return `camera=${camera ? '(self)' : '()'}, microphone=(), geolocation=(), payment=(), usb=()`;
}

function setAll(headers: Headers, values: Record<string, string>): void {
	for (const [name, value] of Object.entries(values)) headers.set(name, value);
}

/** A copy whose headers can be changed: asset and R2 responses may be immutable. */
function mutable(response: Response): Response {
	return new Response(response.body, response);
}

export function apiHeaders(response: Response, request: Request): Response {
	const out = mutable(response);
	setAll(out.headers, { ...COMMON, 'Content-Security-Policy': API_CSP, 'Cache-Control': 'no-store' });
	// Only over HTTPS: a browser ignores HSTS on plain http, and local runs are plain http.
	if (new URL(request.url).protocol === 'https:') out.headers.set('Strict-Transport-Security', HSTS);
	return out;
}

export function appHeaders(response: Response, request: Request): Response {
	const out = mutable(response);
	const { pathname, protocol } = new URL(request.url);
	setAll(out.headers, { ...COMMON, 'Content-Security-Policy': APP_CSP, 'Permissions-Policy': permissions(pathname), 'X-Frame-Options': 'DENY' });
	// Hashed file names change with their content, so those files never need revalidating.
	out.headers.set('Cache-Control', pathname.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache');
	if (protocol === 'https:') out.headers.set('Strict-Transport-Security', HSTS);
	return out;
}

const CORS_HEADERS = 'Authorization, Content-Type, Range';
const CORS_EXPOSED = 'Content-Length, Content-Range, Accept-Ranges, WWW-Authenticate';

/** The request's Origin when the operator allowed it, else null (then no CORS header is sent). */
export function corsOrigin(request: Request, env: Env): string | null {
	const origin = request.headers.get('Origin');
	return origin !== null && allowedOrigins(env).has(origin) ? origin : null;
}

/** CORS headers for an actual request from an allowed origin; Vary either way, for caches. */
export function withCors(response: Response, origin: string | null): Response {
	response.headers.append('Vary', 'Origin');
	if (origin === null) return response;
	response.headers.set('Access-Control-Allow-Origin', origin);
	response.headers.set('Access-Control-Expose-Headers', CORS_EXPOSED);
	return response;
}

/** The answer to a preflight: 204 with Allow, and the CORS grant only for an allowed origin. */
export function preflight(origin: string | null, allow: string): Response {
	const response = new Response(null, { status: 204, headers: { Allow: allow } });
	if (origin !== null) {
		setAll(response.headers, {
			'Access-Control-Allow-Methods': allow,
			'Access-Control-Allow-Headers': CORS_HEADERS,
			'Access-Control-Max-Age': '600'
		});
	}
	return response;
}
