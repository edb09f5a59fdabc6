export type GreyPixels =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array;

/** One frame, ready for a renderer: stored values for grey images, 8-bit RGBA for colour ones. */
export interface DecodedFrame {
  rows: number;
  columns: number;
  /** Frames in the whole file, so a caller can check the index it asked for. */
  frames: number;
  photometric: string;
  color: boolean;
  /** Grey: one stored value per pixel (Bits Stored applied). Colour: RGBA, 4 bytes per pixel. */
  pixelData: GreyPixels;
  minPixelValue: number;
  maxPixelValue: number;
  slope: number;
  intercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  /** VOI LUT Function (0028,1056) for that window: LINEAR (the default), LINEAR_EXACT or SIGMOID. */
  voiLutFunction: string;
  /** MONOCHROME1: low values are white. */
  invert: boolean;
  /** Physical distance between pixel centres in mm: [between rows, between columns]. */
  pixelSpacing: [number, number] | null;
}

/** The Image Pixel module attributes every step after parsing needs. */
export interface PixelLayout {
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  /** 0 samples interleaved per pixel, 1 one plane per sample. */
  planarConfiguration: number;
  photometric: string;
  /** Float Pixel Data (7fe0,0008) or Double Float Pixel Data (7fe0,0009) rather than integers. */
  float: boolean;
}
