// Tokens and their hashes. The store keeps only SHA-256 hashes of what clients prove they hold
// (owner tokens, read tokens, PIN proofs, upload keys) and compares them in constant time.

export const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(text: string): Promise<string> {
	return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** 32 random bytes as 43 base64url characters: the shape of every token the API issues or takes. */
export function newToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Constant time for equal lengths; the length of a hex hash is not secret. */
export function sameHex(a: string, b: string): boolean {
	const encoder = new TextEncoder();
	const left = encoder.encode(a);
	const right = encoder.encode(b);
	return left.byteLength === right.byteLength && crypto.subtle.timingSafeEqual(left, right);
}

/** The bearer credential of a request, or null when there is none in the given shape. */
export function bearer(request: Request, shape: RegExp = TOKEN): string | null {
	const match = /^Bearer (\S+)$/.exec(request.headers.get('Authorization') ?? '');
	return match && shape.test(match[1]) ? match[1] : null;
}

/** Hex SHA-256 of the bearer token, or null when there is none in the expected shape. */
export async function bearerHash(request: Request): Promise<string | null> {
	const token = bearer(request);
	return token === null ? null : sha256Hex(token);
}

// Upload keys are chosen by operators; any long enough URL-safe string is accepted.
const UPLOAD_KEY = /^[A-Za-z0-9._~-]{16,256}$/;

/** Whether the request's bearer is one of the keys, comparing hashes in constant time. */
export async function holdsUploadKey(request: Request, keys: string[]): Promise<boolean> {
	const presented = bearer(request, UPLOAD_KEY);
	if (presented === null) return false;
	const hash = await sha256Hex(presented);
	let found = false;
	// Every key is compared, so timing does not tell which one matched.
	for (const key of keys) found = sameHex(hash, await sha256Hex(key)) || found;
	return found;
}
