// The studies the benchmark shares, made once with ../shared/tools/make-study.sh from the real
// 512×512 CT slice and kept in bench/data/ (gitignored) for later runs.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** name → [slices, transfer syntax]; 1,900 slices × 530,698 bytes ≈ 1.0 GB. */
export const STUDIES = {
  ct1: [1, 'raw'],
  ct600: [600, 'raw'],
  'ct600-jls': [600, 'jpegls'],
  ct1900: [1900, 'raw'],
  'ct20-jll': [20, 'jpegll'],
  'ct20-jls': [20, 'jpegls'],
  'ct20-rle': [20, 'rle']
};

/** Makes the studies `names` (all by default) where missing; returns their folders by name. */
export function prepareData(root, names = Object.keys(STUDIES)) {
  const shared = join(root, '..', 'shared');
  const source = join(shared, 'dicom-samples', 'CT1_UNC.explicit_little_endian.dcm');
  const dirs = {};
  for (const name of names) {
    const [slices, syntax] = STUDIES[name];
    const dir = join(root, 'bench', 'data', name);
    dirs[name] = dir;
    if (existsSync(dir)) continue;
    // Written aside and renamed, so an interrupted run never leaves a half study that looks finished.
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    console.log(`preparing ${name}: ${slices} slices, ${syntax}`);
    const made = spawnSync(join(shared, 'tools', 'make-study.sh'), [source, String(slices), partial, syntax], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`make-study.sh failed for ${name}`);
    renameSync(partial, dir);
  }
  return dirs;
}

export function folderBytes(dir) {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

export function folderFiles(dir) {
  return readdirSync(dir).sort().map((name) => join(dir, name));
}
