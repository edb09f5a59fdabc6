// Reads what the UI and the upload need from one file of a patient's CD. Runs in Node and in web
// workers (no DOM). Throws DicomError only, whatever the bytes.

import type { DpDataSet } from 'dicom-parser';
import { decodeText, latin1 } from './charset';
import { DicomError } from './errors';
import { readFileMeta } from './file-meta';
import { MESSAGES, parseFile, parseHead, type ParsedFile } from './parse';
import { MEDIA_STORAGE_DIRECTORY, isDocumentClass } from './sop-classes';
import {
  formatDate,
  formatPersonName,
  formatTime,
  parseDecimal,
  parseDecimals,
  parseIntString,
  trimValue
} from './values';

export { sniffDicom } from './sniff';

export interface IndexedFile {
  /** Relative path as given (e.g. "77654033/CR1/6154"), never changed. */
  path: string;
  /** Bytes. */
  size: number;
  /** image = has Pixel Data (7FE0,0010); directory = DICOMDIR; document = an instance of a class
   *  that is not an image (report, key images, presentation state, PDF, waveform, RT plan…, see
   *  sop-classes.ts); other = an image-class instance without pixels, or a class the standard does
   *  not define (a vendor's own), which a viewer can only list and show as tags. */
  kind: 'image' | 'document' | 'directory' | 'other';
  sopClassUid: string;
  sopInstanceUid: string;
  /** '' when the file does not say (e.g. a DICOMDIR). */
  studyUid: string;
  seriesUid: string;
  /** From the File Meta, or the one assumed for a bare data set (explicit or implicit VR little endian). */
  transferSyntaxUid: string;
  /** (0008,0005) as written (padding removed), '' if absent. */
  charset: string;
  /** name: "DOE, John" from "Doe^John"; birthDate: "YYYY-MM-DD" or ''. */
  patient: { name: string; id: string; birthDate: string; sex: string };
  /** date: "YYYY-MM-DD" or ''; time: "HH:MM:SS" or "HH:MM" or ''. */
  study: { date: string; time: string; description: string; accession: string; id: string };
  series: { number: number | null; description: string; modality: string };
  /** null for non-images. Enhanced multi-frame files: spacing, position, window and rescale come from
   *  the shared functional groups, else from the first frame's. */
  instance: {
    number: number | null;
    rows: number;
    columns: number;
    frames: number;
    bitsAllocated: number;
    bitsStored: number;
    pixelRepresentation: number;
    samplesPerPixel: number;
    photometric: string;
    windowCenter: number | null;
    windowWidth: number | null;
    rescaleSlope: number;
    rescaleIntercept: number;
    /** [row spacing, column spacing] in mm, from Pixel Spacing (0028,0030) only. */
    pixelSpacing: [number, number] | null;
    sliceLocation: number | null;
    imagePosition: [number, number, number] | null;
  } | null;
  /** Where the Pixel Data value lies in the file. encapsulated = undefined length (compressed
   *  fragments; the range then includes the items and the sequence delimiter). null for non-images,
   *  and for deflated files (transfer syntax 1.2.840.10008.1.2.1.99), whose pixels exist only after
   *  inflating the whole data set. */
  pixelData: { offset: number; length: number; encapsulated: boolean } | null;
}

const UNDEFINED_LENGTH = 0xffffffff;

/** No single text attribute we show is this long; the cap keeps hostile values from costing time. */
const MAX_TEXT_BYTES = 64 * 1024;

export class Reader {
  constructor(
    private readonly charset: string,
    private readonly fallback: DpDataSet | null = null
  ) {}

  bytes(ds: DpDataSet, tag: string): Uint8Array | null {
    const el = ds.elements[tag];
    if (!el || typeof el.dataOffset !== 'number' || el.length === 0 || el.length === 0xffffffff) {
      return this.fallback && ds !== this.fallback ? this.bytes(this.fallback, tag) : null;
    }
    return ds.byteArray.subarray(el.dataOffset, el.dataOffset + Math.min(el.length, MAX_TEXT_BYTES));
  }

