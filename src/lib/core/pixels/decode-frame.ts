import type { DataSet, Element } from 'dicom-parser';
import { DicomError } from '../dicom/errors';
import { parseFile } from '../dicom/parse';
import { threeSamplesToRgba } from './colour';
import { applyBitsStored, minMax, typedSamples } from './grey';
import { paletteToRgba } from './palette';
import { frameReader, type DecodeOptions } from './transfer-syntaxes';
import type { DecodedFrame, GreyPixels, PixelLayout } from './types';

export type { DecodedFrame, GreyPixels } from './types';

/**
 * Decodes frame `frame` (0-based) of a DICOM Part-10 file. Rejects with DicomError. Needs no DOM;
 * compressed frames load their codec on first use.
 */
export async function decodeFrame(bytes: Uint8Array, frame: number, options: DecodeOptions = {}): Promise<DecodedFrame> {
  const { dataSet, transferSyntaxUid } = parse(bytes);
  const read = frameReader(transferSyntaxUid);
  const { element, float } = pixelDataElement(dataSet);
  const layout = readLayout(dataSet, float);
  if (!Number.isInteger(frame) || frame < 0 || frame >= layout.frames) {
    throw new DicomError('malformed', `Frame ${frame + 1} does not exist: the image has ${layout.frames}.`);
  }
  const { bytes: raw, layout: decoded } = await read(dataSet, element, frame, layout, options);
  checkColourModel(decoded);

  const color = layout.photometric !== 'MONOCHROME1' && layout.photometric !== 'MONOCHROME2';
  let pixelData: GreyPixels;
  if (decoded.samplesPerPixel === 3) {
    pixelData = threeSamplesToRgba(raw, decoded);
  } else {
    pixelData = typedSamples(raw, decoded);
    applyBitsStored(pixelData, decoded);
    if (color) pixelData = paletteToRgba(pixelData, dataSet, decoded.pixelRepresentation === 1);
  }
  const [minPixelValue, maxPixelValue] = color ? [0, 255] : minMax(pixelData);

  const slope = frameValue(dataSet, frame, 'x00289145', (d) => d.floatString('x00281053'));
  const window = frameValue(dataSet, frame, 'x00289132', (d) => {
    const center = d.floatString('x00281050', 0);
    const width = d.floatString('x00281051', 0);
    return isFinite(center ?? NaN) && (width ?? 0) > 0 ? [center!, width!] : undefined;
  });
  const voiLutFunction = frameValue(dataSet, frame, 'x00289132', (d) => d.string('x00281056')?.toUpperCase());
  const spacing = frameValue(dataSet, frame, 'x00289110', (d) => {
    const row = d.floatString('x00280030', 0);
    const column = d.floatString('x00280030', 1);
    return (row ?? 0) > 0 && (column ?? 0) > 0 ? ([row!, column!] as [number, number]) : undefined;
  });
  return {
    rows: layout.rows,
    columns: layout.columns,
    frames: layout.frames,
    photometric: layout.photometric,
    color,
    pixelData,
    minPixelValue,
    maxPixelValue,
    slope: slope && isFinite(slope) ? slope : 1,
    intercept: frameValue(dataSet, frame, 'x00289145', (d) => d.floatString('x00281052')) || 0,
    windowCenter: window?.[0] ?? null,
    windowWidth: window?.[1] ?? null,
    voiLutFunction: voiLutFunction === 'LINEAR_EXACT' || voiLutFunction === 'SIGMOID' ? voiLutFunction : 'LINEAR',
    invert: layout.photometric === 'MONOCHROME1',
    pixelSpacing: spacing ?? null
  };
}

/**
 * The same reader as the indexer's (Part-10 with or without preamble, bare data sets in any
 * encoding, deflated): a file that was shared can be drawn. The indexer types dicom-parser's
 * DataSet narrowly; decoding reads it through the package's full declarations.
 */
function parse(bytes: Uint8Array): { dataSet: DataSet; transferSyntaxUid: string } {
  const { ds, transferSyntaxUid } = parseFile(bytes);
  return { dataSet: ds as unknown as DataSet, transferSyntaxUid };
}

function pixelDataElement(dataSet: DataSet): { element: Element; float: boolean } {
  const integer = dataSet.elements.x7fe00010;
  if (integer) return { element: integer, float: false };
  const float = dataSet.elements.x7fe00008 ?? dataSet.elements.x7fe00009;
  if (float) return { element: float, float: true };
  throw new DicomError('unsupported', 'This file holds no image.');
}

function readLayout(dataSet: DataSet, float: boolean): PixelLayout {
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const samplesPerPixel = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 0;
  const bitsStored = dataSet.uint16('x00280101') ?? bitsAllocated;
  const highBit = dataSet.uint16('x00280102') ?? bitsStored - 1;
  const defaultPhotometric = samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2';
  const photometric = (dataSet.string('x00280004') ?? defaultPhotometric).toUpperCase();
  const frames = dataSet.intString('x00280008');
  const layout: PixelLayout = {
    rows,
    columns,
    frames: frames && frames > 0 ? frames : 1,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation: dataSet.uint16('x00280103') ?? 0,
    planarConfiguration: dataSet.uint16('x00280006') ?? 0,
    photometric,
    float
  };
  if (!rows || !columns || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new DicomError('malformed', 'The image size or bit depth in this file is missing or invalid.');
  }
  if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new DicomError('malformed', 'The High Bit in this file does not fit its bit depth.');
  }
  const depths = float ? [32, 64] : [1, 8, 16, 32];
  if (!depths.includes(bitsAllocated)) {
    throw new DicomError('unsupported', `Images with ${bitsAllocated}-bit pixels cannot be shown yet.`);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new DicomError('unsupported', `Images with ${samplesPerPixel} samples per pixel cannot be shown yet.`);
  }
  return layout;
}

/** Checked once decoded: codecs turn YBR_RCT, YBR_ICT and JPEG's YCbCr into RGB. */
function checkColourModel({ samplesPerPixel, photometric }: PixelLayout): void {
  const supported =
    samplesPerPixel === 3
      ? photometric === 'RGB' || photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422'
      : photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2' || photometric === 'PALETTE COLOR';
  if (!supported) {
    throw new DicomError('unsupported', `Images in the ${photometric} colour model cannot be shown yet.`);
  }
}

/**
 * Reads an attribute from the top level or, for enhanced multi-frame objects, from this frame's
 * functional group `group`, falling back to the shared one (PS3.3 C.7.6.16).
 */
function frameValue<T>(
  dataSet: DataSet,
  frame: number,
  group: string,
  read: (dataSet: DataSet) => T | undefined
): T | undefined {
  const top = read(dataSet);
  if (top !== undefined) return top;
  const perFrame = dataSet.elements.x52009230?.items?.[frame]?.dataSet;
  const shared = dataSet.elements.x52009229?.items?.[0]?.dataSet;
  for (const groups of [perFrame, shared]) {
    const item = groups?.elements[group]?.items?.[0]?.dataSet;
    const value = item && read(item);
    if (value !== undefined) return value;
  }
  return undefined;
}
