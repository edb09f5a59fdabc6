import { env, exports } from 'cloudflare:workers';
import { expect, vi } from 'vitest';
import { blobStore } from '../src/blob-store';

export const ORIGIN = 'http://store.test';

export function api(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

export const newId = (): string => hex(crypto.getRandomValues(new Uint8Array(16)));

/** 32 random bytes as 43 base64url characters, the way the client makes owner tokens. */
export function newToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function hashToken(token: string): Promise<string> {
	return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))));
}

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export function bytes(length: number, seed = 1): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
	return out;
}

export interface TestShare {
	id: string;
	token: string;
}

export async function createShare(ttlSeconds?: number, extra: Record<string, unknown> = {}): Promise<TestShare> {
	const id = newId();
	const token = newToken();
	const body = { id, ownerTokenHash: await hashToken(token), ...(ttlSeconds === undefined ? {} : { ttlSeconds }), ...extra };
	const response = await api('/api/v1/shares', { method: 'POST', body: JSON.stringify(body) });
	expect(response.status).toBe(201);
	await response.body?.cancel();
	return { id, token };
}

export function putObject(share: TestShare, n: number, body: Uint8Array, token = share.token): Promise<Response> {
	return api(`/api/v1/shares/${share.id}/objects/${n}`, { method: 'PUT', headers: bearer(token), body });
}

export function putManifest(share: TestShare, body: Uint8Array, token = share.token): Promise<Response> {
	return api(`/api/v1/shares/${share.id}/manifest`, { method: 'PUT', headers: bearer(token), body });
}

/** A share with the given objects uploaded and a manifest committed. */
export async function readyShare(...objects: Uint8Array[]): Promise<TestShare> {
	return readyShareWith({}, ...objects);
}

/** readyShare with extra create fields (pinVerifier, downloadLimit). */
export async function readyShareWith(extra: Record<string, unknown>, ...objects: Uint8Array[]): Promise<TestShare> {
	const share = await createShare(undefined, extra);
	for (const [n, body] of objects.entries()) expect((await putObject(share, n, body)).status).toBe(201);
	expect((await putManifest(share, bytes(100, 7))).status).toBe(201);
	return share;
}

export async function expectError(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
	expect(response.status).toBe(status);
	expect(response.headers.get('Content-Type')).toBe('application/json');
	const body = (await response.json()) as Record<string, unknown>;
	expect(body.code).toBe(code);
	expect(typeof body.message).toBe('string');
	return body;
}

export const shareStub = (id: string) => env.SHARES.get(env.SHARES.idFromName(id));

/**
 * Moves the clock past the longest allowed lifetime, so every share made so far has expired.
 * The Worker and its Durable Objects run in the test isolate, so they see the same clock.
 */
export function travelPastExpiry(): void {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(Date.now() + 91 * 86_400_000);
}

/** The blob storage this project runs on: R2, or the self-hosted store's disk directory. */
export const blobs = () => blobStore(env);

/** Keys stored under a prefix (which ends with '/'), or the one key given. */
export async function keysUnder(prefix: string): Promise<string[]> {
	const parent = prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
	const listed = await blobs().list(parent, { limit: 1000 });
	return listed.blobs.map((blob) => blob.key).filter((key) => key.startsWith(prefix));
}

/** Writes a blob directly, as a crashed PUT or an old bug would have left it. */
export function putBlob(key: string, text: string): Promise<void> {
	const body = new TextEncoder().encode(text);
	return blobs().put(key, new Blob([body]).stream(), body.length);
}
