// Fixtures: orthanc-1.10-stow*.{json,xml} are answers of Debian's Orthanc 1.10.1 with its DICOMweb
// plugin 1.7 to STOW-RS requests with CT_small.dcm, test-SR.dcm and MR_small_RLE.dcm of
// ../shared/dicom-samples (the 409 ones were posted to /studies/1.2.3.4, a study none belongs to).
// The others below are written from PS3.18 Annex I and the JSON (F.2) and XML (PS3.19) encodings.

import { DOMParser } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStowResponse, type XmlParser } from './stow-response';

const xml = new DOMParser() as unknown as XmlParser;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const CT = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const SR = '1.2.276.0.7230010.3.1.4.2139363186.7819.982086466.4';
const MR = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';

const item = (uid: string, extra: Record<string, unknown> = {}) => ({
  '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00081155': { vr: 'UI', Value: [uid] },
  ...extra
});

const spec = {
  '00081190': { vr: 'UR', Value: ['https://pacs.example/dicom-web/studies/1.2.3'] },
  '00081198': {
    vr: 'SQ',
    Value: [item('1.2.3.1', { '00081197': { vr: 'US', Value: [0xa700] } }), item('1.2.3.2', { '00081197': { vr: 'US', Value: [0xa900] } }), item('1.2.3.3', { '00081197': { vr: 'US', Value: [0xc000] } })]
  },
  '00081199': { vr: 'SQ', Value: [item('1.2.3.4'), item('1.2.3.5', { '00081196': { vr: 'US', Value: [0xb000] } })] }
};

const specXml = `<?xml version="1.0" encoding="UTF-8"?>
<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM">
  <DicomAttribute tag="00081198" vr="SQ" keyword="FailedSOPSequence">
    <Item number="1">
      <DicomAttribute tag="00081150" vr="UI"><Value number="1">1.2.840.10008.5.1.4.1.1.7</Value></DicomAttribute>
      <DicomAttribute tag="00081155" vr="UI"><Value number="1">1.2.3.2</Value></DicomAttribute>
      <DicomAttribute tag="00081197" vr="US"><Value number="1">43264</Value></DicomAttribute>
    </Item>
  </DicomAttribute>
  <DicomAttribute tag="00081199" vr="SQ" keyword="ReferencedSOPSequence">
    <Item number="1">
      <DicomAttribute tag="00081150" vr="UI"><Value number="1">1.2.840.10008.5.1.4.1.1.2</Value></DicomAttribute>
      <DicomAttribute tag="00081155" vr="UI"><Value number="1">1.2.3.4</Value></DicomAttribute>
      <DicomAttribute tag="00081196" vr="US"><Value number="1">45063</Value></DicomAttribute>
    </Item>
  </DicomAttribute>
</NativeDicomModel>`;

describe('STOW-RS response', () => {
  it('reads stored, warned and failed instances with their reasons from DICOM JSON', () => {
    expect(parseStowResponse(JSON.stringify(spec), 'application/dicom+json', xml)).toEqual([
      { sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'stored', reason: null },
      { sopInstanceUid: '1.2.3.5', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'warning', reason: 0xb000 },
      { sopInstanceUid: '1.2.3.1', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'failed', reason: 0xa700 },
      { sopInstanceUid: '1.2.3.2', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'failed', reason: 0xa900 },
      { sopInstanceUid: '1.2.3.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'failed', reason: 0xc000 }
    ]);
  });

  it('reads the same from the Native DICOM Model in XML, namespaced', () => {
    expect(parseStowResponse(specXml, 'application/dicom+xml', xml)).toEqual([
      { sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'warning', reason: 0xb007 },
      { sopInstanceUid: '1.2.3.2', sopClassUid: '1.2.840.10008.5.1.4.1.1.7', status: 'failed', reason: 0xa900 }
    ]);
  });

  it("reads Orthanc 1.10's JSON and XML answers alike, empty sequences and stray Value elements included", () => {
    const json = parseStowResponse(fixture('orthanc-1.10-stow.json'), 'application/dicom+json', xml);
    expect(json.map((i) => [i.sopInstanceUid, i.status])).toEqual([[CT, 'stored'], [SR, 'stored'], [MR, 'stored']]);
    const fromXml = parseStowResponse(fixture('orthanc-1.10-stow.xml'), 'application/dicom+xml', xml);
    expect(fromXml).toEqual([{ sopInstanceUid: CT, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', status: 'stored', reason: null }]);
  });

  it("reads Orthanc's 409 answer: every instance failed with 0x0110, in JSON and XML", () => {
    for (const [name, type] of [['orthanc-1.10-stow-409.json', 'application/dicom+json'], ['orthanc-1.10-stow-409.xml', 'application/dicom+xml']]) {
      const items = parseStowResponse(fixture(name), type, xml);
      expect(items.map((i) => [i.sopInstanceUid, i.status, i.reason])).toEqual([[CT, 'failed', 0x0110], [SR, 'failed', 0x0110], [MR, 'failed', 0x0110]]);
    }
  });

  it('tells the format from the body when the Content-Type does not say, and takes reasons given as strings', () => {
    const failed = { '00081198': { vr: 'SQ', Value: [item('9.9', { '00081197': { vr: 'US', Value: ['49152'] } })] } };
    expect(parseStowResponse(JSON.stringify([failed]), 'application/octet-stream', xml)[0]).toMatchObject({ status: 'failed', reason: 0xc000 });
    expect(parseStowResponse(specXml, '', xml)).toHaveLength(2);
  });

  it('confirms nothing from an empty body, and refuses bodies that are no data set', () => {
    expect(parseStowResponse('  ', 'application/dicom+json', xml)).toEqual([]);
    expect(parseStowResponse('{}', 'application/dicom+json', xml)).toEqual([]);
    for (const [body, type] of [['<html><body>Login</body></html>', 'text/html'], ['not json', 'application/json'], ['42', 'application/json'], ['<a', 'application/xml']]) {
      expect(() => parseStowResponse(body, type, xml), body).toThrow(expect.objectContaining({ code: 'pacs-bad-answer' }));
    }
  });
});
