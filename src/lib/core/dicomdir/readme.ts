// README.TXT of an export: what a receiving clinic reads first when it opens the folder. Plain words,
// CRLF line ends and a UTF-8 byte order mark, so that Notepad on any Windows shows names correctly.

import { utf8 } from '../bytes';
import { SKIP_REASONS } from '../dicom/errors';
import { OBJECT_KINDS, type Manifest } from '../manifest';
import { NOT_DICOM_FOLDER, type FileSet } from './file-set';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

export function readmeText(manifest: Manifest, fileSet: FileSet): string {
  const files = manifest.files;
  const images = files.filter((f) => f.kind === 'image').length;
  const objects = files.filter((f) => OBJECT_KINDS.has(f.kind)).length - images;
  const carried = files.filter((f) => f.kind === 'file').length;
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const lines: string[] = [
    'DICOM FILES EXPORTED FROM DISCLESS',
    '==================================',
    '',
    'This folder holds a copy of medical images that a hospital or clinic shared with Discless.',
    ''
  ];
  if (manifest.label) lines.push(`Note from the sender: ${manifest.label}`, '');
  for (const study of manifest.studies) {
    const p = study.patient;
    const instances = study.series.reduce((n, s) => n + s.files.length, 0);
    lines.push(
      `Patient: ${p.name || '(no name)'}   ID: ${p.id || '-'}   Born: ${p.birthDate || '-'}   Sex: ${p.sex || '-'}`,
      `Study:   ${study.date || '(no date)'}  ${study.modalities.join('/')}  ${study.description}`.trimEnd(),
      `         ${count(study.series.length, 'series', 'series')}, ${count(instances, 'file')}`,
      ''
    );
  }
  const kinds = [count(images, 'image'), count(objects, 'other DICOM object'), ...(carried ? [count(carried, 'file that is not DICOM', 'files that are not DICOM')] : [])];
  lines.push(
    `In all: ${count(files.length, 'file')} (${kinds.join(', ')}), ${megabytes(bytes)}.`,
    '',
    ...(manifest.deidentified
      ? [
          'THE FILES ARE DE-IDENTIFIED COPIES',
          "The sender's browser copied every file with the patient's name, IDs, birth date, the people",
          'involved and every UID replaced or removed, before anything was encrypted or sent:',
          `  ${manifest.deidentified.method}.`,
          'The patient is named by a pseudonym. The pixel data is unchanged: text burned into an image',
          'by the scanner stays, and only images the sender looked at and included may show any.',
          'Every file is exactly, bit for bit, the copy the sender shared; its SHA-256 checksum was',
          'compared with the one recorded when it was shared before it was written here; all matched.'
        ]
      : [
          'THE FILES ARE THE ORIGINALS',
          'Every file is exactly, bit for bit, the file the sender shared. Before each file was written',
          'here, its SHA-256 checksum was compared with the one recorded when it was shared; all matched.'
        ]),
    'Only the file names are new: DICOM media allow names of at most 8 capital letters or digits.',
    '',
    'HOW TO IMPORT',
    'Import this folder into your PACS or DICOM viewer as you would a patient CD: choose the file',
    `named DICOMDIR at the top of the folder. It lists ${count(fileSet.listed, 'file')} by patient, study and series.`,
    'Images are in the folder DICOM, one folder per study (ST...) and series (SE...).'
  );
  const others = fileSet.names.filter((n) => n.startsWith('DICOM/OTHER/')).length;
  const unlisted = images + objects - fileSet.listed;
  if (others) {
    lines.push(`DICOM/OTHER holds ${count(others, 'object')} of no study or series; DICOMDIR lists them at its top level.`);
  }
  if (unlisted) {
    lines.push(`${count(unlisted, 'DICOM file')} lack the UIDs a DICOMDIR needs to list them; import them directly if needed.`);
  }
  if (carried) {
    lines.push(
      `${NOT_DICOM_FOLDER} holds ${count(carried, 'file')} of the sender's disc that are not DICOM (for example a viewer`,
      'program), under their original names and exactly as the sender had them. Do not import them.'
    );
  }
  if (fileSet.names.some((n) => n.startsWith('SENDERCD/'))) {
    lines.push(
      "SENDERCD holds the index (DICOMDIR) of the sender's CD, renamed DICOMDIR.OLD. It points to the",
      "CD's old file names, so do not import from it; it is kept only so that no original is left out."
    );
  }
  const omitted = manifest.omitted ?? [];
  if (omitted.length || manifest.leftOut) {
    lines.push('', 'NOT IN THIS SHARE');
    if (manifest.leftOut) lines.push(`The sender chose not to share ${count(manifest.leftOut, 'DICOM file')} of the disc.`);
    if (omitted.length) {
      lines.push(`These ${count(omitted.length, 'file')} of the sender's disc could not be shared:`);
      lines.push(...omitted.map((o) => `  ${o.path} (${SKIP_REASONS[o.code] ?? o.code})`));
    }
  }
  lines.push(
    '',
    'PERSONAL HEALTH DATA',
    ...(manifest.deidentified
      ? [
          'These files should not name the patient, but they are still health data about a person, and',
          'free text or a picture can hold a detail no rule catches. Keep them confidential, and do not',
          'try to find out who the patient is.'
        ]
      : [
          'These files contain personal health information about the patient named above, inside every',
          'file. Keep them only on systems approved for patient data, do not send them by ordinary e-mail,',
          'and delete this copy once the images are imported.'
        ]),
    '',
    'WHERE EACH FILE CAME FROM (name here <- name on the sender\'s disc)',
    ...files.map((f, i) => `${fileSet.names[i]} <- ${f.path}`),
    ''
  );
  return lines.join('\r\n');
}

export function readmeBytes(manifest: Manifest, fileSet: FileSet): Uint8Array {
  return utf8(`\uFEFF${readmeText(manifest, fileSet)}`);
}
