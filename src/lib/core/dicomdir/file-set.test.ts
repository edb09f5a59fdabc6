// The DICOMDIR is judged by an outside reader: dcmtk's dcmdump must read it and follow its offsets,
// and its records must match the ones dcmtk's own dcmmkdir writes for the same exported files.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFile } from '../dicom/index-file';
import { StudyIndexBuilder } from '../dicom/study-index';
import { SAMPLES } from '../dicom/test-helpers';
import { layoutFiles, type Manifest } from '../manifest';
import { buildManifest, orderFiles, selectShare, SHARE_EVERYTHING } from '../share-plan';
import { DicomError } from '../dicom/errors';
import { makeTestCd } from '../dicom/test-helpers';
import { FileSet } from './file-set';
import { readmeText } from './readme';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

/**
 * A manifest as the sender would make it for these files, named relative to `root` (checksums are
 * not used here): what parses is indexed, the rest skipped, and `selection` applied.
 */
function manifestOf(paths: string[], root = SAMPLES, selection = SHARE_EVERYTHING): { manifest: Manifest; bytes: Uint8Array[] } {
  const byPath = new Map(paths.map((p) => [relative(root, p), new Uint8Array(readFileSync(p))]));
  const builder = new StudyIndexBuilder();
  for (const [path, bytes] of byPath) {
    try {
      builder.add(indexFile(path, bytes));
    } catch (e) {
      if (!(e instanceof DicomError)) throw e;
      builder.skip({ path, size: bytes.length, code: e.code, reason: e.message });
    }
  }
  const index = selectShare(builder.build(), selection);
  const ordered = orderFiles(index);
  const { placements } = layoutFiles(ordered.map((f) => f.size));
  const manifest = buildManifest(
    index,
    { ordered, sha256: ordered.map(() => '0'.repeat(64)), placements, objects: [], objectSize: 1 << 25, recordSize: 1 << 18 },
    '',
    new Date(0)
  );
  return { manifest, bytes: manifest.files.map((f) => byPath.get(f.path)!) };
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the export's files and DICOMDIR into a fresh folder, as unzipping would. */
function exportTo(paths: string[], root = SAMPLES, selection = SHARE_EVERYTHING) {
  const { manifest, bytes } = manifestOf(paths, root, selection);
  const set = new FileSet(manifest);
  bytes.forEach((b, i) => set.add(i, b));
  const dir = mkdtempSync(join(tmpdir(), 'discless-dicomdir-'));
  made.push(dir);
  set.names.forEach((name, i) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes[i]);
  });
  writeFileSync(join(dir, 'DICOMDIR'), set.dicomdir());
  return { dir, manifest, set };
}

