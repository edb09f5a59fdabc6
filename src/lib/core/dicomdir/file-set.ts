// Lays a share's files out as a DICOM File-set (PS3.10, PS3.12) and writes its DICOMDIR.
//
// A DICOMDIR can only name files by IDs of up to 8 components of up to 8 characters from A–Z 0–9 _,
// and a CD's paths ("dicomdir-pcir/77654033/CR1/6154") often break that, so every file gets a new
// name: DICOM/ST000001/SE000001/IM000001 (study, series within the study, instance within the
// series). The bytes are not touched. Record keys come from the files themselves as they are read,
// copied as encoded (with their Specific Character Set), so names in any script survive.
//
// The sender's own DICOMDIR (kind 'directory') names the CD's paths, which no longer exist here; an
// importer that found it would fail or import nothing. It is kept (the export is every original file,
// bit-identical) but under SENDERCD/DICOMDIR.OLD, a name no importer treats as a DICOMDIR.
//
// Every DICOM object gets a record, whatever it holds: images without pixels and documents by the
// record type of their class (PS3.3 F.5, sop-classes.ts), objects of a private class as PRIVATE
// records. Objects that name no study or series (hanging protocols, palettes, or a damaged header)
// go to DICOM/OTHER and are listed at the top of the directory. Files of the disc that are not DICOM
// (carried as they are, kind 'file') go under NOT_DICOM/ with their original paths.

import type { DpDataSet } from 'dicom-parser';
import { parseFile } from '../dicom/parse';
import { recordTypeOf, TOP_LEVEL_RECORD_TYPES } from '../dicom/sop-classes';
import { OBJECT_KINDS, type Manifest, type ManifestFile, type ManifestSeries, type ManifestStudy } from '../manifest';
import { safeRelativePath, uniqueNames } from '../safe-path';
import { encodeDicomdir, text, type DirElement, type DirRecord } from './encode';

export const FILE_SET_ID = 'DISCLESS';
/** The folder of the export that holds the files of the disc that are not DICOM. */
export const NOT_DICOM_FOLDER = 'NOT_DICOM';

interface Group {
  /** Keys copied from the first file of the group that was read. */
  keys: DirElement[] | null;
}

interface PlannedSeries extends Group {
  series: ManifestSeries;
  files: number[];
}

interface PlannedStudy extends Group {
  study: ManifestStudy;
  series: PlannedSeries[];
}

interface PlannedPatient extends Group {
  studies: PlannedStudy[];
}

const CHARSET = 0x00080005;
const PATIENT_KEYS: [number, string][] = [[0x00100010, 'PN'], [0x00100020, 'LO'], [0x00100030, 'DA'], [0x00100040, 'CS']];
const STUDY_KEYS: [number, string][] = [
  [0x00080020, 'DA'], [0x00080030, 'TM'], [0x00080050, 'SH'], [0x00081030, 'LO'], [0x00200010, 'SH']
];
const SERIES_KEYS: [number, string][] = [[0x00080060, 'CS'], [0x0008103e, 'LO'], [0x00200011, 'IS']];
/** Instance Number for every record, Image Type as dcmtk lists it; the rest are the keys of SR,
 *  encapsulated document and presentation state records (PS3.3 F.5), present only in such files. */
const INSTANCE_KEYS: [number, string][] = [
  [0x00080008, 'CS'], [0x00080023, 'DA'], [0x00080033, 'TM'], [0x00200013, 'IS'], [0x00420012, 'LO'], [0x0040a491, 'CS'],
  [0x0040a493, 'CS'], [0x00700080, 'CS'], [0x00700081, 'LO'], [0x00700082, 'DA'], [0x00700083, 'TM']
];
/** Type 1 and 2 keys written even when the file lacks them (empty), so every record has its shape. */
const ALWAYS = new Set([0x00100010, 0x00100020, 0x00080020, 0x00080030, 0x00080050, 0x00081030, 0x00200010, 0x00080060, 0x00200011, 0x00200013]);

