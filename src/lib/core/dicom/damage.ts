// What counts as damage in a DICOM file, and the words for it. dicom-parser throws strings, Errors,
// or `{ exception, dataSet }` objects, and silently accepts some damage (an implicit-VR element
// longer than the file, a sequence cut off by the end of the file), so every element's extent is
// checked here, and a file is called cut short only when it really ends inside an element.

import type { DpDataSet, DpElement, DpParseFailure } from 'dicom-parser';
import { DicomError } from './errors';
import { encodingOf, readElementHeader } from './sniff';

export const UNDEFINED_LENGTH = 0xffffffff;

export const MESSAGES = {
  truncatedPixels: 'This DICOM file is damaged: it ends before its pixel data does.',
  truncated: 'This DICOM file is damaged: it ends part-way through (it was probably not copied completely).',
  malformed: 'This DICOM file is damaged and cannot be read.'
};

export function failureText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export function isFailure(e: unknown): e is DpParseFailure {
  return typeof e === 'object' && e !== null && 'exception' in e;
}

/** Maps a dicom-parser exception to our error: running off the end of the buffer means truncation. */
export function classify(e: unknown, ts: string): DicomError {
  if (e instanceof DicomError) return e;
  const text = failureText(isFailure(e) ? e.exception : e);
  if (/past end|overread|overrun|eof|premature|cannot be greater than or equal/i.test(text)) {
    return new DicomError('truncated', MESSAGES.truncated);
  }
  if (ts && !ts.startsWith('1.2.840.10008.')) {
    return new DicomError(
      'unsupported',
      `This DICOM file uses a manufacturer-specific encoding (${ts}) that this app cannot read.`
    );
  }
  return new DicomError('malformed', MESSAGES.malformed);
}

export function fits(el: DpElement, size: number): boolean {
  return el.length !== UNDEFINED_LENGTH && el.dataOffset + el.length <= size;
}

/**
 * dicom-parser's warning that the file ended inside a sequence or item of undefined length. It also
 * warns when an implicit VR element ends the file and it cannot peek past it to guess whether it
 * is a sequence: that element is whole, so that warning says nothing about damage.
 */
export function isCutOffWarning(warning: string): boolean {
  return /eof encountered/i.test(warning) && !/peeking to determine VR/i.test(warning);
}

/**
 * Throws `truncated` if any element, at any nesting depth, claims bytes past the end of the data.
 * `pixelRoom`: for a data set read from a file's head up to its Pixel Data header, how many bytes
 * the whole file has from ds.byteArray[0]; Pixel Data's value is checked against that.
 */
export function checkExtents(ds: DpDataSet, pixelRoom?: number): void {
  const px = ds.elements.x7fe00010;
  if (pixelRoom !== undefined) {
    if (px && px.length !== UNDEFINED_LENGTH && px.dataOffset + px.length > pixelRoom) throw new DicomError('truncated', MESSAGES.truncatedPixels);
  } else if (px && !fits(px, ds.byteArray.length)) {
    throw new DicomError('truncated', MESSAGES.truncatedPixels);
  }
  if (ds.warnings?.some(isCutOffWarning)) throw new DicomError('truncated', MESSAGES.truncated);
  const stack: DpDataSet[] = [ds];
  while (stack.length > 0) {
    const set = stack.pop()!;
    for (const el of Object.values(set.elements)) {
      if (!el || typeof el.dataOffset !== 'number') continue; // synthetic transfer syntax element
      if (el === px && pixelRoom !== undefined) continue;
      if (!fits(el, set.byteArray.length)) throw new DicomError('truncated', MESSAGES.truncated);
      for (const item of el.items ?? []) if (item.dataSet) stack.push(item.dataSet);
    }
  }
}

/**
 * Forgets unreadable elements that follow complete pixel data: the pixels are what matter, and junk
 * that some CD writers append must not reject a good image (the file is shared bit-identical anyway).
 */
export function dropTrailingJunk(ds: DpDataSet): void {
  const px = ds.elements.x7fe00010;
  if (!px || !fits(px, ds.byteArray.length)) return;
  const end = px.dataOffset + px.length;
  for (const [tag, el] of Object.entries(ds.elements)) {
    if (el && el.dataOffset >= end && !fits(el, ds.byteArray.length)) delete ds.elements[tag];
  }
  if (ds.warnings) ds.warnings = ds.warnings.filter((w) => !isCutOffWarning(w));
}

/**
 * Whether a data set that failed to parse stops inside an element: the element after the last one
 * read (at `start` when none was) claims more bytes than the file has, or its header is cut off.
 */
export function endsInsideElement(partial: DpDataSet, syntax: string, start: number): boolean {
  const bytes = partial.byteArray;
  let next = start;
  for (const el of Object.values(partial.elements)) {
    if (el && typeof el.dataOffset === 'number' && el.length !== UNDEFINED_LENGTH) next = Math.max(next, el.dataOffset + el.length);
  }
  if (next >= bytes.length) return false;
  const header = readElementHeader(bytes, next, encodingOf(syntax));
  if (!header) return bytes.length - next < 12;
  return header.length !== UNDEFINED_LENGTH && next + header.size + header.length > bytes.length;
}

