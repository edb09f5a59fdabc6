// dicom-parser ships its own index.d.ts, but it declares no default export, while its UMD build
// only has one under Node's ESM loader (named imports are undefined there). This declaration merges
// into that module and types just the default object and the fields we use; names are prefixed so
// they cannot collide with the shipped declarations.
declare module 'dicom-parser' {
  export interface DpElement {
    tag: string;
    /** Present for explicit VR transfer syntaxes. */
    vr?: string;
    length: number;
    dataOffset: number;
    hadUndefinedLength?: boolean;
    items?: DpItem[];
  }

  export interface DpItem {
    dataSet?: DpDataSet;
  }

  export interface DpDataSet {
    byteArray: Uint8Array;
    elements: Record<string, DpElement | undefined>;
    warnings?: string[];
    /** Set on the File Meta data set returned by readPart10Header: where the main data set starts. */
    position?: number;
    /** Reads with the data set's byte order (big endian for 1.2.840.10008.1.2.2). */
    uint16(tag: string, index?: number): number | undefined;
  }

  export interface DpParseOptions {
    /** Transfer syntax to assume for a data set without preamble and File Meta. */
    TransferSyntaxUID?: string;
  }

  /** Thrown once parsing of the main data set has started; earlier failures throw a string or an Error. */
  export interface DpParseFailure {
    exception: unknown;
    dataSet?: DpDataSet;
  }

  const dicomParser: {
    parseDicom(byteArray: Uint8Array, options?: DpParseOptions): DpDataSet;
    readPart10Header(byteArray: Uint8Array): DpDataSet;
  };
  export default dicomParser;
}
