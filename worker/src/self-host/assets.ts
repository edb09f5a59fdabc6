// The built app (build/), served from a read-only disk directory (APP_DIR) the way Cloudflare's
// static assets serve it with worker/wrangler.jsonc's settings: `/v` is v.html and `/v.html`
// redirects to `/v` (html_handling "auto-trailing-slash"), unknown paths get 404.html with status
// 404 (not_found_handling "404-page"). workerd's disk service sends bytes only, so the content type
// comes from the extension here, and an ETag from size and modification time lets browsers
// revalidate (the Worker's appHeaders make every non-hashed file `no-cache`).

import { WorkerEntrypoint } from 'cloudflare:workers';

export interface AssetsEnv {
	APP_DIR: Fetcher;
}

const TYPES: Record<string, string> = {
	html: 'text/html; charset=utf-8',
	js: 'text/javascript; charset=utf-8',
	mjs: 'text/javascript; charset=utf-8',
	css: 'text/css; charset=utf-8',
	json: 'application/json',
	webmanifest: 'application/manifest+json',
	wasm: 'application/wasm',
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	ico: 'image/x-icon',
	txt: 'text/plain; charset=utf-8',
	xml: 'application/xml',
	map: 'application/json',
	woff2: 'font/woff2'
};

interface Found {
	response: Response;
	path: string;
}

/** A file (not a directory listing) at `path`, or null. */
async function file(dir: Fetcher, path: string, method: string): Promise<Found | null> {
	const response = await dir.fetch(`http://app${path}`, { method });
	if (response.status === 200 && response.headers.get('Content-Type') === 'application/octet-stream') return { response, path };
	await response.body?.cancel();
	return null;
}

const redirect = (location: string, search: string) => new Response(null, { status: 307, headers: { Location: location + search } });

/** Resolves a request path the way Cloudflare's asset server does with auto-trailing-slash. */
async function resolve(dir: Fetcher, path: string, method: string, search: string): Promise<Found | Response | null> {
	if (path.endsWith('/index.html')) return (await file(dir, path, 'HEAD')) ? redirect(path.slice(0, -'index.html'.length), search) : null;
	if (path.endsWith('.html')) return (await file(dir, path, 'HEAD')) ? redirect(path.slice(0, -'.html'.length), search) : null;
	if (path.endsWith('/')) {
		const index = await file(dir, `${path}index.html`, method);
		if (index || path === '/') return index;
		return (await file(dir, `${path.slice(0, -1)}.html`, 'HEAD')) ? redirect(path.slice(0, -1), search) : null;
	}
	const exact = await file(dir, path, method);
	if (exact) return exact;
	const html = await file(dir, `${path}.html`, method);
	if (html) return html;
	return (await file(dir, `${path}/index.html`, 'HEAD')) ? redirect(`${path}/`, search) : null;
}

function answer({ response, path }: Found, status: number, request: Request): Response {
	const extension = /\.([a-z0-9]+)$/.exec(path)?.[1] ?? '';
	const modified = response.headers.get('Last-Modified') ?? '';
	const etag = `"${response.headers.get('Content-Length')}-${Date.parse(modified) / 1000 || 0}"`;
	const headers = new Headers({ 'Content-Type': TYPES[extension] ?? 'application/octet-stream', ETag: etag });
	if (modified) headers.set('Last-Modified', modified);
	if (status === 200 && request.headers.get('If-None-Match') === etag) {
		response.body?.cancel();
		return new Response(null, { status: 304, headers });
	}
	headers.set('Content-Length', response.headers.get('Content-Length') ?? '0');
	return new Response(request.method === 'HEAD' ? null : response.body, { status, headers });
}

export async function serveAsset(request: Request, dir: Fetcher): Promise<Response> {
	if (request.method !== 'GET' && request.method !== 'HEAD') {
		return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
	}
	const url = new URL(request.url);
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		path = url.pathname;
	}
	const found = await resolve(dir, path, request.method, url.search);
	if (found instanceof Response) return found;
	if (found) return answer(found, 200, request);
	const notFound = await file(dir, '/404.html', request.method);
	return notFound ? answer(notFound, 404, request) : new Response('Not found', { status: 404 });
}

/** Bound as ASSETS in worker/workerd.capnp, where Cloudflare would bind its asset server. */
export class StaticAssets extends WorkerEntrypoint<AssetsEnv> {
	override fetch(request: Request): Promise<Response> {
		return serveAsset(request, this.env.APP_DIR);
	}
}
