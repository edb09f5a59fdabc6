// The decode worker's handlers, apart from the worker's global scope so Node tests can run them.
import { decodeFrame } from '$lib/core/pixels/decode-frame';
import type { DecodeOptions } from '$lib/core/pixels/transfer-syntaxes';
import { transferring, type Handlers } from '$lib/workers/rpc';

export interface DecodeArgs {
  /** The whole DICOM file, transferred. */
  bytes: ArrayBuffer;
  frame: number;
}

/** `options` says where the codecs' wasm files are served; Node leaves them beside their scripts. */
export function decodeHandlers(options: DecodeOptions = {}): Handlers {
  return {
    decode: async ({ bytes, frame }: DecodeArgs) => {
      const decoded = await decodeFrame(new Uint8Array(bytes), frame, options);
      return transferring(decoded, [decoded.pixelData.buffer as ArrayBuffer]);
    }
  };
}
