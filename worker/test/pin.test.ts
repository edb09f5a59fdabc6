import { describe, expect, it } from 'vitest';
import { api, bearer, bytes, createShare, expectError, hashToken, keysUnder, newToken, readyShareWith, type TestShare } from './helpers';

const unlock = (id: string, proof: string) => api(`/api/v1/shares/${id}/unlock`, { method: 'POST', body: JSON.stringify({ proof }) });

/** A ready share whose PIN proof is `proof` (SPEC §3.2; any 43-character token here). */
async function pinShare(): Promise<TestShare & { proof: string }> {
	const proof = newToken();
	const share = await readyShareWith({ pinVerifier: await hashToken(proof) }, bytes(100, 3));
	return { ...share, proof };
}

describe('PIN: POST /api/v1/shares/:id/unlock', () => {
	it('says in the public status that a PIN is needed, and serves no bytes without a read token', async () => {
		const share = await pinShare();
		const status = (await (await api(`/api/v1/shares/${share.id}`)).json()) as { pin: boolean };
		expect(status.pin).toBe(true);
		await expectError(await api(`/api/v1/shares/${share.id}/manifest`), 401, 'pin-required');
		await expectError(await api(`/api/v1/shares/${share.id}/objects/0`), 401, 'pin-required');
		await expectError(await api(`/api/v1/shares/${share.id}/objects/0`, { headers: bearer(newToken()) }), 401, 'pin-required');
	});

	it('trades the right proof for a read token that opens manifest and objects', async () => {
		const share = await pinShare();
		const response = await unlock(share.id, share.proof);
		expect(response.status).toBe(200);
		const { readToken, expiresAt } = (await response.json()) as { readToken: string; expiresAt: string };
		expect(readToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
		expect((await api(`/api/v1/shares/${share.id}/manifest`, { headers: bearer(readToken) })).status).toBe(200);
		const object = await api(`/api/v1/shares/${share.id}/objects/0`, { headers: bearer(readToken) });
		expect(new Uint8Array(await object.arrayBuffer())).toEqual(bytes(100, 3));
	});

	it('counts wrong proofs with the attempts left, and locks for good after the fifth, deleting the data', async () => {
		const share = await pinShare();
		for (const left of [4, 3, 2, 1]) {
			const error = await expectError(await unlock(share.id, newToken()), 403, 'wrong-pin');
			expect(error.attemptsLeft).toBe(left);
		}
		await expectError(await unlock(share.id, newToken()), 410, 'locked');
		expect(await keysUnder(`shares/${share.id}/`)).toEqual([]);
		// The right PIN no longer helps, and every route says why.
		await expectError(await unlock(share.id, share.proof), 410, 'locked');
		await expectError(await api(`/api/v1/shares/${share.id}`), 410, 'locked');
		await expectError(await api(`/api/v1/shares/${share.id}/objects/0`), 410, 'locked');
	});

	it('counts 50 parallel wrong guesses as exactly 5: four wrong-pin answers with distinct attempts left, then locked', async () => {
		const share = await pinShare();
		const responses = await Promise.all(Array.from({ length: 50 }, () => unlock(share.id, newToken())));
		const bodies = (await Promise.all(responses.map((r) => r.json()))) as { code: string; attemptsLeft?: number }[];
		const wrong = bodies.filter((b) => b.code === 'wrong-pin');
		expect(wrong.map((b) => b.attemptsLeft).sort()).toEqual([1, 2, 3, 4]);
		expect(bodies.filter((b) => b.code === 'locked')).toHaveLength(46);
	});

	it('does not reset the count after a right PIN', async () => {
		const share = await pinShare();
		await unlock(share.id, newToken());
		expect((await unlock(share.id, share.proof)).status).toBe(200);
		const error = await expectError(await unlock(share.id, newToken()), 403, 'wrong-pin');
		expect(error.attemptsLeft).toBe(3);
	});

	it('answers no-pin for a share without PIN, not-ready before the commit, bad-request for a malformed proof', async () => {
		const plain = await readyShareWith({}, bytes(10));
		await expectError(await unlock(plain.id, newToken()), 409, 'no-pin');
		const uploading = await createShare(undefined, { pinVerifier: await hashToken(newToken()) });
		await expectError(await unlock(uploading.id, newToken()), 409, 'not-ready');
		const share = await pinShare();
		for (const body of ['{}', '{"proof": 1}', '{"proof": "short"}', `{"proof": "${share.proof}", "x": 1}`, 'nope']) {
			await expectError(await api(`/api/v1/shares/${share.id}/unlock`, { method: 'POST', body }), 400, 'bad-request');
		}
		const status = (await (await api(`/api/v1/shares/${share.id}/owner`, { headers: bearer(share.token) })).json()) as { pinFailures: number };
		expect(status.pinFailures).toBe(0);
	});

	it('refuses a malformed pinVerifier at creation', async () => {
		for (const pinVerifier of ['A'.repeat(64), 'a'.repeat(63), 5]) {
			const body = JSON.stringify({ id: 'b'.repeat(32), ownerTokenHash: 'a'.repeat(64), pinVerifier });
			await expectError(await api('/api/v1/shares', { method: 'POST', body }), 400, 'bad-request');
		}
	});
});
