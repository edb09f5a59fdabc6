// dcmjs ships no types; Discless uses only its DICOM data dictionary (tag → name, VR).
declare module 'dcmjs' {
  export const data: {
    DicomMetaDictionary: { dictionary: Record<string, { tag: string; name: string; vr: string; vm: string }> };
  };
}
