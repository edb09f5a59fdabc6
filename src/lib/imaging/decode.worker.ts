import { serve } from '$lib/workers/rpc';
import { decodeHandlers } from './decode-handlers';

serve(decodeHandlers);
