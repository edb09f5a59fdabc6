import dicomParser, { type DataSet, type Element, type Fragment } from 'dicom-parser';
import { DicomError } from '../dicom/errors';

// The package's own declarations describe these; the project's narrow dicom-parser.d.ts does not.
const parser = dicomParser as unknown as {
  readEncapsulatedImageFrame(dataSet: DataSet, element: Element, frame: number, offsets?: number[]): Uint8Array;
  readEncapsulatedPixelDataFromFragments(dataSet: DataSet, element: Element, first: number, count: number): Uint8Array;
};

/**
 * The compressed bytes of one frame of encapsulated Pixel Data (PS3.5 A.4). With a Basic Offset
 * Table the table says where each frame starts; without one (allowed, and common) a frame is either
 * all the fragments (one frame), one fragment each (as many fragments as frames), or a run of
 * fragments of which only the first begins with a codestream marker.
 */
export function encapsulatedFrame(dataSet: DataSet, element: Element, frame: number, frames: number): Uint8Array {
  const fragments = element.fragments;
  if (!element.encapsulatedPixelData || !fragments?.length) {
    throw new DicomError('malformed', 'The compressed image data in this file is missing.');
  }
  try {
    if (element.basicOffsetTable?.length) {
      if (element.basicOffsetTable.length !== frames) throw new Error('offset table and frame count differ');
      return parser.readEncapsulatedImageFrame(dataSet, element, frame);
    }
    if (frames === 1) return parser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragments.length);
    if (fragments.length === frames) return parser.readEncapsulatedPixelDataFromFragments(dataSet, element, frame, 1);
    const starts = fragments.flatMap((fragment, i) => (startsCodestream(dataSet.byteArray, fragment) ? [i] : []));
    if (starts.length !== frames || starts[0] !== 0) throw new Error('frames cannot be told apart');
    const end = frame + 1 < frames ? starts[frame + 1] : fragments.length;
    return parser.readEncapsulatedPixelDataFromFragments(dataSet, element, starts[frame], end - starts[frame]);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError('malformed', 'The compressed image data in this file is damaged: its frames cannot be found.');
  }
}

/** JPEG, JPEG-LS and lossless JPEG start with SOI (FFD8); a JPEG 2000 codestream with SOC (FF4F). */
function startsCodestream(bytes: Uint8Array, fragment: Fragment): boolean {
  const at = fragment.position;
  return fragment.length >= 2 && bytes[at] === 0xff && (bytes[at + 1] === 0xd8 || bytes[at + 1] === 0x4f);
}
