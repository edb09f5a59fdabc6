import { beforeAll, describe, expect, it } from 'vitest';
import { DicomError } from '$lib/core/dicom/errors';
import { presentError } from '$lib/errors/present';
import { language } from '$lib/i18n';
import { imageError } from './image-error';

beforeAll(() => language.use('en'));

describe('imageError', () => {
  it('reports damaged pixel data as damaged, naming the image', () => {
    const error = imageError(new DicomError('malformed', 'The RLE-compressed image data in this file is damaged.'), 'Image 5 of 20');
    expect(error).toMatchObject({ code: 'damaged', message: 'Image 5 of 20: The RLE-compressed image data in this file is damaged.' });
    expect(presentError(error).message).toContain('(Image 5 of 20: The RLE-compressed image data in this file is damaged.)');
    expect(imageError(new DicomError('truncated', 'x'), 'Image 1 of 1')).toMatchObject({ code: 'damaged' });
  });

  it('keeps an unsupported kind unsupported, and the patient sees which one', () => {
    const error = imageError(
      new DicomError('unsupported', 'Multi-component JPEG 2000 images (transfer syntax 1.2.840.10008.1.2.4.92) cannot be shown yet.'),
      'Image 1 of 1'
    );
    expect(error).toMatchObject({ code: 'unsupported' });
    expect(presentError(error)).toMatchObject({ code: 'unsupported', title: 'This image type cannot be shown yet' });
    expect(presentError(error).message).toContain('transfer syntax 1.2.840.10008.1.2.4.92');
  });

  it('passes other failures through', () => {
    const stopped = new Error('The image decoder stopped.');
    expect(imageError(stopped, 'Image 1 of 1')).toBe(stopped);
  });
});
