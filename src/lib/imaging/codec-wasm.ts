// Where the codecs' wasm files are served. `?url` makes each .wasm a hashed asset and gives its
// address without fetching it: a codec's wasm is downloaded only when its script asks for it, i.e.
// when a frame first needs that codec. Imported by every worker that decodes (viewer, thumbnails).
import charls from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurbo from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpeg from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openjph from '@cornerstonejs/codec-openjph/wasm?url';
import type { DecodeOptions } from '$lib/core/pixels/transfer-syntaxes';

const WASM = new Map([
  ['charlswasm_decode.wasm', charls],
  ['libjpegturbowasm_decode.wasm', libjpegTurbo],
  ['openjpegwasm_decode.wasm', openjpeg],
  ['openjphjs.wasm', openjph]
]);

export const browserCodecs: DecodeOptions = { wasmUrl: (file) => WASM.get(file) };
