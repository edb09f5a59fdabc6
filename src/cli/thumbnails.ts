// Series thumbnails for the manifest, as the staff page makes them (src/lib/indexing/thumbnail.ts):
// the middle image of each series, decoded by the same core (wasm codecs load from node_modules),
// windowed and scaled by the same function; only the JPEG encoder differs, jpeg-js in place of the
// browser's canvas, at the same quality. A thumbnail that cannot be made is simply missing.

import jpeg from 'jpeg-js';
import type { StudyIndex } from '../lib/core/dicom/study-index';
import { MAX_THUMBNAIL_CHARS } from '../lib/core/manifest';
import { decodeFrame } from '../lib/core/pixels/decode-frame';
import { thumbnailPixels } from '../lib/indexing/thumbnail';
import { middleImage } from '../lib/sender/thumbnails';

const QUALITY = 75;

export async function makeThumbnails(index: StudyIndex, files: Record<string, File>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const series of index.patients.flatMap((p) => p.studies.flatMap((s) => s.series))) {
    const middle = middleImage(series);
    const file = middle && files[middle.path];
    if (!middle || !file) continue;
    try {
      const pixels = thumbnailPixels(await decodeFrame(new Uint8Array(await file.arrayBuffer()), middle.frame, {}));
      const encoded = jpeg.encode({ data: pixels.rgba, width: pixels.width, height: pixels.height }, QUALITY);
      const url = `data:image/jpeg;base64,${Buffer.from(encoded.data).toString('base64')}`;
      if (url.length <= MAX_THUMBNAIL_CHARS) out[series.seriesUid] = url;
    } catch {
      // Not decodable here, or damaged: the viewer shows the series without a picture.
    }
  }
  return out;
}
