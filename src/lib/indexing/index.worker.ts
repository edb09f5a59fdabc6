import { serve } from '../workers/rpc';
import { indexFiles, type DroppedFile } from './index-files';

serve({
  index: (files: DroppedFile[], emit) => indexFiles(files, emit)
});
