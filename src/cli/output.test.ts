import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFree, safeRelativePath, uniqueNames, writeAtomically } from './output';

describe('output folder', () => {
  it('keeps a sender\'s paths inside the folder', () => {
    expect(safeRelativePath('CD/IMG/0001')).toBe('CD/IMG/0001');
    expect(safeRelativePath('/etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('../../x')).toBe('_/_/x');
    expect(safeRelativePath('a\\..\\b')).toBe('a/_/b');
    expect(safeRelativePath('./')).toBe('unnamed');
  });

  it('gives a repeated name a number, whatever its case', () => {
    expect(uniqueNames(['a/IM1.dcm', 'a/im1.dcm', 'a/IM1.dcm', 'b'])).toEqual(['a/IM1.dcm', 'a/im1~2.dcm', 'a/IM1~3.dcm', 'b']);
  });

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
