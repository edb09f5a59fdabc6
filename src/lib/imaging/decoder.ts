// Main-thread side of decoding: one module worker, reused, so parsing never blocks scrolling or input.
import type { DecodedFrame } from '$lib/core/pixels/types';
import { WorkerClient } from '$lib/workers/rpc';
import type { DecodeArgs } from './decode-handlers';

let client: WorkerClient | null = null;

/**
 * Decodes frame `frame` (0-based) of a DICOM file in the decode worker. `bytes` is transferred, so it
 * is detached (zero length) once this returns; pass a copy to keep it. Rejects with the DicomError's
 * code and message (as a DisclessError).
 */
export function decode(bytes: ArrayBuffer, frame: number): Promise<DecodedFrame> {
  // A worker that died is replaced: whoever waited was failed, the next image gets a fresh one.
  if (!client?.alive) {
    client = new WorkerClient(new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' }), 'The image decoder');
  }
  return client.call<DecodedFrame>('decode', { bytes, frame } satisfies DecodeArgs, { transfer: [bytes] });
}
