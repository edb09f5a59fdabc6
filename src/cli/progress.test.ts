import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, rateText } from './progress';

describe('progress', () => {
  it('writes plain lines, without a bar, where stderr is a log', () => {
    let written = '';
    const stream = new Writable({ write: (chunk, _e, done) => ((written += chunk), done()) }) as unknown as NodeJS.WriteStream;
    const progress = new Progress('Uploading', 'bytes', stream);
    progress.start(10 * 1024 * 1024);
    progress.update(10 * 1024 * 1024);
    progress.stop();
    const lines = written.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^Uploading 100% \| 10 MB of 10 MB \| .* \| done$/);
    expect(written).not.toMatch(/[\u2580-\u259f\r]/);
  });

  it('says rates in bytes or files per second', () => {
    expect(rateText(3.2 * 1024 * 1024, 'bytes')).toBe('3.2 MB/s');
    expect(rateText(240.4, 'files')).toBe('240 files/s');
    expect(rateText(null, 'bytes')).toBe('');
  });
});
