import { readFileSync } from 'node:fs';

/**
 * JPGExtended.dcm relabelled as multi-component JPEG 2000 (1.2.840.10008.1.2.4.92), which the viewer
 * does not decode: both UIDs are 22 characters, so the File Meta lengths stay right.
 */
export function unsupportedSyntaxFile(samples: string): Buffer {
  const bytes = readFileSync(`${samples}/JPGExtended.dcm`);
  const from = Buffer.from('1.2.840.10008.1.2.4.51');
  const at = bytes.indexOf(from);
  if (at < 0 || at > 1000) throw new Error('transfer syntax UID not found in the File Meta');
  Buffer.from('1.2.840.10008.1.2.4.92').copy(bytes, at);
  return bytes;
}
