import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DecodedFrame } from '$lib/core/pixels/types';
import { FakeWorker } from './testing/fake-worker';
import { createDisclessLoader, disclessImageId, parseDisclessImageId, toCornerstoneImage } from './loader';

const SAMPLES = new URL('../../../../shared/dicom-samples/', import.meta.url);
const source = vi.fn(async (fileKey: string) => {
  const bytes = readFileSync(new URL(fileKey, SAMPLES));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
});
const load = (imageId: string) => createDisclessLoader(source)(imageId).promise;

beforeAll(() => vi.stubGlobal('Worker', FakeWorker));
afterAll(() => vi.unstubAllGlobals());

describe('image ids', () => {
  it('round-trip any file key, even one holding # or :', () => {
    expect(disclessImageId('12', 3)).toBe('discless:12#3');
    expect(parseDisclessImageId(disclessImageId('a:b#c', 7))).toEqual({ fileKey: 'a:b#c', frame: 7 });
    expect(() => parseDisclessImageId('wadouri:x')).toThrow();
  });
});

describe('createDisclessLoader', () => {
  it('builds a cornerstone image from the file the source gives', async () => {
    const image = await load('discless:CTImage.dcm#0');
    expect(source).toHaveBeenLastCalledWith('CTImage.dcm');
    expect(image).toMatchObject({
      imageId: 'discless:CTImage.dcm#0',
      rows: 512,
      columns: 512,
      width: 512,
      height: 512,
      color: false,
      invert: false,
      minPixelValue: -2000,
      maxPixelValue: 2402,
      slope: 1,
      intercept: -1024,
      // The file's 40/400 (LINEAR) as cornerstone's exact linear window: c - 0.5, w - 1.
      windowCenter: 39.5,
      windowWidth: 399,
      rowPixelSpacing: 0.675781,
      columnPixelSpacing: 0.675781,
      sizeInBytes: 512 * 512 * 2
    });
    expect(image.getPixelData()).toBeInstanceOf(Int16Array);
  });

  it('loads the frame the id names', async () => {
    const last = await load('discless:emri_small.dcm#9');
    expect(last.maxPixelValue).toBe(374); // frame 9's maximum, from dcmtk (see decode-frame.test.ts)
  });

  it('rejects with the decoder error', async () => {
    await expect(load('discless:test-SR.dcm#0')).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('toCornerstoneImage', () => {
  const frame = (overrides: Partial<DecodedFrame>): DecodedFrame => ({
    rows: 2,
    columns: 2,
    frames: 1,
    photometric: 'MONOCHROME2',
    color: false,
    pixelData: new Uint16Array(4),
    minPixelValue: 100,
    maxPixelValue: 300,
    slope: 0.5,
    intercept: -10,
    windowCenter: null,
    windowWidth: null,
    voiLutFunction: 'LINEAR',
    invert: false,
    pixelSpacing: null,
    ...overrides
  });

  it('spans the modality range when the file has no window', () => {
    // 100..300 stored → 40..140 after slope 0.5 and intercept -10
    expect(toCornerstoneImage('x', frame({}))).toMatchObject({ windowCenter: 90, windowWidth: 100 });
    expect(toCornerstoneImage('x', frame({ minPixelValue: 5, maxPixelValue: 5 })).windowWidth).toBe(1);
  });

  it('passes LINEAR_EXACT windows as they are and turns SIGMOID into a table', () => {
    const exact = frame({ windowCenter: 100, windowWidth: 50, voiLutFunction: 'LINEAR_EXACT' });
    expect(toCornerstoneImage('x', exact)).toMatchObject({ windowCenter: 100, windowWidth: 50, voiLUT: undefined });
    // 100..300 stored → 40..140; centre 90 maps to half of 255
    const sigmoid = toCornerstoneImage('x', frame({ windowCenter: 90, windowWidth: 40, voiLutFunction: 'SIGMOID' }));
    expect(sigmoid.voiLUT).toMatchObject({ firstValueMapped: 40, numBitsPerEntry: 8 });
    expect(sigmoid.voiLUT!.lut).toHaveLength(101);
    expect(sigmoid.voiLUT!.lut[50]).toBe(128);
    expect(sigmoid.voiLUT!.lut[0]).toBeLessThan(sigmoid.voiLUT!.lut[100]);
  });

  it('draws colour untouched and leaves unknown spacing undefined', () => {
    const image = toCornerstoneImage('x', frame({ color: true, pixelData: new Uint8Array(16) }));
    expect(image).toMatchObject({ windowCenter: 128, windowWidth: 255, sizeInBytes: 16 });
    expect(image.rowPixelSpacing).toBeUndefined();
  });
});
