// The rewrite, judged by dcmtk: files made with dump2dcm and dcmconv (nested sequences, private
// attributes, every encoding) and the real samples of ../shared/dicom-samples, de-identified, then
// read back with dcmdump. One test per action class of PS3.15 Table E.1-1, then nesting, encodings,
// pixel data and memory.

import { describe, expect, it } from 'vitest';
import { explicitElement, listSamples, readManifest, readSample } from '../dicom/test-helpers';
import { indexFile } from '../dicom/index-file';
import { Deidentifier } from './deidentify';
import { bytesSource } from './source';
import { countingSource, deidentify, dump, fromDump, pixelHash, settings, valueOf, type DumpLine } from './test-support';

// A CT-like object written by dump2dcm: identifying values at the top, in nested sequences, in
// private blocks, in free text; references by UID; a few bytes of pixel data.
const NESTED = `
(0008,0005) CS [ISO_IR 100]
(0008,0016) UI 1.2.840.10008.5.1.4.1.1.2
(0008,0018) UI 2.25.1001
(0008,0020) DA [20250301]
(0008,0030) TM [101010]
(0008,0050) SH [ACC-9931]
(0008,0060) CS [CT]
(0008,0080) LO [St Elsewhere Hospital]
(0008,0090) PN [Referrer^Rita]
(0008,1010) SH [CTSTATION7]
(0008,1030) LO [Chest for Smithson^Anna]
(0008,103e) LO [Axial 1mm]
(0008,1140) SQ
  (fffe,e000) na
    (0008,1150) UI 1.2.840.10008.5.1.4.1.1.2
    (0008,1155) UI 2.25.1002
  (fffe,e00d) na
(fffe,e0dd) na
(0009,0010) LO [ACME 1.0]
(0009,1001) LO [Smithson secret]
(0010,0010) PN [Smithson^Anna]
(0010,0020) LO [PID-55501]
(0010,0030) DA [19700203]
(0010,0040) CS [F]
(0010,1010) AS [055Y]
(0010,1040) LO [1 High Street]
(0018,1000) LO [SN-778899]
(0020,000d) UI 2.25.1000
(0020,000e) UI 2.25.1003
(0020,0010) SH [STUDY-7]
(0020,0052) UI 2.25.1004
(0020,4000) LT [Anna Smithson, PID-55501, born 19700203: see prior]
(0040,0275) SQ
  (fffe,e000) na
    (0040,0007) LO [Scan for Anna]
    (0040,0008) SQ
      (fffe,e000) na
        (0008,0100) SH [P1]
        (0008,0102) SH [L]
        (0008,0104) LO [Protocol one]
      (fffe,e00d) na
    (fffe,e0dd) na
    (0040,1001) SH [RP-1]
  (fffe,e00d) na
(fffe,e0dd) na
(0040,a730) SQ
  (fffe,e000) na
    (0040,a010) CS [CONTAINS]
    (0040,a040) CS [PNAME]
    (0040,a123) PN [Observer^Olga]
  (fffe,e00d) na
  (fffe,e000) na
    (0040,a010) CS [CONTAINS]
    (0040,a040) CS [TEXT]
    (0040,a160) UT [Findings for Smithson: nodule]
  (fffe,e00d) na
  (fffe,e000) na
    (0011,0010) LO [ACME]
    (0011,1001) LO [nested private]
    (0040,a040) CS [CONTAINER]
    (0040,a730) SQ
      (fffe,e000) na
        (0040,a040) CS [DATE]
        (0040,a121) DA [20250302]
      (fffe,e00d) na
    (fffe,e0dd) na
  (fffe,e00d) na
(fffe,e0dd) na
(0400,0561) SQ
  (fffe,e000) na
    (0400,0550) SQ
      (fffe,e000) na
        (0010,0010) PN [Oldname^Olaf]
      (fffe,e00d) na
    (fffe,e0dd) na
  (fffe,e00d) na
(fffe,e0dd) na
(7fe0,0010) OW 0001\\0203\\0405\\0607\\0809\\0a0b
`;

const nested = (args: string[] = [], name = 'nested.dcm') => fromDump(NESTED, name, args);
const top = (lines: DumpLine[], tag: string) => valueOf(lines, tag);
const has = (lines: DumpLine[], tag: string) => lines.some((l) => l.tag === tag);