  /** Code strings, UIDs, numbers, dates: always ASCII. */
  ascii(ds: DpDataSet, tag: string): string {
    const b = this.bytes(ds, tag);
    return b ? trimValue(latin1(b)) : '';
  }

  /** SH, LO, ST, LT, PN: in the file's character set. */
  text(ds: DpDataSet, tag: string): string {
    const b = this.bytes(ds, tag);
    return b ? trimValue(decodeText(b, this.charset)) : '';
  }

  /** US, in the data set's byte order. */
  us(ds: DpDataSet, tag: string): number | null {
    const el = ds.elements[tag];
    if (!el || el.length < 2 || el.length === 0xffffffff) return null;
    return ds.uint16(tag) ?? null;
  }
}

/** The first item of a functional group macro (e.g. Pixel Measures), shared groups first. */
function functionalGroup(ds: DpDataSet, macroTag: string): DpDataSet | null {
  for (const groups of ['x52009229', 'x52009230']) {
    const inner = ds.elements[groups]?.items?.[0]?.dataSet?.elements[macroTag]?.items?.[0]?.dataSet;
    if (inner) return inner;
  }
  return null;
}

function kindOf(ds: DpDataSet, sopClassUid: string): IndexedFile['kind'] {
  if (sopClassUid === MEDIA_STORAGE_DIRECTORY || ds.elements.x00041220) return 'directory';
  if (ds.elements.x7fe00010) return 'image';
  return isDocumentClass(sopClassUid) ? 'document' : 'other';
}

function instanceOf(ds: DpDataSet, r: Reader): NonNullable<IndexedFile['instance']> {
  const measures = functionalGroup(ds, 'x00289110');
  const position = functionalGroup(ds, 'x00209113');
  const voi = functionalGroup(ds, 'x00289132');
  const rescale = functionalGroup(ds, 'x00289145');
  // A value is looked up at top level first, then in the functional group macro that holds it.
  const ds1 = (tag: string, group: DpDataSet | null) =>
    r.ascii(ds, tag) || (group ? r.ascii(group, tag) : '');
  const width = parseDecimal(ds1('x00281051', voi));
  const frames = parseIntString(r.ascii(ds, 'x00280008'));
  return {
    number: parseIntString(r.ascii(ds, 'x00200013')),
    rows: r.us(ds, 'x00280010') ?? 0,
    columns: r.us(ds, 'x00280011') ?? 0,
    frames: frames !== null && frames > 0 ? frames : 1,
    bitsAllocated: r.us(ds, 'x00280100') ?? 0,
    bitsStored: r.us(ds, 'x00280101') ?? 0,
    pixelRepresentation: r.us(ds, 'x00280103') ?? 0,
    samplesPerPixel: r.us(ds, 'x00280002') ?? 1,
    photometric: r.ascii(ds, 'x00280004'),
    windowCenter: parseDecimal(ds1('x00281050', voi)),
    windowWidth: width !== null && width > 0 ? width : null,
    rescaleSlope: parseDecimal(ds1('x00281053', rescale)) ?? 1,
    rescaleIntercept: parseDecimal(ds1('x00281052', rescale)) ?? 0,
    pixelSpacing: parseDecimals(ds1('x00280030', measures), 2) as [number, number] | null,
    sliceLocation: parseDecimal(r.ascii(ds, 'x00201041')),
    imagePosition: parseDecimals(ds1('x00200032', position), 3) as [number, number, number] | null
  };
}

