import { expandZip } from '../sender/zip-input';
import { serve } from '../workers/rpc';
import { indexBatch, type DroppedFile } from './index-files';
import { browserCodecs } from '../imaging/codec-wasm';
import { makeThumbnail, type ThumbnailRequest } from './thumbnail';
import { Deidentifier, type DeidSettings } from '../core/deid/deidentify';
import { surveyFiles } from '../core/deid/plan';
import { blobSource } from '../core/deid/source';

serve({
  index: (files: DroppedFile[], emit) => indexBatch(files, emit),
  thumbnail: (request: ThumbnailRequest) => makeThumbnail(request, browserCodecs),
  unzip: (zip: DroppedFile) => expandZip(zip),
  // De-identification on the review: what the files hold, then one file before and after.
  'deid-survey': (files: DroppedFile[], emit) => surveyFiles(files.map((f) => ({ path: f.path, source: blobSource(f.file) })), emit),
  'deid-preview': async ({ file, settings, identifiers }: { file: File; settings: DeidSettings; identifiers: string[] }) =>
    (await Deidentifier.create(settings, identifiers)).preview(blobSource(file))
});
