// Which files of a share go into a PACS. Every DICOM object the sender shared, as it was on the CD:
// images, reports, PDFs and other objects; not the CD's own DICOMDIR (an index of the disc, which a
// PACS does not store) and not a file that is no DICOM object (it has no SOP Instance UID).

import type { Manifest, ManifestFile } from '../core/manifest';

export interface PacsInstance {
  /** The file's index in the manifest. */
  index: number;
  size: number;
  sopInstanceUid: string;
  sopClassUid: string;
  studyUid: string;
  seriesUid: string;
}

export function isDicomInstance(file: ManifestFile): boolean {
  return file.kind !== 'directory' && file.sopInstanceUid !== '' && file.sopClassUid !== '';
}

/** In share order, which is the order the files lie in the store: reading them is sequential. */
export function pacsInstances(manifest: Manifest): PacsInstance[] {
  return manifest.files.flatMap((file, index) =>
    isDicomInstance(file)
      ? [{ index, size: file.size, sopInstanceUid: file.sopInstanceUid, sopClassUid: file.sopClassUid, studyUid: file.studyUid, seriesUid: file.seriesUid }]
      : []
  );
}
