import { createShare, type CreateShareInput } from './create-share';
import { serve } from '../workers/rpc';

serve({
  create: (input: CreateShareInput, emit) => createShare(input, emit)
});