const dcmdump = (...args: string[]) => execFileSync('dcmdump', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface DumpedRecord {
  type: string;
  offset: number;
  next: number;
  lower: number;
  fileId: string;
  /** Referenced SOP Instance and Transfer Syntax UID in File. */
  sopInstanceUid: string;
  transferSyntaxUid: string;
  keys: Record<string, string>;
}

/** The records of a DICOMDIR as dcmdump reads them, with the item offsets it reports. */
function records(file: string): { first: number; last: number; list: DumpedRecord[] } {
  const out = dcmdump('-q', '+L', file);
  const value = (tag: string, text: string) => new RegExp(`^\\s*\\(${tag}\\) \\w\\w (.*?)\\s+#`, 'm').exec(text)?.[1] ?? '';
  const list = out.split(/\(fffe,e000\) na "Directory Record"/).slice(1).map((chunk): DumpedRecord => {
    const keys: Record<string, string> = {};
    for (const m of chunk.matchAll(/^\s*\(([0-9a-f]{4},[0-9a-f]{4})\) \w\w (.*?)\s+#/gm)) if (!/^(0004|fffe)/.test(m[1])) keys[m[1]] = m[2];
    return {
      type: /^ ([A-Z ]+?) #=/.exec(chunk)![1],
      offset: Number(/offset=\$(\d+)/.exec(chunk)![1]),
      next: Number(value('0004,1400', chunk)),
      lower: Number(value('0004,1420', chunk)),
      fileId: /refFileID="([^"]*)"/.exec(chunk)?.[1] ?? '',
      sopInstanceUid: value('0004,1511', chunk),
      transferSyntaxUid: value('0004,1512', chunk),
      keys
    };
  });
  return { first: Number(value('0004,1200', out)), last: Number(value('0004,1202', out)), list };
}

const CD = walk(join(SAMPLES, 'dicomdir-pcir'));
const MIXED = ['test-SR.dcm', 'rtplan.dcm', 'rtdose.dcm', 'waveform_ecg.dcm', 'MR_small_bigendian.dcm', 'image_dfl.dcm', 'JPEG2000.dcm'].map((f) => join(SAMPLES, f));

describe('DICOMDIR of an export', () => {
  const cd = exportTo(CD);

  it('gives every file a PS3.10 file ID (≤ 8 components of A–Z, 0–9, _ and ≤ 8 characters)', () => {
    expect(new Set(cd.set.names).size).toBe(cd.set.names.length);
    for (const name of cd.set.names.filter((n) => n.startsWith('DICOM/'))) {
      const parts = name.split('/');
      expect(parts.length, name).toBeLessThanOrEqual(8);
      for (const part of parts) expect(part, name).toMatch(/^[A-Z0-9_]{1,8}$/);
    }
  });

  it('is read by dcmdump with records whose next and lower offsets land on records', () => {
    const { first, last, list } = records(join(cd.dir, 'DICOMDIR'));
    const at = new Map(list.map((r) => [r.offset, r]));
    expect(at.get(first)?.type).toBe('PATIENT');
    expect(at.get(last)?.type).toBe('PATIENT');
    for (const r of list) {
      if (r.next) expect(at.get(r.next)?.type, `next of ${r.type} at ${r.offset}`).toBe(r.type);
      if (r.lower) expect(at.has(r.lower), `lower of ${r.type} at ${r.offset}`).toBe(true);
    }
    const count = (type: string) => list.filter((r) => r.type === type).length;
    expect([count('PATIENT'), count('STUDY'), count('SERIES'), count('IMAGE')]).toEqual([2, 6, 13, 31]);
    // Following the links from the first root reaches every record exactly once.
    const seen = new Set<number>();
    const visit = (offset: number) => {
      for (let r = at.get(offset); r; r = r.next ? at.get(r.next) : undefined) {
        expect(seen.has(r.offset)).toBe(false);
        seen.add(r.offset);
        if (r.lower) visit(r.lower);
      }
    };
    visit(first);
    expect(seen.size).toBe(list.length);
  });

  it('references each image by its new file ID, with that file\'s own SOP instance and transfer syntax', () => {
    const images = records(join(cd.dir, 'DICOMDIR')).list.filter((r) => r.type === 'IMAGE');
    const files = images.map((r) => join(cd.dir, ...r.fileId.split('\\')));
    // One dcmdump for all files: per file, its name, then Transfer Syntax and SOP Instance UID.
    const dump = dcmdump('-q', '+F', '+P', '0002,0010', '+P', '0008,0018', ...files);
    const own = dump.split(/^# dcmdump \(\d+\/\d+\): /m).slice(1);
    expect(own).toHaveLength(images.length);
    images.forEach((r, i) => {
      expect(own[i].startsWith(files[i]), r.fileId).toBe(true);
      expect(own[i], r.fileId).toContain(`UI ${r.transferSyntaxUid}`);
      expect(own[i], r.fileId).toContain(`UI ${r.sopInstanceUid}`);
    });
    const ids = images.map((r) => r.fileId.replaceAll('\\', '/')).sort();
    expect(ids).toEqual(cd.set.names.filter((n) => n.startsWith('DICOM/')).sort());
  });

  it('lists the same records with the same keys as dcmtk\'s dcmmkdir for the same files', () => {
    const reference = join(cd.dir, 'REFERENCE');
    execFileSync('dcmmkdir', ['-q', '+r', '+id', cd.dir, '+D', reference, 'DICOM'], { cwd: cd.dir });
    const identity: Record<string, string> = { PATIENT: '0010,0020', STUDY: '0020,000d', SERIES: '0020,000e' };
    const byIdentity = (file: string) =>
      new Map(records(file).list.map((r) => [`${r.type} ${r.fileId || r.keys[identity[r.type]]}`, r.keys]));
    const ours = byIdentity(join(cd.dir, 'DICOMDIR'));
    const theirs = byIdentity(reference);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [id, keys] of theirs) {
      // dcmtk writes the character set only where it is needed; ours copies each file's own.
      const { '0008,0005': _, ...expected } = keys;
      expect(ours.get(id), id).toMatchObject(expected);
    }
  });

  it('keeps the sender\'s DICOMDIR under a name no importer takes for a DICOMDIR', () => {
    const i = cd.manifest.files.findIndex((f) => f.kind === 'directory');
    expect(cd.set.names[i]).toBe('SENDERCD/DICOMDIR.OLD');
  });

  it('lists SR, RT, waveform, big endian, deflated and JPEG 2000 files under their record types', () => {
    const mixed = exportTo(MIXED);
    const list = records(join(mixed.dir, 'DICOMDIR')).list;
    const types = list.filter((r) => r.fileId).map((r) => r.type).sort();
    expect(types).toEqual(['IMAGE', 'IMAGE', 'IMAGE', 'RT DOSE', 'RT PLAN', 'SR DOCUMENT', 'WAVEFORM']);
    expect(mixed.set.listed).toBe(MIXED.length);
  });

  it('writes a README naming patient, counts, the checksum check, DICOMDIR and personal data', () => {
    const text = readmeText(cd.manifest, cd.set);
    expect(text).toContain('DOE, Peter');
    expect(text).toContain('In all: 32 files (31 images, 0 other DICOM objects)');
    expect(text).toContain('SHA-256');
    expect(text).toContain('DICOMDIR');
    expect(text).toContain('personal health information');
    expect(text).toContain('DICOM/ST000001/SE000001/IM000001 <- dicomdir-pcir/');
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  });

  it('says in the README when the files are de-identified copies, with the method, not that they are the originals', () => {
    const method = 'DICOM PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1, edition 2024b)';
    const text = readmeText({ ...cd.manifest, deidentified: { method, codes: ['113100'] } }, cd.set);
    expect(text).toContain('THE FILES ARE DE-IDENTIFIED COPIES');
    expect(text).toContain(method);
    expect(text).not.toContain('THE FILES ARE THE ORIGINALS');
    expect(text).not.toContain('personal health information about the patient named above');
  });
});

describe('DICOMDIR of an export of a CD with every kind of object (tests/fixtures/make-cd.sh)', () => {
  const folder = makeTestCd();
  const cd = exportTo(walk(folder), folder, { ...SHARE_EVERYTHING, otherFiles: true });
  const list = records(join(cd.dir, 'DICOMDIR')).list;
  const fileRecords = list.filter((r) => r.fileId);

  it('points a record at every DICOM object, pixel-less instances and private classes included', () => {
    const objects = cd.manifest.files.filter((f) => f.kind !== 'directory' && f.kind !== 'file');
    expect(objects).toHaveLength(32);
    expect(fileRecords).toHaveLength(32);
    expect(cd.set.listed).toBe(32);
    expect(new Set(fileRecords.map((r) => r.sopInstanceUid))).toEqual(new Set(objects.map((f) => `[${f.sopInstanceUid}]`)));
    const types: Record<string, number> = {};
    for (const r of fileRecords) types[r.type] = (types[r.type] ?? 0) + 1;
    expect(types).toEqual({
      IMAGE: 25, // 3 CT with pixels, 20 without, the padded-UID CT and the big-endian MR
      'KEY OBJECT DOC': 1,
      PRESENTATION: 1,
      'SR DOCUMENT': 1,
      'ENCAP DOC': 1,
      WAVEFORM: 1,
      'RT PLAN': 1,
      PRIVATE: 1
    });
  });

  it('gives a private record its class as Private Record UID', () => {
    const privateRecord = fileRecords.find((r) => r.type === 'PRIVATE')!;
    expect(privateRecord.sopInstanceUid).toBe('[2.25.31415926535897932384626433832795.6.1]');
    expect(dcmdump('-q', join(cd.dir, 'DICOMDIR'))).toMatch(/\(0004,1432\) UI \[1\.3\.6\.1\.4\.1\.5962\.99\.1\.2001\.1\]/);
  });

  it('puts the files that are not DICOM under NOT_DICOM with their original paths, and says so in README.TXT', () => {
    const carried = cd.manifest.files.map((f, i) => [f, cd.set.names[i]] as const).filter(([f]) => f.kind === 'file');
    expect(carried.map(([, name]) => name)).toEqual(['NOT_DICOM/AUTORUN.INF', 'NOT_DICOM/INDEX.HTM', 'NOT_DICOM/VIEWER/VIEWER.EXE']);
    const text = readmeText(cd.manifest, cd.set);
    expect(text).toContain('In all: 36 files (5 images, 27 other DICOM objects, 3 files that are not DICOM)');
    expect(text).toContain('NOT_DICOM holds 3 files');
  });

  it('names in README.TXT the files that could not be shared and how many the sender left out', () => {
    const partial = exportTo(walk(folder), folder, { ...SHARE_EVERYTHING, series: new Set(['2.25.31415926535897932384626433832795.3']) });
    const text = readmeText(partial.manifest, partial.set);
    expect(text).toContain('NOT IN THIS SHARE');
    expect(text).toContain('The sender chose not to share 20 DICOM files of the disc.');
    expect(text).toContain('  VIEWER/VIEWER.EXE (not DICOM)');
  });
});
