// The decode worker's handlers, apart from the worker's global scope so Node tests can run them.
import { decodeFrame } from '$lib/core/pixels/decode-frame';
import { transferring, type Handlers } from '$lib/workers/rpc';

export interface DecodeArgs {
  /** The whole DICOM file, transferred. */
  bytes: ArrayBuffer;
  frame: number;
}

export const decodeHandlers: Handlers = {
  decode: ({ bytes, frame }: DecodeArgs) => {
    const decoded = decodeFrame(new Uint8Array(bytes), frame);
    return transferring(decoded, [decoded.pixelData.buffer as ArrayBuffer]);
  }
};
