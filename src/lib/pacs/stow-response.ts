// What a PACS said about each instance of a STOW-RS request: the Store Instances Response Module
// (PS3.18 Annex I), as DICOM JSON (PS3.18 F.2) or as the Native DICOM Model in XML (PS3.19 A.1).
// Servers differ in which they send and how strictly; only what an item says counts, never the
// HTTP status alone (Orthanc answers 200 with failures, and 400 with instances it did store).

import { PacsError } from './errors';

export const REFERENCED_SOP_SEQUENCE = '00081199';
export const FAILED_SOP_SEQUENCE = '00081198';
const SOP_CLASS = '00081150';
const SOP_INSTANCE = '00081155';
const WARNING_REASON = '00081196';
const FAILURE_REASON = '00081197';

export interface StowItem {
  sopInstanceUid: string;
  sopClassUid: string;
  /** stored (in ReferencedSOPSequence, no warning), warning (stored, with one), failed. */
  status: 'stored' | 'warning' | 'failed';
  /** Warning or failure reason (US), or null when the item has none. */
  reason: number | null;
}

/** A data set reduced to what the module needs: text values and nested item lists by tag. */
interface Dataset {
  text(tag: string): string;
  number(tag: string): number | null;
  items(tag: string): Dataset[];
}

function asNumber(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

function jsonDataset(value: unknown): Dataset {
  const object = (value !== null && typeof value === 'object' ? value : {}) as Record<string, { Value?: unknown[] } | undefined>;
  const values = (tag: string) => {
    const element = object[tag] ?? object[tag.toLowerCase()];
    return Array.isArray(element?.Value) ? element.Value : [];
  };
  return {
    text: (tag) => String(values(tag)[0] ?? '').trim(),
    number: (tag) => asNumber(values(tag)[0]),
    items: (tag) => values(tag).filter((v) => v !== null && typeof v === 'object').map(jsonDataset)
  };
}

type XmlNode = { nodeType: number; nodeName: string; childNodes: ArrayLike<XmlNode>; textContent: string | null; getAttribute?(name: string): string | null };

const childElements = (node: XmlNode, name: string) =>
  Array.from(node.childNodes).filter((child) => child.nodeType === 1 && (child.nodeName === name || child.nodeName.endsWith(`:${name}`)));

function xmlDataset(node: XmlNode): Dataset {
  const attribute = (tag: string) => childElements(node, 'DicomAttribute').find((a) => a.getAttribute?.('tag')?.toUpperCase() === tag.toUpperCase());
  const values = (tag: string) => {
    const a = attribute(tag);
    return a ? childElements(a, 'Value').sort((x, y) => Number(x.getAttribute?.('number')) - Number(y.getAttribute?.('number'))) : [];
  };
  return {
    text: (tag) => (values(tag)[0]?.textContent ?? '').trim(),
    number: (tag) => asNumber(values(tag)[0]?.textContent ?? null),
    items: (tag) => {
      const a = attribute(tag);
      return a ? childElements(a, 'Item').map(xmlDataset) : [];
    }
  };
}

function items(data: Dataset): StowItem[] {
  const out: StowItem[] = [];
  for (const item of data.items(REFERENCED_SOP_SEQUENCE)) {
    const warning = item.number(WARNING_REASON);
    out.push({ sopInstanceUid: item.text(SOP_INSTANCE), sopClassUid: item.text(SOP_CLASS), status: warning === null ? 'stored' : 'warning', reason: warning });
  }
  for (const item of data.items(FAILED_SOP_SEQUENCE)) {
    out.push({ sopInstanceUid: item.text(SOP_INSTANCE), sopClassUid: item.text(SOP_CLASS), status: 'failed', reason: item.number(FAILURE_REASON) });
  }
  return out.filter((item) => item.sopInstanceUid !== '');
}

export interface XmlParser {
  parseFromString(text: string, type: 'application/xml'): { documentElement: XmlNode | null; getElementsByTagName(name: string): ArrayLike<unknown> };
}

/**
 * The items of a response body. An empty body confirms nothing (some servers send none with 200);
 * a body that is neither DICOM JSON nor the Native DICOM Model is `pacs-bad-answer`. `xml` parses XML:
 * the page's DOMParser in the browser, a DOM library in tests.
 */
export function parseStowResponse(body: string, contentType: string, xml: XmlParser | null = globalThis.DOMParser ? new DOMParser() : null): StowItem[] {
  const text = body.trim();
  if (text === '') return [];
  const looksXml = /xml/i.test(contentType) || text.startsWith('<');
  if (!looksXml) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new PacsError('pacs-bad-answer', 'The PACS answered with something that is not DICOM JSON.');
    }
    // PS3.18 says one object; some servers wrap it in an array.
    const data = Array.isArray(value) ? value[0] : value;
    if (data === null || typeof data !== 'object') throw new PacsError('pacs-bad-answer', 'The PACS answer holds no data set.');
    return items(jsonDataset(data));
  }
  if (!xml) throw new PacsError('pacs-bad-answer', 'No XML parser is available here.');
  let root: XmlNode | null = null;
  try {
    // A browser returns a document with a <parsererror>; DOM libraries throw.
    const doc = xml.parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length === 0) root = doc.documentElement;
  } catch {
    root = null;
  }
  if (!root || !/NativeDicomModel$/.test(root.nodeName)) {
    throw new PacsError('pacs-bad-answer', 'The PACS answered with XML that is not a DICOM data set.');
  }
  return items(xmlDataset(root));
}
