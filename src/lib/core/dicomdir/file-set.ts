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

import type { DpDataSet } from 'dicom-parser';
import { parseFile } from '../dicom/parse';
import type { Manifest, ManifestFile, ManifestSeries, ManifestStudy } from '../manifest';
import { encodeDicomdir, text, type DirElement, type DirRecord } from './encode';
import { recordTypeOf } from './record-types';

export const FILE_SET_ID = 'DISCLESS';

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
  /** How many files the DICOMDIR lists: not the sender's DICOMDIR, nor files of no series or of a
   *  SOP class that has no record type. */
  readonly listed: number;
  private readonly patients: PlannedPatient[];
  private readonly owner = new Map<number, { patient: PlannedPatient; study: PlannedStudy; series: PlannedSeries }>();
  private readonly instanceKeys = new Map<number, DirElement[]>();

  constructor(private readonly manifest: Manifest) {
    const names: string[] = new Array(manifest.files.length);
    const byPatient = new Map<string, PlannedPatient>();
    let studyNumber = 0;
    for (const study of manifest.studies) {
      const key = JSON.stringify([study.patient.id, study.patient.name, study.patient.birthDate]);
      let patient = byPatient.get(key);
      if (!patient) byPatient.set(key, (patient = { keys: null, studies: [] }));
      const plannedStudy: PlannedStudy = { keys: null, study, series: [] };
      const studyDir = number('ST', ++studyNumber);
      for (const series of study.series) {
        const planned: PlannedSeries = { keys: null, series, files: [] };
        const seriesDir = number('SE', plannedStudy.series.length + 1);
        for (const i of series.files) {
          if (names[i] !== undefined) continue; // a writer listed a file twice: it is exported once
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
    let others = 0;
    manifest.files.forEach((file, i) => {
      if (names[i] !== undefined) return;
      if (file.kind === 'directory') {
        directories++;
        names[i] = `SENDERCD/DICOMDIR${directories > 1 ? directories : ''}.OLD`;
      } else {
        names[i] = `DICOM/OTHER/${number('OT', ++others)}`;
      }
    });
    this.names = names;
    this.listed = [...this.owner.keys()].filter((i) => this.recordType(manifest.files[i])).length;
  }

  private recordType(file: ManifestFile): string | null {
    return recordTypeOf(file.sopClassUid, file.kind === 'image');
  }

  /** Takes the record keys of file `index` from its (verified) bytes; call once per file, any order. */
  add(index: number, bytes: Uint8Array): void {
    const owner = this.owner.get(index);
    if (!owner) return;
    let ds: DpDataSet | null = null;
    try {
      ds = parseFile(bytes).ds;
    } catch {
      // The sender's browser indexed this very file, so this does not happen; if it did, the file is
      // still exported and listed, with the manifest's UIDs and empty keys.
    }
    owner.patient.keys ??= copyKeys(ds, PATIENT_KEYS, true);
    owner.study.keys ??= copyKeys(ds, STUDY_KEYS, true);
    owner.series.keys ??= copyKeys(ds, SERIES_KEYS, true);
    this.instanceKeys.set(index, copyKeys(ds, INSTANCE_KEYS, true));
  }

  private instanceRecord(i: number): DirRecord | null {
    const file = this.manifest.files[i];
    const type = this.recordType(file);
    if (!type) return null;
    return {
      type,
      fileId: this.names[i].split('/'),
      file: { sopClassUid: file.sopClassUid, sopInstanceUid: file.sopInstanceUid, transferSyntaxUid: file.transferSyntaxUid },
      elements: this.instanceKeys.get(i) ?? copyKeys(null, INSTANCE_KEYS, false),
      children: []
    };
  }

  /** The DICOMDIR for the files added so far (all of them, once the export has read every file). */
  dicomdir(instanceUid?: string): Uint8Array {
    const nonEmpty = (r: DirRecord) => r.children.length > 0;
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
                children: series.files.map((i) => this.instanceRecord(i)).filter((r): r is DirRecord => r !== null)
              }))
              .filter(nonEmpty)
          }))
          .filter(nonEmpty)
      }))
      .filter(nonEmpty);
    return encodeDicomdir(roots, { fileSetId: FILE_SET_ID, instanceUid });
  }
}

/** `keys` with `fallback` in place of an empty or missing element of the same tag. */
function withFallback(keys: DirElement[], fallback: DirElement): DirElement[] {
  if (keys.some((e) => e.tag === fallback.tag && e.value.length) || !fallback.value.length) return keys;
  return [...keys.filter((e) => e.tag !== fallback.tag), fallback];
}
