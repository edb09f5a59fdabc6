import { describe, expect, it } from 'vitest';
import { safeRelativePath, uniqueNames } from './safe-path';

describe('safeRelativePath', () => {
  it.each([
    ['CD/IMG/0001', 'CD/IMG/0001'],
    ['VIEWER/VIEWER.EXE', 'VIEWER/VIEWER.EXE'],
    ['../../etc/passwd', 'etc/passwd'],
    ['/abs/file', 'abs/file'],
    ['a\\..\\b', 'a/b'],
    ['C:\\Windows\\x.dll', 'C_/Windows/x.dll'],
    ['a/./b//c', 'a/b/c'],
    ['name?.txt', 'name_.txt'],
    ['trailing. ', 'trailing'],
    ['..', 'unnamed'],
    ['./', 'unnamed']
  ])('keeps %s inside the folder as %s', (input, output) => {
    expect(safeRelativePath(input)).toBe(output);
  });
});

describe('uniqueNames', () => {
  it('gives a repeated name a number, whatever its case', () => {
    expect(uniqueNames(['a/IM1.dcm', 'a/im1.dcm', 'a/IM1.dcm', 'b'])).toEqual(['a/IM1.dcm', 'a/im1~2.dcm', 'a/IM1~3.dcm', 'b']);
  });
});
