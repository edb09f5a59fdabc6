// The codec packages ship no declarations; wasm.ts and jpeg-lossless.ts type what they use.
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: unknown;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** The samples, `bytesPerSample` each (a Uint16Array for 2), interleaved. */
    decode(buffer: ArrayBuffer, offset: number, length: number, bytesPerSample?: number): Uint8Array | Uint16Array;
  }
}
