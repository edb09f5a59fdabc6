import { describe, expect, it } from 'vitest';
import { indexFile } from '../core/dicom/index-file';
import { readSample } from '../core/dicom/test-helpers';
import { decodeFrame } from '../core/pixels/decode-frame';
import { StudyIndexBuilder } from '../core/dicom/study-index';
import { middleImage } from '../sender/thumbnails';
import { thumbnailPixels } from './thumbnail';

describe('series thumbnails', () => {
  it('scales a 512×512 CT down to 96×96, windowed to visible greys', async () => {
    const { width, height, rgba } = thumbnailPixels(await decodeFrame(readSample('CTImage.dcm'), 0));
    expect([width, height]).toEqual([96, 96]);
    const greys = new Set<number>();
    for (let i = 0; i < rgba.length; i += 4) {
      expect(rgba[i + 3]).toBe(255);
      greys.add(rgba[i]);
    }
    expect(greys.size).toBeGreaterThan(30);
  });

  it('keeps the aspect ratio and never scales a small image up', async () => {
    const frame = await decodeFrame(readSample('CT_small.dcm'), 0);
    expect(thumbnailPixels(frame, 96)).toMatchObject({ width: 96, height: 96 });
    expect(thumbnailPixels(frame, 1000)).toMatchObject({ width: frame.columns, height: frame.rows });
  });

  it('draws MONOCHROME1 inverted, so a chest X-ray looks as radiographers expect', async () => {
    const frame = await decodeFrame(readSample('dicomdir-pcir/77654033/CR1/6154'), 0);
    expect(frame.invert).toBe(true);
    const plain = thumbnailPixels({ ...frame, invert: false });
    const shown = thumbnailPixels(frame);
    expect(shown.rgba[0]).toBe(255 - plain.rgba[0]);
  });

  it('picks the middle image of a series, or the middle frame of a lone multi-frame image', () => {
    const cd = new StudyIndexBuilder();
    for (const p of ['98892001/CT5N/2062', '98892001/CT5N/2392', '98892001/CT5N/2693', '98892001/CT5N/3023', '98892001/CT5N/3353']) {
      cd.add(indexFile(p, readSample(`dicomdir-pcir/${p}`)));
    }
    const series = cd.build().patients[0].studies[0].series[0];
    expect(middleImage(series)).toEqual({ path: series.files[2].path, frame: 0 });
    const enhanced = new StudyIndexBuilder();
    enhanced.add(indexFile('emri', readSample('emri_small.dcm')));
    expect(middleImage(enhanced.build().patients[0].studies[0].series[0])).toEqual({ path: 'emri', frame: 4 });
  });
});
