import { DicomError } from '../../dicom/errors';
import type { PixelLayout } from '../types';

/**
 * Where a codec's .wasm file is served from, by its file name; undefined leaves it to the codec
 * (beside its script, which is right in Node). The browser's decode worker passes the bundler's URLs.
 */
export type WasmUrl = (file: string) => string | undefined;

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

/** The API all four @cornerstonejs codec builds share (Emscripten embind classes). */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

type CodecModule = Record<string, new () => WasmDecoder>;
type Factory = (options: { locateFile?: (file: string, directory: string) => string }) => Promise<CodecModule>;

// Dynamic imports, so a study that needs no codec never downloads one, and each only the one it needs.
const CODECS = {
  'libjpeg-turbo': {
    load: () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
    decoder: 'JPEGDecoder'
  },
  charls: { load: () => import('@cornerstonejs/codec-charls/decodewasmjs'), decoder: 'JpegLSDecoder' },
  openjpeg: { load: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'), decoder: 'J2KDecoder' },
  openjph: { load: () => import('@cornerstonejs/codec-openjph/wasmjs'), decoder: 'HTJ2KDecoder' }
} as const;

export type WasmCodec = keyof typeof CODECS;

const modules = new Map<WasmCodec, Promise<CodecModule>>();

function instantiate(codec: WasmCodec, wasmUrl: WasmUrl | undefined): Promise<CodecModule> {
  let module = modules.get(codec);
  if (!module) {
    module = CODECS[codec].load().then(({ default: factory }) =>
      (factory as unknown as Factory)({ locateFile: (file, directory) => wasmUrl?.(file) ?? directory + file })
    );
    // A failed download may succeed later (the network came back): do not keep the failure.
    module.catch(() => modules.delete(codec));
    modules.set(codec, module);
  }
  return module;
}

/**
 * Decodes one frame's codestream with a wasm codec into the uncompressed little-endian layout,
 * samples interleaved. `name` is what the patient is told is damaged if the codestream is.
 */
export async function decodeWithWasm(
  codec: WasmCodec,
  name: string,
  codestream: Uint8Array,
  layout: PixelLayout,
  wasmUrl: WasmUrl | undefined
): Promise<{ bytes: Uint8Array; layout: PixelLayout }> {
  const module = await instantiate(codec, wasmUrl);
  const decoder = new module[CODECS[codec].decoder]();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    try {
      decoder.decode();
    } catch {
      // Emscripten throws a bare pointer for a C++ exception: nothing worth showing.
      throw new DicomError('malformed', `The ${name} image data in this file is damaged.`);
    }
    const info = decoder.getFrameInfo();
    if (info.width !== layout.columns || info.height !== layout.rows || info.componentCount !== layout.samplesPerPixel) {
      throw new DicomError('malformed', `The ${name} image data does not match the image size the file states.`);
    }
    // The decoded buffer is a view into the codec's memory, reused by the next decode: copy it out.
    const bytes = fitSampleWidth(decoder.getDecodedBuffer().slice(), info.bitsPerSample <= 8 ? 1 : 2, layout);
    return { bytes, layout: { ...layout, planarConfiguration: 0 } };
  } finally {
    decoder.delete();
  }
}

/** A codestream may carry 8-bit samples in a file that allocates 16 bits for them, or the reverse. */
export function fitSampleWidth(bytes: Uint8Array, width: number, layout: PixelLayout): Uint8Array {
  const allocated = layout.bitsAllocated / 8;
  if (width === allocated) return bytes;
  if (width === 1 && allocated === 2) {
    const wide = new Uint16Array(bytes.length);
    // Signed 8-bit samples stay negative when widened.
    for (let i = 0; i < bytes.length; i++) wide[i] = layout.pixelRepresentation === 1 ? (bytes[i] << 24) >> 24 : bytes[i];
    return new Uint8Array(wide.buffer);
  }
  throw new DicomError('malformed', 'The compressed image data does not match the bit depth the file states.');
}