describe('each action class of Table E.1-1, on a dcmtk-made file', async () => {
  const original = nested();
  const lines = dump(await deidentify(original), 'nested-deid.dcm');

  it('X removes: address, Original Attributes Sequence, private attributes and their creators', () => {
    expect(has(lines, '0010,1040')).toBe(false);
    expect(has(lines, '0400,0561')).toBe(false);
    expect(lines.filter((l) => /^(0009|0011),/.test(l.tag))).toEqual([]);
  });

  it('Z empties: accession number, referring physician, birth date, study ID', () => {
    for (const tag of ['0008,0050', '0008,0090', '0010,0030', '0020,0010']) expect(top(lines, tag), tag).toBe('(no value available)');
  });

  it('D writes a dummy: institution, station, device serial number (X/Z/D), names and text inside the Content Sequence', () => {
    for (const tag of ['0008,0080', '0008,1010', '0018,1000']) expect(top(lines, tag), tag).toBe('ANONYMIZED');
    expect(valueOf(lines, '0040,A123', 2)).toBe('ANONYMIZED');
    expect(valueOf(lines, '0040,A160', 2)).toBe('ANONYMIZED');
  });

  it('K keeps: modality, code sequences, and with Retain Patient Characteristics sex and age', () => {
    expect(top(lines, '0008,0060')).toBe('CT');
    expect(top(lines, '0010,0040')).toBe('F');
    expect(top(lines, '0010,1010')).toBe('055Y');
    expect(top(lines, '0008,0016')).toBe('CTImageStorage');
  });

  it('U replaces UIDs, the same old UID by the same new one wherever it stands', async () => {
    const deid = await Deidentifier.create(settings());
    for (const [tag, old] of [['0008,0018', '2.25.1001'], ['0020,000D', '2.25.1000'], ['0020,000E', '2.25.1003'], ['0020,0052', '2.25.1004']]) {
      expect(top(lines, tag), tag).toBe(deid.keys.uid(old));
      expect(top(lines, tag)).toMatch(/^2\.25\.\d{30,39}$/);
    }
    expect(valueOf(lines, '0002,0003')).toBe(deid.keys.uid('2.25.1001'));
    expect(valueOf(lines, '0008,1155', 2)).toBe(deid.keys.uid('2.25.1002'));
  });

  it('C cleans: dates move by the share offset, descriptions and comments lose the names, IDs and birth date', async () => {
    const deid = await Deidentifier.create(settings());
    expect(deid.keys.dateOffsetDays).toBeLessThanOrEqual(-365);
    const shifted = new Date(Date.UTC(2025, 2, 1) + deid.keys.dateOffsetDays * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    expect(top(lines, '0008,0020')).toBe(shifted);
    expect(top(lines, '0008,0030')).toBe('101010');
    expect(top(lines, '0008,1030')).toBe('Chest for ********^****');
    expect(top(lines, '0008,103E')).toBe('Axial 1mm');
    expect(top(lines, '0020,4000')).toBe('**** ********, *********, born ********: see prior');
  });

  it('writes the pseudonym, Patient Identity Removed, the method and its CID 7050 codes', () => {
    expect(top(lines, '0010,0010')).toBe('TEACHING 42');
    expect(top(lines, '0010,0020')).toBe('TEACHING 42');
    expect(top(lines, '0012,0062')).toBe('YES');
    expect(top(lines, '0028,0303')).toBe('MODIFIED');
    const codes = lines.filter((l) => l.tag === '0008,0100' && l.depth === 2).map((l) => l.value);
    expect(codes).toEqual(['[113100]', '[113107]', '[113108]', '[113105]']);
  });

  it('names no original value anywhere in the bytes', async () => {
    const text = new TextDecoder('latin1').decode(await deidentify(original));
    for (const value of ['Smithson', 'Anna', 'Rita', 'ACC-9931', 'PID-55501', '19700203', 'Elsewhere', 'CTSTATION7', 'SN-778899', 'High Street', 'Olga', 'Olaf', 'Oldname', 'STUDY-7', '2.25.100', 'ACME'])
      expect(text.includes(value), value).toBe(false);
  });
});

describe('options', () => {
  it('without Clean Descriptors, descriptions and comments go; the Request Attributes Sequence goes', async () => {
    const lines = dump(await deidentify(nested(), { cleanDescriptors: false }), 'nodesc.dcm');
    for (const tag of ['0008,1030', '0008,103E', '0020,4000', '0040,0275']) expect(has(lines, tag), tag).toBe(false);
  });

  it('Full Dates keeps dates; removing dates empties Study Date and writes REMOVED', async () => {
    const kept = dump(await deidentify(nested(), { dates: 'keep' }), 'keep.dcm');
    expect(valueOf(kept, '0008,0020')).toBe('20250301');
    expect(valueOf(kept, '0028,0303')).toBe('UNMODIFIED');
    const removed = dump(await deidentify(nested(), { dates: 'remove' }), 'remove.dcm');
    expect(valueOf(removed, '0008,0020')).toBe('(no value available)');
    expect(valueOf(removed, '0028,0303')).toBe('REMOVED');
  });

  it('Retain Device and Institution Identity keep the station and the institution', async () => {
    const lines = dump(await deidentify(nested(), { retainDevice: true, retainInstitution: true }), 'retain.dcm');
    expect(valueOf(lines, '0008,0080')).toBe('St Elsewhere Hospital');
    expect(valueOf(lines, '0008,1010')).toBe('CTSTATION7');
  });

  it('without Retain Patient Characteristics, age goes and sex is emptied', async () => {
    const lines = dump(await deidentify(nested(), { retainPatientCharacteristics: false }), 'nochars.dcm');
    expect(has(lines, '0010,1010')).toBe(false);
    expect(valueOf(lines, '0010,0040')).toBe('(no value available)');
  });

  it('Clean Structured Content keeps report text with the identifiers blanked', async () => {
    const lines = dump(await deidentify(nested(), { cleanStructuredContent: true }), 'sr.dcm');
    expect(valueOf(lines, '0040,A160', 2)).toBe('Findings for ********: nodule');
  });

  it('Retain Safe Private keeps no private attribute: none is listed as safe', async () => {
    const lines = dump(await deidentify(nested(), { retainSafePrivate: true }), 'safe.dcm');
    expect(lines.filter((l) => /^(0009|0011),/.test(l.tag))).toEqual([]);
  });
});

describe('nested sequences', () => {
  it('rewrites items at every depth: cleans inside the Request Attributes Sequence, keeps its codes, shifts a date three levels down', async () => {
    const deid = await Deidentifier.create(settings());
    const lines = dump(await deidentify(nested()), 'nested2.dcm');
    expect(valueOf(lines, '0040,0007', 2)).toBe('Scan for ****');
    expect(valueOf(lines, '0008,0104', 4)).toBe('Protocol one');
    const date = lines.find((l) => l.tag === '0040,A121')!;
    expect(date.depth).toBe(4);
    const shifted = new Date(Date.UTC(2025, 2, 2) + deid.keys.dateOffsetDays * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    expect(date.value).toBe(`[${shifted}]`);
  });

  it('gives the same result with defined lengths (recomputed) and undefined lengths (kept)', async () => {
    // Items and delimiters, and how dcmdump describes a sequence's length, differ by design.
    const values = (lines: DumpLine[]) => lines.filter((l) => l.tag !== 'FFFE,E000' && !l.tag.startsWith('FFFE,E0') && l.vr !== 'SQ');
    const defined = dump(await deidentify(nested(['+e'], 'defined.dcm')), 'defined-deid.dcm');
    const undefinedLengths = dump(await deidentify(nested(['-e'], 'undefined.dcm')), 'undefined-deid.dcm');
    expect(undefinedLengths.some((l) => /undefined length/.test(l.value))).toBe(true);
    expect(values(undefinedLengths)).toEqual(values(defined));
    expect(undefinedLengths.map((l) => l.tag)).toEqual(defined.map((l) => l.tag));
  });
});

describe('encodings: the transfer syntax stays, the result is the same', async () => {
  const reference = dump(await deidentify(nested(['+te'], 'le.dcm')), 'le-deid.dcm').filter((l) => !l.tag.startsWith('0002'));
  for (const [name, args, ts] of [
    ['implicit VR little endian', ['+ti'], 'LittleEndianImplicit'],
    ['explicit VR big endian', ['+tb'], 'BigEndianExplicit'],
    ['deflated explicit VR little endian', ['+td'], 'DeflatedLittleEndianExplicit']
  ] as const) {
    it(name, async () => {
      const file = `${args[0]}.dcm`;
      const lines = dump(await deidentify(nested([...args], file)), `${file}-deid`);
      expect(valueOf(lines, '0002,0010')).toBe(ts);
      expect(lines.filter((l) => !l.tag.startsWith('0002'))).toEqual(reference);
    });
  }
});

describe('the real samples', () => {
  const rows = readManifest().filter((r) => !/truncated|DICOMDIR/.test(r.file));
  it.each(rows.map((r) => r.file))('%s: dcmdump reads it, pixel data and transfer syntax unchanged, no original name or instance UID', async (file) => {
    const bytes = readSample(file);
    const out = await deidentify(bytes);
    const name = file.replaceAll('/', '_');
    const before = dump(bytes, `${name}.orig`);
    const after = dump(out, `${name}.deid`);
    expect(valueOf(after, '0002,0010') ?? '').toBe(valueOf(before, '0002,0010') ?? '');
    const pixels = pixelHash(bytes, `${name}.orig`);
    expect(pixels !== null).toBe(before.some((l) => l.tag === '7FE0,0010'));
    expect(pixelHash(out, `${name}.deid`)).toBe(pixels);
    const text = new TextDecoder('latin1').decode(out);
    for (const tag of ['0008,0018', '0020,000D', '0020,000E']) {
      const old = valueOf(before, tag);
      if (old && old !== '(no value available)') expect(text.includes(old), `${tag} ${old}`).toBe(false);
    }
    const name0 = valueOf(before, '0010,0010');
    if (name0 && !/^\(/.test(name0)) for (const part of name0.split(/[\^ ]/).filter((p) => p.length > 2)) expect(text.includes(part), part).toBe(false);
  });

  it('is deterministic: the same file and key give the same bytes; another key gives other UIDs', async () => {
    const bytes = readSample('CT_small.dcm');
    expect(await deidentify(bytes)).toEqual(await deidentify(bytes));
    const one = await Deidentifier.create(settings());
    const other = await Deidentifier.create({ ...settings(), key: new Uint8Array(32) });
    expect(one.keys.uid('1.2.3')).not.toBe(other.keys.uid('1.2.3'));
  });

  it('lists every sample it covers', () => {
    expect(listSamples().length).toBeGreaterThan(rows.length);
  });
});

describe('memory', () => {
  it('never reads Pixel Data: 512 KiB of pixels, under 40 KiB read', async () => {
    const bytes = readSample('CT1_UNC.explicit_little_endian.dcm');
    expect(bytes.length).toBeGreaterThan(500_000);
    const source = countingSource(bytes);
    const deid = await Deidentifier.create(settings());
    const out = await deid.rewrite(source);
    expect(out.size).toBeGreaterThan(500_000);
    expect(source.read_).toBeLessThan(40 * 1024);
    expect(out.segments.some((s) => !(s instanceof Uint8Array) && s.to - s.from > 500_000)).toBe(true);
  });

  it('refuses what it cannot rewrite with a clear error, never with a crash', async () => {
    const bytes = readSample('CT_small.dcm').slice(0, 2000);
    const deid = await Deidentifier.create(settings());
    await expect(deid.rewrite(bytesSource(bytes))).rejects.toMatchObject({ code: 'cannot-deidentify' });
  });
});

describe('reading', () => {
  const ct = readSample('CT1_UNC.explicit_little_endian.dcm');
  const pixelData = 6194; // the OW header of Pixel Data in this file
  /** `bytes` whose reads starting at `from` or later fail, as a file gone from a disc would. */
  const failingFrom = (bytes: Uint8Array, from: number) => ({
    size: bytes.length,
    read: async (offset: number, length: number) => {
      if (offset >= from) throw new Error('The disc could not be read.');
      return bytes.subarray(offset, offset + length);
    }
  });

  it('stops with the read error of a header it cannot read', async () => {
    // 40 KiB of a private element before Pixel Data: the element after it needs a read of its own.
    const privateBlock = [...explicitElement(0x7fd1, 0x0010, 'LO', 'DISCLESS TEST'), ...explicitElement(0x7fd1, 0x1001, 'OB', new Array(40 * 1024).fill(7))];
    const bytes = new Uint8Array([...ct.subarray(0, pixelData), ...privateBlock, ...ct.subarray(pixelData)]);
    const deid = await Deidentifier.create(settings());
    expect((await deid.rewrite(bytesSource(bytes))).size).toBeGreaterThan(500_000);
    await expect(deid.rewrite(failingFrom(bytes, 20_000))).rejects.toThrow('The disc could not be read.');
  });

  it('drops what it cannot read after whole pixels, as it drops junk there', async () => {
    const { offset, length } = indexFile('CT1', ct).pixelData!;
    const deid = await Deidentifier.create(settings());
    const unreadable = await deid.rewrite(failingFrom(ct, offset + length));
    expect(unreadable.segments.some((s) => !(s instanceof Uint8Array) && s.to === offset + length)).toBe(true);
  });
});
