// cornerstone-core 2.6.1 ships no types: just the parts Discless uses.
declare module 'cornerstone-core' {
  type PixelArray =
    | Int8Array
    | Uint8Array
    | Int16Array
    | Uint16Array
    | Int32Array
    | Uint32Array
    | Float32Array;

  export interface Image {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => PixelArray;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    columnPixelSpacing?: number;
    rowPixelSpacing?: number;
    invert: boolean;
    sizeInBytes: number;
    /** A VOI LUT over modality values; the default viewport takes it, and it overrides the window. */
    voiLUT?: { firstValueMapped: number; numBitsPerEntry: number; lut: number[] };
  }

  export interface ImageLoadObject {
    promise: Promise<Image>;
  }

  export type ImageLoader = (imageId: string) => ImageLoadObject;

  export interface Viewport {
    voi: { windowWidth: number; windowCenter: number };
    invert: boolean;
    scale: number;
    translation: { x: number; y: number };
    voiLUT?: Image['voiLUT'];
  }

  export interface ImageRenderedDetail {
    element: HTMLElement;
    image: Image;
    viewport: Viewport;
  }

  const cornerstone: {
    registerImageLoader(scheme: string, loader: ImageLoader): void;
    loadAndCacheImage(imageId: string): Promise<Image>;
    enable(element: HTMLElement): void;
    disable(element: HTMLElement): void;
    displayImage(element: HTMLElement, image: Image, viewport?: Partial<Viewport>): void;
    getDefaultViewportForImage(element: HTMLElement, image: Image): Viewport;
    getViewport(element: HTMLElement): Viewport | undefined;
    pageToPixel(element: HTMLElement, pageX: number, pageY: number): { x: number; y: number };
    pixelToCanvas(element: HTMLElement, point: { x: number; y: number }): { x: number; y: number };
    setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
    resize(element: HTMLElement, forcedResize?: boolean): void;
    renderToCanvas(canvas: HTMLCanvasElement, image: Image): void;
    imageCache: {
      purgeCache(): void;
      setMaximumSizeBytes(bytes: number): void;
    };
    EVENTS: { IMAGE_RENDERED: 'cornerstoneimagerendered' };
  };
  export default cornerstone;
}
