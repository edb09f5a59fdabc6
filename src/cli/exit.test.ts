import { describe, expect, it } from 'vitest';
import { DisclessError, EnvelopeError } from '../lib/core/errors';
import { StoreError } from '../lib/store/client';
import { describeError, EXIT, exitCodeOf, UsageError } from './exit';

describe('exit codes', () => {
  it.each([
    [new UsageError('x'), 2],
    [new DisclessError('bad-link', 'x'), 2],
    [new StoreError('not-found', 'x', 404), 3],
    [new StoreError('expired', 'x', 410), 3],
    [new StoreError('revoked', 'x', 410), 3],
    [new DisclessError('pin-required', 'x'), 4],
    [new StoreError('wrong-pin', 'x', 403, 2), 4],
    [new StoreError('locked', 'x', 410), 4],
    [new DisclessError('damaged', 'x'), 5],
    [new EnvelopeError('tampered', 'x'), 5],
    [new StoreError('offline', 'x', 0), 6],
    [new StoreError('store-down', 'x', 503), 6],
    [new DisclessError('resume-mismatch', 'x'), 1],
    [new Error('boom'), 1]
  ])('%s exits %i', (error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  it('says how many PIN tries are left, and the code for support', () => {
    const line = describeError(new StoreError('wrong-pin', 'The PIN is wrong.', 403, 1), 'get');
    expect(line).toBe('discless get: The PIN is wrong. One try left: after one more wrong PIN the share locks for good. [wrong-pin]');
  });

  it('points a usage mistake at the command help', () => {
    expect(describeError(new UsageError('Give --out.'), 'get')).toBe('discless get: Give --out.\nSee: discless get --help');
    expect(EXIT.usage).toBe(2);
  });
});