const tagKey = (tag: number) => `x${tag.toString(16).padStart(8, '0')}`;
const number = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`;

/** The encoded values of `keys` in a data set; absent ones empty when required, else left out. */
function copyKeys(ds: DpDataSet | null, keys: [number, string][], withCharset: boolean): DirElement[] {
  const out: DirElement[] = [];
  for (const [tag, vr] of withCharset ? [[CHARSET, 'CS'] as [number, string], ...keys] : keys) {
    const el = ds?.elements[tagKey(tag)];
    // A short-VR value cannot exceed 65,534 bytes in explicit VR; a longer one (possible in implicit
    // VR) is left out rather than written with a wrong length.
    const present = ds && el && el.length > 0 && el.length < 0xffff && !el.items;
    if (present) out.push({ tag, vr, value: ds.byteArray.slice(el.dataOffset, el.dataOffset + el.length) });
    else if (ALWAYS.has(tag)) out.push({ tag, vr, value: new Uint8Array(0) });
  }
  return out;
}

export class FileSet {
  /** The path of each manifest file in the export, by file index. */
  readonly names: string[];
  /** How many files the DICOMDIR lists: every DICOM object that has its UIDs. */
  readonly listed: number;
  private readonly patients: PlannedPatient[];
  private readonly owner = new Map<number, { patient: PlannedPatient; study: PlannedStudy; series: PlannedSeries }>();
  /** DICOM objects of no study or series, listed at the top of the DICOMDIR. */
  private readonly loose: number[] = [];
  private readonly instanceKeys = new Map<number, DirElement[]>();

  constructor(private readonly manifest: Manifest) {
    const names: string[] = new Array(manifest.files.length);
    const byPatient = new Map<string, PlannedPatient>();
    let studyNumber = 0;
    // A STUDY or SERIES record needs its UID: objects of a study or series without one are loose.
    for (const study of manifest.studies.filter((s) => s.uid)) {
      const key = JSON.stringify([study.patient.id, study.patient.name, study.patient.birthDate]);
      let patient = byPatient.get(key);
      if (!patient) byPatient.set(key, (patient = { keys: null, studies: [] }));
      const plannedStudy: PlannedStudy = { keys: null, study, series: [] };
      const studyDir = number('ST', ++studyNumber);
      for (const series of study.series.filter((s) => s.uid)) {
        const planned: PlannedSeries = { keys: null, series, files: [] };
        const seriesDir = number('SE', plannedStudy.series.length + 1);
        for (const i of series.files) {
          // A file listed twice is exported once; only DICOM objects belong in a series folder.
          if (names[i] !== undefined || !OBJECT_KINDS.has(manifest.files[i].kind)) continue;
          names[i] = ['DICOM', studyDir, seriesDir, number('IM', planned.files.length + 1)].join('/');
          planned.files.push(i);
          this.owner.set(i, { patient, study: plannedStudy, series: planned });
        }
        if (planned.files.length) plannedStudy.series.push(planned);
      }
      if (plannedStudy.series.length) patient.studies.push(plannedStudy);
      else studyNumber--;
    }
    this.patients = [...byPatient.values()].filter((p) => p.studies.length);
    let directories = 0;
    const carried = manifest.files.flatMap((file, i) => (file.kind === 'file' ? [i] : []));
    uniqueNames(carried.map((i) => `${NOT_DICOM_FOLDER}/${safeRelativePath(manifest.files[i].path)}`)).forEach((name, k) => (names[carried[k]] = name));
    manifest.files.forEach((file, i) => {
      if (names[i] !== undefined) return;
      if (file.kind === 'directory') {
        directories++;
        names[i] = `SENDERCD/DICOMDIR${directories > 1 ? directories : ''}.OLD`;
      } else {
        names[i] = `DICOM/OTHER/${number('OT', this.loose.push(i))}`;
      }
    });
    this.names = names;
    this.listed = [...this.owner.keys(), ...this.loose].filter((i) => this.fileRecord(i, false)).length;
  }

  /** Takes the record keys of file `index` from its (verified) bytes; call once per file, any order. */
  add(index: number, bytes: Uint8Array): void {
    const owner = this.owner.get(index);
    if (!owner && !this.loose.includes(index)) return;
    let ds: DpDataSet | null = null;
    try {
      ds = parseFile(bytes).ds;
    } catch {
      // The sender's browser indexed this very file, so this does not happen; if it did, the file is
      // still exported and listed, with the manifest's UIDs and empty keys.
    }
    if (owner) {
      owner.patient.keys ??= copyKeys(ds, PATIENT_KEYS, true);
      owner.study.keys ??= copyKeys(ds, STUDY_KEYS, true);
      owner.series.keys ??= copyKeys(ds, SERIES_KEYS, true);
    }
    this.instanceKeys.set(index, copyKeys(ds, INSTANCE_KEYS, true));
  }

  /**
   * The record that points at file `i`, of the type its class is listed with; PRIVATE (with the
   * class as its Private Record UID) for a class the standard lacks, and for a loose object whose
   * type cannot stand at the top. Null for an object without its UIDs, which no record can name.
   */
  private fileRecord(i: number, loose: boolean): DirRecord | null {
    const file: ManifestFile = this.manifest.files[i];
    if (!file.sopInstanceUid || !file.sopClassUid) return null;
    let type = recordTypeOf(file.sopClassUid);
    if (loose && !TOP_LEVEL_RECORD_TYPES.has(type)) type = 'PRIVATE';
    const elements = this.instanceKeys.get(i) ?? copyKeys(null, INSTANCE_KEYS, false);
    return {
      type,
      fileId: this.names[i].split('/'),
      file: { sopClassUid: file.sopClassUid, sopInstanceUid: file.sopInstanceUid, transferSyntaxUid: file.transferSyntaxUid },
      elements: type === 'PRIVATE' ? [...elements, text(0x00041432, 'UI', file.sopClassUid)] : elements,
      children: []
    };
  }

  /** The DICOMDIR for the files added so far (all of them, once the export has read every file). */
  dicomdir(instanceUid?: string): Uint8Array {
    const nonEmpty = (r: DirRecord) => r.children.length > 0;
    const records = (files: number[], loose: boolean) => files.map((i) => this.fileRecord(i, loose)).filter((r): r is DirRecord => r !== null);
    const roots = this.patients
      .map((patient): DirRecord => ({
        type: 'PATIENT',
        elements: patient.keys ?? copyKeys(null, PATIENT_KEYS, false),
        children: patient.studies
          .map((study): DirRecord => ({
            type: 'STUDY',
            elements: [...(study.keys ?? copyKeys(null, STUDY_KEYS, false)), text(0x0020000d, 'UI', study.study.uid)],
            children: study.series
              .map((series): DirRecord => ({
                type: 'SERIES',
                elements: [
                  // Modality is type 1: the manifest's value stands in when the file has none.
                  ...withFallback(series.keys ?? copyKeys(null, SERIES_KEYS, false), text(0x00080060, 'CS', series.series.modality)),
                  text(0x0020000e, 'UI', series.series.uid)
                ],
                children: records(series.files, false)
              }))
              .filter(nonEmpty)
          }))
          .filter(nonEmpty)
      }))
      .filter(nonEmpty);
    return encodeDicomdir([...roots, ...records(this.loose, true)], { fileSetId: FILE_SET_ID, instanceUid });
  }
}

/** `keys` with `fallback` in place of an empty or missing element of the same tag. */
function withFallback(keys: DirElement[], fallback: DirElement): DirElement[] {
  if (keys.some((e) => e.tag === fallback.tag && e.value.length) || !fallback.value.length) return keys;
  return [...keys.filter((e) => e.tag !== fallback.tag), fallback];
}
