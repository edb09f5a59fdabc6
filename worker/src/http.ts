// Every error the API can answer, with its status and the sentence shown to people.
const ERRORS = {
	'bad-request': [400, 'The request is malformed.'],
	'bad-ttl': [400, 'The requested lifetime is outside the allowed range.'],
	'bad-id': [400, 'The share id or object number is not valid.'],
	'too-many-objects': [400, 'The share would have more objects than the store accepts.'],
	unauthorized: [401, 'The owner token is missing or wrong.'],
	'upload-key': [401, 'This store needs a valid upload key to create shares.'],
	'pin-required': [401, 'This share needs its PIN: unlock it first.'],
	'wrong-pin': [403, 'The PIN is wrong.'],
	'not-found': [404, 'There is no such share or object.'],
	'no-route': [404, 'There is no such API endpoint.'],
	'method-not-allowed': [405, 'This method is not allowed on this endpoint.'],
	exists: [409, 'A share with this id already exists.'],
	committed: [409, 'The share is committed and can no longer be changed.'],
	'not-ready': [409, 'The share has not been committed yet.'],
	'no-pin': [409, 'This share has no PIN.'],
	expired: [410, 'The share has expired and its data has been deleted.'],
	revoked: [410, 'The share was withdrawn by its owner and its data has been deleted.'],
	locked: [410, 'Too many wrong PINs: the share is locked for good and its data has been deleted.'],
	'limit-reached': [410, 'The share has been downloaded as many times as its owner allowed.'],
	'length-required': [411, 'The request needs a Content-Length header.'],
	'too-large': [413, 'The body is larger than the store accepts.'],
	'share-too-large': [413, 'The share would exceed its total size limit.'],
	'bad-range': [416, 'The requested byte range cannot be satisfied.'],
	internal: [500, 'The store could not complete the request.']
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;

/** Thrown by request helpers; the router turns it into the error response. */
export class ApiError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly extra: Record<string, string | number> = {},
		readonly headers: Record<string, string> = {}
	) {
		super(code);
	}
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', ...headers }
	});
}

export function errorResponse(error: ApiError): Response {
	const [status, message] = ERRORS[error.code];
	const headers = { ...error.headers };
	// RFC 9110 requires a challenge with every 401.
	if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
	return json(status, { code: error.code, message, ...error.extra }, headers);
}

export function contentLength(request: Request): number {
	const raw = request.headers.get('Content-Length');
	if (raw === null) throw new ApiError('length-required');
	if (!/^[0-9]{1,16}$/.test(raw)) throw new ApiError('bad-request');
	return Number(raw);
}

/** Reads a small body without trusting Content-Length, so a huge body cannot exhaust memory. */
export async function readSmallText(request: Request, limit: number): Promise<string> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > limit) {
			await reader.cancel();
			throw new ApiError('bad-request');
		}
		chunks.push(value);
	}
	const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
	const joined = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		joined.set(chunk, offset);
		offset += chunk.byteLength;
	}
	try {
		return decoder.decode(joined);
	} catch {
		throw new ApiError('bad-request');
	}
}
