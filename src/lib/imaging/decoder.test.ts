import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DisclessError } from '$lib/core/errors';
import { decodeFrame } from '$lib/core/pixels/decode-frame';
import { part10 } from '$lib/core/pixels/testing/part10';
import { decode } from './decoder';
import { FakeWorker } from './testing/fake-worker';

const SAMPLES = new URL('../../../../shared/dicom-samples/', import.meta.url);
const file = (name: string) => {
  const bytes = readFileSync(new URL(name, SAMPLES));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

beforeAll(() => vi.stubGlobal('Worker', FakeWorker));
afterAll(() => vi.unstubAllGlobals());

describe('decode', () => {
  it('decodes in a module worker and takes the buffer', async () => {
    const bytes = file('CTImage.dcm');
    const expected = await decodeFrame(new Uint8Array(bytes.slice(0)), 0);
    const decoded = decode(bytes, 0);
    expect(bytes.byteLength).toBe(0);
    expect(await decoded).toEqual(expected);
    const [worker] = FakeWorker.started;
    expect(worker.url.pathname).toMatch(/decode\.worker\.ts$/);
    expect(worker.options).toEqual({ type: 'module' });
  });

  it('reuses one worker and matches replies to requests by id', async () => {
    const worker = FakeWorker.started[0];
    worker.holdReplies = true;
    const first = decode(file('emri_small.dcm'), 0);
    const last = decode(file('emri_small.dcm'), 9);
    await worker.flush();
    worker.holdReplies = false;
    const bytes = new Uint8Array(file('emri_small.dcm'));
    expect((await first).pixelData).toEqual((await decodeFrame(bytes, 0)).pixelData);
    expect((await last).pixelData).toEqual((await decodeFrame(bytes, 9)).pixelData);
    expect(FakeWorker.started).toHaveLength(1);
  });

  it('rethrows worker failures with the same code and message', async () => {
    const mpeg = part10([['7fe00010', 'OB', new Uint8Array(8)]], '1.2.840.10008.1.2.4.100');
    const unsupported = await decode(mpeg.buffer as ArrayBuffer, 0).catch((error) => error);
    expect(unsupported).toBeInstanceOf(DisclessError);
    expect(unsupported).toMatchObject({
      code: 'unsupported',
      message: 'MPEG-2 videos (transfer syntax 1.2.840.10008.1.2.4.100) cannot be shown yet.'
    });
    await expect(decode(file('MR_truncated.dcm'), 0)).rejects.toMatchObject({ code: 'truncated' });
  });

  it('rejects a buffer that was already handed over', async () => {
    const bytes = file('CT_small.dcm');
    await decode(bytes, 0);
    await expect(decode(bytes, 0)).rejects.toThrow();
  });

  it('fails waiting requests when the worker dies, then starts a new one', async () => {
    const dying = FakeWorker.started[0];
    dying.holdReplies = true;
    const lost = decode(file('CT_small.dcm'), 0);
    dying.crash('out of memory');
    await expect(lost).rejects.toThrow('The image decoder stopped: out of memory.');
    expect(dying.terminated).toBe(true);
    await expect(decode(file('CT_small.dcm'), 0)).resolves.toMatchObject({ rows: 128, columns: 128 });
    expect(FakeWorker.started).toHaveLength(2);
  });
});
