import { describe, expect, it } from 'vitest';
import { readLimits, type Env } from '../src/config';

const bindings = {} as Pick<Env, 'SHARES' | 'ASSETS'>;

describe('readLimits', () => {
	it('uses the documented defaults when no variable is set', () => {
		expect(readLimits({ ...bindings })).toEqual({
			defaultTtlSeconds: 2_592_000,
			maxTtlSeconds: 7_776_000,
			minTtlSeconds: 86_400,
			maxObjectBytes: 67_108_864,
			maxManifestBytes: 16_777_216,
			maxObjectsPerShare: 4096,
			maxShareBytes: 8_589_934_592,
			maxPinAttempts: 5,
			accessLogSize: 20,
			readTokenSeconds: 3600,
			downloadGraceSeconds: 3600,
			abandonSeconds: 86_400
		});
	});

	it('reads the string variables that wrangler.jsonc sets', () => {
		const limits = readLimits({ ...bindings, MIN_TTL_SECONDS: '3600', MAX_OBJECT_BYTES: '1048576' });
		expect(limits.minTtlSeconds).toBe(3600);
		expect(limits.maxObjectBytes).toBe(1_048_576);
	});

	it('fails loudly on a variable that is not a whole number', () => {
		for (const value of ['64MiB', '1.5', '-1', ' 60', '1e6']) {
			expect(() => readLimits({ ...bindings, MAX_OBJECT_BYTES: value })).toThrow(/MAX_OBJECT_BYTES/);
		}
	});

	it('fails loudly when the TTL bounds contradict each other', () => {
		expect(() => readLimits({ ...bindings, MIN_TTL_SECONDS: '3000000' })).toThrow(/MIN <= DEFAULT <= MAX/);
		expect(() => readLimits({ ...bindings, MAX_OBJECTS_PER_SHARE: '10001' })).toThrow(/at most 10000/);
		expect(() => readLimits({ ...bindings, MAX_PIN_ATTEMPTS: '0' })).toThrow(/MAX_PIN_ATTEMPTS/);
	});
});
