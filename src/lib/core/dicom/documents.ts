// Non-image objects a CD often carries, made readable: an encapsulated PDF is handed back as a PDF,
// a structured report as a tree of plain statements, anything else by its class. No DOM here; the
// page names a document by its own title, or by its class in the page's language.

import type { DpDataSet } from 'dicom-parser';
import { DicomError } from './errors';
import { Reader } from './index-file';
import { parseFile } from './parse';
import { formatDate, formatTime } from './values';

export interface ReportItem {
  name: string;
  value: string;
  /** The item points at an image of the study (value empty): the page says so in words. */
  imageReference?: true;
  children: ReportItem[];
}

/** `title`: the document's own (a PDF's Document Title, a report's heading), '' when it has none. */
export type DicomDocument = { sopClassUid: string; title: string } & (
  | { kind: 'pdf'; pdf: Uint8Array }
  | { kind: 'report'; items: ReportItem[] }
  | { kind: 'other' }
);

const MAX_DEPTH = 64;
const MAX_ITEMS = 20_000;

function codeMeaning(r: Reader, ds: DpDataSet, sequenceTag: string): string {
  const item = ds.elements[sequenceTag]?.items?.[0]?.dataSet;
  return item ? r.text(item, 'x00080104') : '';
}

function valueOf(r: Reader, ds: DpDataSet): string {
  switch (r.ascii(ds, 'x0040a040')) {
    case 'TEXT':
      return r.text(ds, 'x0040a160');
    case 'CODE':
      return codeMeaning(r, ds, 'x0040a168');
    case 'NUM': {
      const measured = ds.elements.x0040a300?.items?.[0]?.dataSet;
      if (!measured) return '';
      return `${r.ascii(measured, 'x0040a30a')} ${codeMeaning(r, measured, 'x004008ea')}`.trim();
    }
    case 'DATE':
      return formatDate(r.ascii(ds, 'x0040a121'));
    case 'TIME':
      return formatTime(r.ascii(ds, 'x0040a122'));
    case 'DATETIME':
      return r.ascii(ds, 'x0040a120');
    case 'PNAME':
      return r.text(ds, 'x0040a123');
    case 'UIDREF':
      return r.ascii(ds, 'x0040a124');
    default:
      return '';
  }
}

function contentOf(r: Reader, ds: DpDataSet, depth: number, budget: { items: number }): ReportItem[] {
  const items = ds.elements.x0040a730?.items ?? [];
  if (depth > MAX_DEPTH) throw new DicomError('malformed', 'This report is nested too deeply to show.');
  return items.flatMap(({ dataSet }) => {
    if (!dataSet || --budget.items < 0) return [];
    const reference = ['IMAGE', 'COMPOSITE'].includes(r.ascii(dataSet, 'x0040a040'));
    const item: ReportItem = { name: codeMeaning(r, dataSet, 'x0040a043'), value: valueOf(r, dataSet), children: contentOf(r, dataSet, depth + 1, budget) };
    return [reference ? { ...item, imageReference: true } : item];
  });
}

export function readDocument(bytes: Uint8Array): DicomDocument {
  const { ds } = parseFile(bytes);
  const r = new Reader(new Reader('').ascii(ds, 'x00080005'));
  const sopClassUid = r.ascii(ds, 'x00080016');
  const document = ds.elements.x00420011;
  if (document && r.ascii(ds, 'x00420012') === 'application/pdf') {
    const declared = Number(r.ascii(ds, 'x00420015')) || document.length;
    // The element is padded to an even length; (0042,0015) gives the PDF's own length when present.
    const pdf = ds.byteArray.slice(document.dataOffset, document.dataOffset + Math.min(declared, document.length));
    return { kind: 'pdf', sopClassUid, title: r.text(ds, 'x00420010'), pdf };
  }
  if (ds.elements.x0040a730) {
    const heading = codeMeaning(r, ds, 'x0040a043');
    return { kind: 'report', sopClassUid, title: heading, items: contentOf(r, ds, 0, { items: MAX_ITEMS }) };
  }
  return { kind: 'other', sopClassUid, title: '' };
}
