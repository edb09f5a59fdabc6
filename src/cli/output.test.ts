import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFree, writeAtomically } from './output';

describe('output folder', () => {
  it('writes a file only once it is complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    await writeAtomically(join(dir, 'x', 'y.dcm'), [Uint8Array.of(1, 2), Uint8Array.of(3)]);
    expect([...readFileSync(join(dir, 'x', 'y.dcm'))]).toEqual([1, 2, 3]);
    expect(() => checkFree(dir, ['x/y.dcm'], false)).toThrow(/already holds x\/y.dcm/);
    expect(() => checkFree(dir, ['x/y.dcm'], true)).not.toThrow();
  });

  it('leaves neither the file nor a temporary one when the bytes stop half-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    async function* damaged() {
      yield Uint8Array.of(1, 2, 3);
      throw new Error('damaged');
    }
    await expect(writeAtomically(join(dir, 'z.dcm'), damaged())).rejects.toThrow('damaged');
    expect(existsSync(join(dir, 'z.dcm'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
