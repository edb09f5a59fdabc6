// A CD can hold anything: half-copied files, renamed documents, deliberately broken data. indexFile
// must answer every input quickly with a result or a DicomError — never hang, crash or throw a string.

import dicomParser from 'dicom-parser';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DicomError } from './errors';
import { indexFile } from './index-file';
import { inflate, parseFile } from './parse';
import { explicitElement, part10, prng, readSample } from './test-helpers';

const MR = '1.2.840.10008.5.1.4.1.1.4';
const enc = (s: string) => new TextEncoder().encode(s);

function outcome(bytes: Uint8Array): string {
  try {
    indexFile('x', bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof DicomError)) throw new Error(`threw a non-DicomError: ${String(e)}`);
    return e.code;
  }
}

/** The data set of a sample, without preamble and File Meta. */
function dataSetOf(file: string): Uint8Array {
  const bytes = readSample(file);
  return bytes.subarray(dicomParser.readPart10Header(bytes).position);
}

describe('files that are not DICOM', () => {
  it.each([
    ['an empty file', new Uint8Array(0), 'This is not a DICOM file (it is empty).'],
    ['autorun.inf', enc('[autorun]\r\nopen=viewer.exe\r\n'), 'This is not a DICOM file (it looks like a text file).'],
    ['a PDF', enc('%PDF-1.7\n' + 'x'.repeat(300)), 'This is not a DICOM file (it is a PDF document).'],
    ['a Windows program', Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]), 'This is not a DICOM file (it is a program).'],
    ['a PNG picture', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'This is not a DICOM file (it is an ordinary picture, not a medical image file).'],
    ['a web page', enc('<!DOCTYPE html><html><body>viewer</body></html>'), 'This is not a DICOM file (it looks like a web page).'],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251), 'This is not a DICOM file.']
  ])('rejects %s as not-dicom with a plain explanation', (_, bytes, message) => {
    expect(() => indexFile('f', bytes)).toThrow(new DicomError('not-dicom', message));
    expect(outcome(bytes)).toBe('not-dicom');
  });
});

