import { serve } from '../workers/rpc';
import { createShare, type CreateShareInput } from './create-share';

serve({
  create: (input: CreateShareInput, emit) => createShare(input, emit)
});