function indexParsed(path: string, { ds, meta, base, transferSyntaxUid, deflated }: ParsedFile, size: number): IndexedFile {
  const charsetReader = new Reader('', meta);
  const charset = charsetReader.ascii(ds, 'x00080005');
  const r = new Reader(charset, meta);

  // The data set's own UIDs win; File Meta's copies cover DICOMDIRs and data sets that omit them.
  // A data set with neither (ACR-NEMA files, fragments some tools write) is still shared, as an
  // object no DICOMDIR can list.
  const sopClassUid = r.ascii(ds, 'x00080016') || r.ascii(ds, 'x00020002');
  const sopInstanceUid = r.ascii(ds, 'x00080018') || r.ascii(ds, 'x00020003');
  // An image-class instance without Pixel Data is shared as it is: DICOM allows it (a CD of
  // references, a study whose pixels live elsewhere), and a file that really stops inside an
  // element was already reported as damaged by the parser.
  const kind = kindOf(ds, sopClassUid);
  const px = ds.elements.x7fe00010;

  return {
    path,
    size,
    kind,
    sopClassUid,
    sopInstanceUid,
    studyUid: r.ascii(ds, 'x0020000d'),
    seriesUid: r.ascii(ds, 'x0020000e'),
    transferSyntaxUid,
    charset,
    patient: {
      name: formatPersonName(r.text(ds, 'x00100010')),
      id: r.text(ds, 'x00100020'),
      birthDate: formatDate(r.ascii(ds, 'x00100030')),
      sex: r.ascii(ds, 'x00100040')
    },
    study: {
      date: formatDate(r.ascii(ds, 'x00080020')),
      time: formatTime(r.ascii(ds, 'x00080030')),
      description: r.text(ds, 'x00081030'),
      accession: r.text(ds, 'x00080050'),
      id: r.text(ds, 'x00200010')
    },
    series: {
      number: parseIntString(r.ascii(ds, 'x00200011')),
      description: r.text(ds, 'x0008103e'),
      modality: r.ascii(ds, 'x00080060')
    },
    instance: kind === 'image' ? instanceOf(ds, r) : null,
    // Read from a file's head, encapsulated pixels have no length yet: they run to the file's end.
    pixelData:
      kind === 'image' && px && !deflated
        ? px.length === UNDEFINED_LENGTH
          ? { offset: base + px.dataOffset, length: size - base - px.dataOffset, encapsulated: true }
          : { offset: base + px.dataOffset, length: px.length, encapsulated: px.hadUndefinedLength === true }
        : null
  };
}

function unreadableDirectory(path: string, bytes: Uint8Array): IndexedFile | null {
  const meta = readFileMeta(bytes);
  const r = new Reader('');
  if (!meta || r.ascii(meta, 'x00020002') !== MEDIA_STORAGE_DIRECTORY) return null;
  return {
    path,
    size: bytes.length,
    kind: 'directory',
    sopClassUid: MEDIA_STORAGE_DIRECTORY,
    sopInstanceUid: r.ascii(meta, 'x00020003'),
    studyUid: '',
    seriesUid: '',
    transferSyntaxUid: r.ascii(meta, 'x00020010'),
    charset: '',
    patient: { name: '', id: '', birthDate: '', sex: '' },
    study: { date: '', time: '', description: '', accession: '', id: '' },
    series: { number: null, description: '', modality: '' },
    instance: null,
    pixelData: null
  };
}

/**
 * Indexes a file from its first bytes alone, when they reach its Pixel Data header; null when the
 * whole file is needed (see parseHead). For encapsulated pixels, the caller checks the file ends as
 * they do (endsEncapsulatedPixels) before trusting the result.
 */
export function indexHead(path: string, head: Uint8Array, size: number): IndexedFile | null {
  const parsed = parseHead(head, size);
  if (!parsed) return null;
  try {
    return indexParsed(path, parsed, size);
  } catch {
    return null;
  }
}

/** Indexes one file. Throws DicomError (and nothing else) when the file cannot be shared as DICOM. */
export function indexFile(path: string, bytes: Uint8Array): IndexedFile {
  try {
    return indexParsed(path, parseFile(bytes), bytes.length);
  } catch (e) {
    // A DICOMDIR whose records cannot all be read is still the sender's index: it goes as it is
    // (nothing reads it but an importer, which gets the export's new DICOMDIR anyway).
    const directory = unreadableDirectory(path, bytes);
    if (directory) return directory;
    if (e instanceof DicomError) throw e;
    // dicom-parser or a value reader met something we did not foresee (or the stack ran out on
    // absurdly nested sequences): the file is unreadable, which is what staff need to know.
    throw new DicomError('malformed', MESSAGES.malformed);
  }
}
