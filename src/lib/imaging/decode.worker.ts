import { serve } from '$lib/workers/rpc';
import { browserCodecs } from './codec-wasm';
import { decodeHandlers } from './decode-handlers';

serve(decodeHandlers(browserCodecs));
