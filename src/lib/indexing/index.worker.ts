import { expandZip } from '../sender/zip-input';
import { serve } from '../workers/rpc';
import { indexBatch, type DroppedFile } from './index-files';
import { browserCodecs } from '../imaging/codec-wasm';
import { makeThumbnail, type ThumbnailRequest } from './thumbnail';

serve({
  index: (files: DroppedFile[], emit) => indexBatch(files, emit),
  thumbnail: (request: ThumbnailRequest) => makeThumbnail(request, browserCodecs),
  unzip: (zip: DroppedFile) => expandZip(zip)
});
