// What the viewer lists of a share, read from its manifest: series to look at (those with images,
// and those of objects without pixels, which are listed with their count and shown as tags, never
// hidden), documents (series of documents only, and objects of no series), the files carried as
// they are, and what the sender could not share. Pure, so every list is tested in Node.

import { OBJECT_KINDS, type Manifest, type ManifestFile, type ManifestSeries, type ManifestStudy } from '../core/manifest';

export interface SeriesContents {
  study: ManifestStudy;
  series: ManifestSeries;
  /** Per image (a multi-frame file once per frame), the manifest's file that holds it. */
  frames: { file: number; frame: number; sliceLocation: number | null }[];
  /** The series' files that hold no image: pixel-less instances, documents, private objects. */
  objects: number[];
}

export interface ShareContents {
  series: SeriesContents[];
  documents: { index: number; file: ManifestFile }[];
  /** Files of the disc that are not DICOM, in the download under their own names. */
  carried: number;
}

const isDocumentSeries = (series: ManifestSeries, files: ManifestFile[]) => series.files.every((i) => files[i].kind === 'document');

export function shareContents(manifest: Manifest): ShareContents {
  const { files } = manifest;
  const series: SeriesContents[] = [];
  const documents: number[] = [];
  const inSeries = new Set<number>();
  for (const study of manifest.studies) {
    for (const s of study.series) {
      s.files.forEach((i) => inSeries.add(i));
      if (isDocumentSeries(s, files)) {
        documents.push(...s.files);
        continue;
      }
      series.push({
        study,
        series: s,
        frames: s.files.flatMap((file) =>
          Array.from({ length: files[file].kind === 'image' ? (files[file].image?.frames ?? 1) : 0 }, (_, frame) => ({
            file,
            frame,
            sliceLocation: files[file].image?.sliceLocation ?? null
          }))
        ),
        objects: s.files.filter((i) => files[i].kind !== 'image')
      });
    }
  }
  files.forEach((f, i) => !inSeries.has(i) && OBJECT_KINDS.has(f.kind) && documents.push(i));
  return {
    series,
    documents: [...new Set(documents)].map((index) => ({ index, file: files[index] })),
    carried: files.filter((f) => f.kind === 'file').length
  };
}
