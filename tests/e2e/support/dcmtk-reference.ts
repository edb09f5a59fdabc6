// Reference renderings made by dcmtk's dcmj2pnm at test time, and the PGM/PPM reader for them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Raster {
  width: number;
  height: number;
  /** 1 (PGM) or 3 (PPM) bytes per pixel. */
  channels: number;
  pixels: Uint8Array;
}

/** Binary PGM (P5) or PPM (P6) with a maxval of 255, as dcmj2pnm writes by default. */
export function readPnm(bytes: Uint8Array): Raster {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at++;
    if (bytes[at] === 0x23) {
      while (bytes[at] !== 0x0a) at++;
      continue;
    }
    let field = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]))) field += String.fromCharCode(bytes[at++]);
    fields.push(field);
  }
  const [magic, width, height, max] = fields;
  if ((magic !== 'P5' && magic !== 'P6') || max !== '255') throw new Error(`unexpected PNM header ${fields.join(' ')}`);
  const channels = magic === 'P5' ? 1 : 3;
  const start = at + 1;
  return { width: Number(width), height: Number(height), channels, pixels: bytes.subarray(start, start + Number(width) * Number(height) * channels) };
}

/**
 * Compressed files are decompressed first: dcmj2pnm cannot pick one frame of a JPEG file without a
 * Basic Offset Table, nor read JPEG-LS, so dcmtk's own dcmdjpeg and dcmdjpls do it; dcmtk has no JPEG
 * 2000 codec, so GDCM's gdcmconv (libgdcm-tools) decompresses those. dcmj2pnm reads RLE itself.
 */
const DECOMPRESSORS: Record<string, (input: string, output: string) => [string, string[]]> = {
  '1.2.840.10008.1.2.4.50': (input, output) => ['dcmdjpeg', [input, output]],
  '1.2.840.10008.1.2.4.51': (input, output) => ['dcmdjpeg', [input, output]],
  '1.2.840.10008.1.2.4.57': (input, output) => ['dcmdjpeg', [input, output]],
  '1.2.840.10008.1.2.4.70': (input, output) => ['dcmdjpeg', [input, output]],
  '1.2.840.10008.1.2.4.80': (input, output) => ['dcmdjpls', [input, output]],
  '1.2.840.10008.1.2.4.81': (input, output) => ['dcmdjpls', [input, output]],
  '1.2.840.10008.1.2.4.90': (input, output) => ['gdcmconv', ['--raw', input, output]],
  '1.2.840.10008.1.2.4.91': (input, output) => ['gdcmconv', ['--raw', input, output]]
};

/**
 * Each frame of `file` as dcmj2pnm renders it, frame by frame (so that `+Wm` spans one frame, as in
 * the viewer), overlays off (the viewer draws none), with the VOI options given (`+Wi 1`, `+Wm`,
 * `+Ww c w`; none for colour).
 */
export function dcmtkFrames(file: string, syntax: string, frames: number, voi: string[], outDir: string): Raster[] {
  const base = join(outDir, basename(file));
  let input = file;
  const decompress = DECOMPRESSORS[syntax];
  if (decompress) {
    const [tool, args] = decompress(file, `${base}.native.dcm`);
    execFileSync(tool, args, { stdio: 'pipe' });
    input = `${base}.native.dcm`;
  }
  return Array.from({ length: frames }, (_, frame) => {
    const output = `${base}.${frame}.pnm`;
    execFileSync('dcmj2pnm', ['-O', '+F', String(frame + 1), ...voi, input, output], { stdio: 'pipe' });
    return readPnm(readFileSync(output));
  });
}
