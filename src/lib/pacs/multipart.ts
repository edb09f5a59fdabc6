// The body of a STOW-RS request (PS3.18 §10.5.1, §8.6.1.2): multipart/related (RFC 2387) with one
// application/dicom part per instance, each the original PS3.10 file byte for byte. The parts are
// Blob pieces, so the browser streams the files without copying them into one buffer.

import { toHex } from '../core/bytes';

export const DICOM_PART_TYPE = 'application/dicom';

/**
 * 128 random bits: a boundary must not occur inside any part (RFC 2046 §5.1.1). Scanning every file
 * for it would cost a pass over the study; a random one of this length collides with probability
 * about n × 2⁻¹²⁸. Token characters only, so it needs no quotes (Orthanc 1.7's parser mishandled
 * quoted boundaries).
 */
export function newBoundary(): string {
  return `discless-${toHex(crypto.getRandomValues(new Uint8Array(16)))}`;
}

/** `type` is quoted because a media type holds a "/", which is not a token character. */
export function stowContentType(boundary: string): string {
  return `multipart/related; type="${DICOM_PART_TYPE}"; boundary=${boundary}`;
}

/** The CRLF before each delimiter belongs to the delimiter (RFC 2046), not to the part before it. */
export function stowBody(parts: Uint8Array[], boundary: string): Blob {
  const head = `--${boundary}\r\nContent-Type: ${DICOM_PART_TYPE}\r\n\r\n`;
  const pieces: BlobPart[] = [];
  parts.forEach((part, i) => pieces.push(i === 0 ? head : `\r\n${head}`, part as Uint8Array<ArrayBuffer>));
  pieces.push(`\r\n--${boundary}--\r\n`);
  return new Blob(pieces);
}
