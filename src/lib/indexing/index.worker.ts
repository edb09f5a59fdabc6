import { expandZip } from '../sender/zip-input';
import { serve } from '../workers/rpc';
import { indexBatch, type DroppedFile } from './index-files';
import { browserCodecs } from '../imaging/codec-wasm';
import { makeThumbnail, type ThumbnailRequest } from './thumbnail';
import { Deidentifier, type DeidSettings } from '../core/deid/deidentify';
import { surveyFiles } from '../core/deid/plan';
import { blobSource, heldSource } from '../core/deid/source';
import { planPart, type PlanPart } from '../share/shared-content';

serve({
  index: (files: DroppedFile[], emit) => indexBatch(files, emit),
  thumbnail: (request: ThumbnailRequest) => makeThumbnail(request, browserCodecs),
  unzip: (zip: DroppedFile) => expandZip(zip),
  // De-identification on the review: what the files hold, then one file before and after.
  'deid-survey': (files: (DroppedFile & { head?: Uint8Array })[], emit) =>
    surveyFiles(files.map((f) => ({ path: f.path, source: heldSource(f.file, f.head) })), emit),
  'deid-preview': async ({ file, settings, identifiers }: { file: File; settings: DeidSettings; identifiers: string[] }) =>
    (await Deidentifier.create(settings, identifiers)).preview(blobSource(file)),
  // A run of a de-identified share's files planned on the review (src/lib/sender/deid.svelte.ts).
  'deid-plan-part': (part: PlanPart) => planPart(part)
});