describe('damaged DICOM files', () => {
  it.each([
    'CT_small.dcm',
    'MR_small_implicit.dcm',
    'MR_small_bigendian.dcm',
    'MR_small_RLE.dcm',
    'SC_rgb_jls_lossy_line.dcm'
  ])('%s cut short is damaged exactly when the cut falls inside an element', (file) => {
    const bytes = readSample(file);
    const { offset, length } = indexFile(file, bytes).pixelData!;
    // Where the data set's top-level elements end: a file cut there is whole, just shorter.
    const { ds, base } = parseFile(bytes);
    const ends = new Set(
      Object.entries(ds.elements)
        .filter(([tag, el]) => el && !tag.startsWith('x0002') && el.length !== 0xffffffff)
        .map(([, el]) => base + el!.dataOffset + el!.length)
    );
    let whole = 0;
    for (let cut = 1; cut < bytes.length; cut += cut < 2048 ? 1 : 97) {
      const code = outcome(bytes.subarray(0, cut));
      if (cut < 132) {
        expect(code, `cut at ${cut}, before "DICM" says what the file is`).toBe('not-dicom');
      } else if (cut >= offset + length) {
        // Past the pixels only trailing padding (FFFC,FFFC) follows in these files: losing it is harmless.
        expect(code, `cut at ${cut}`).toBe('ok');
      } else if (ends.has(cut)) {
        expect(code, `cut at ${cut}, after a whole element`).toBe('ok');
        expect(indexFile(file, bytes.subarray(0, cut)).kind, `cut at ${cut}`).not.toBe('image');
        whole++;
      } else {
        expect(code, `cut at ${cut}`).toBe('truncated');
      }
    }
    expect(whole).toBeGreaterThan(3);
  });

  it('rejects a deflated file cut short as truncated (image_dfl.dcm)', () => {
    const bytes = readSample('image_dfl.dcm');
    for (let cut = 400; cut < bytes.length - 16; cut += 13) {
      expect(outcome(bytes.subarray(0, cut)), `cut at ${cut}`).toBe('truncated');
    }
  });

  it('shares a file that stops exactly before its Pixel Data element as an object without pixels: no element is cut', () => {
    const bytes = readSample('CT_small.dcm');
    const cut = indexFile('x', bytes).pixelData!.offset - 12; // explicit OW header: tag, VR, 2 reserved, length
    const file = indexFile('x', bytes.subarray(0, cut));
    expect(file).toMatchObject({ kind: 'other', pixelData: null, instance: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' });
  });

  it('rejects an element whose declared length runs past the end of the file', () => {
    const huge = [...explicitElement(0x0008, 0x0016, 'UI', MR), 0x10, 0x00, 0x10, 0x00, 0x55, 0x54, 0, 0, 0xf0, 0xff, 0xff, 0xff];
    expect(outcome(part10('1.2.840.10008.1.2.1', MR, huge))).toBe('truncated');
    const implicitHuge = [0x08, 0x00, 0x16, 0x00, 26, 0, 0, 0, ...enc(MR + '\0'), 0x10, 0, 0x10, 0, 0xf0, 0xff, 0xff, 0x7f];
    expect(outcome(part10('1.2.840.10008.1.2', MR, implicitHuge))).toBe('truncated');
  });

  it('rejects absurdly deep sequence nesting as malformed instead of overflowing the stack', () => {
    const level = [0x40, 0x00, 0x75, 0x02, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
    const deep = new Uint8Array(level.length * 200_000);
    for (let k = 0; k < 200_000; k++) deep.set(level, k * level.length);
    const file = part10('1.2.840.10008.1.2.1', MR, [...explicitElement(0x0008, 0x0016, 'UI', MR)]);
    const bytes = new Uint8Array(file.length + deep.length);
    bytes.set(file);
    bytes.set(deep, file.length);
    expect(['malformed', 'truncated']).toContain(outcome(bytes));
  });

  it('survives thousands of random corruptions with a result or a DicomError, quickly', () => {
    const random = prng(20240601);
    const files = ['MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_RLE.dcm', 'image_dfl.dcm', 'test-SR.dcm', 'rtplan.dcm', 'dicomdir-pcir/DICOMDIR', 'ExplVR_LitEndNoMeta.dcm'];
    const started = Date.now();
    for (const file of files) {
      const original = readSample(file);
      for (let round = 0; round < 250; round++) {
        const bytes = original.slice();
        const edits = 1 + Math.floor(random() * 6);
        for (let k = 0; k < edits; k++) {
          const at = Math.floor(random() * bytes.length);
          if (random() < 0.5) bytes[at] = Math.floor(random() * 256);
          else bytes.set([0xff, 0xff, 0xff, random() < 0.5 ? 0xff : 0x7f].slice(0, bytes.length - at), at);
        }
        const t = Date.now();
        outcome(bytes);
        expect(Date.now() - t, `${file} round ${round}`).toBeLessThan(2000);
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses to inflate a deflate bomb past its cap', () => {
    const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => inflate(bomb, 1024 * 1024)).toThrow(DicomError);
    expect(inflate(bomb).length).toBe(8 * 1024 * 1024);
  });

  it('refuses a GE private big-endian transfer syntax as unsupported', () => {
    const e = (() => {
      try {
        indexFile('ge', part10('1.2.840.113619.5.2', MR, dataSetOf('MR_small_implicit.dcm')));
      } catch (err) {
        return err as DicomError;
      }
    })();
    expect(e?.code).toBe('unsupported');
  });
});

describe('files that are odd but readable', () => {
  it('reads a data set written in implicit VR although File Meta declares explicit VR', () => {
    const reference = indexFile('ref', readSample('MR_small_implicit.dcm'));
    const bytes = part10('1.2.840.10008.1.2.1', MR, dataSetOf('MR_small_implicit.dcm'));
    const f = indexFile('mislabelled', bytes);
    expect(f.instance).toEqual(reference.instance);
    expect(f.transferSyntaxUid).toBe('1.2.840.10008.1.2.1'); // as declared: it tells how pixels are encoded
    const original = readSample('MR_small_implicit.dcm');
    const want = original.subarray(reference.pixelData!.offset, reference.pixelData!.offset + 8192);
    expect(bytes.subarray(f.pixelData!.offset, f.pixelData!.offset + f.pixelData!.length)).toEqual(want);
  });

  it('reads a file whose File Meta omits the transfer syntax by looking at the data set', () => {
    const f = indexFile('no-ts', part10(null, MR, dataSetOf('CT_small.dcm')));
    expect(f.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(f.instance).toMatchObject({ rows: 128, columns: 128 });
  });

  it('accepts junk after complete pixel data (some CD writers pad files)', () => {
    const bytes = readSample('CT_small.dcm');
    for (const tail of [[0, 0, 0, 0, 0, 0], [0x41, 0x42, 0x43], [0xfe, 0xff, 0xdd, 0xe0, 1, 2, 3, 4, 5]]) {
      const padded = Uint8Array.from([...bytes, ...tail]);
      expect(indexFile('x', padded).pixelData).toEqual(indexFile('x', bytes).pixelData);
    }
  });
});
