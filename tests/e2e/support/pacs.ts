// The PACS side of the e2e tests: a study made for sending, the local Orthanc behind nginx
// (scripts/local-pacs.mjs, the configuration of docs/DEPLOY.md) and what Orthanc itself holds.

import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPacs, type LocalPacs } from '../../../scripts/local-pacs.mjs';
import { SAMPLES, sha256, walk } from './sender-flow';

export type { LocalPacs } from '../../../scripts/local-pacs.mjs';
export { startPacs };

const STUDY_UID = '2.25.4242001';
export const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.33';

/**
 * One patient, one study, five series in five transfer syntaxes: explicit VR little endian CT,
 * JPEG lossless NM, JPEG-LS MR, RLE MR, and a structured report. Copies of real samples made one
 * study with dcmodify (new SOP Instance UIDs, meta header updated; the pixel data untouched).
 */
export function makeMixedStudy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'discless-pacs-study-'));
  const series: [string, number][] = [
    ['CT1_UNC.explicit_little_endian.dcm', 3],
    ['JPEG-LL.dcm', 2],
    ['MR_small_jpeg_ls_lossless.dcm', 2],
    ['MR_small_RLE.dcm', 2],
    ['test-SR.dcm', 1]
  ];
  series.forEach(([sample, count], s) => {
    for (let i = 1; i <= count; i++) {
      const file = join(dir, `S${s + 1}I${i}.dcm`);
      copyFileSync(join(SAMPLES, sample), file);
      chmodSync(file, 0o644);
      const set = ['(0010,0010)=PACS^TEST', '(0010,0020)=PACS-1', `(0020,000D)=${STUDY_UID}`, `(0020,000E)=${STUDY_UID}.${s + 1}`, `(0020,0011)=${s + 1}`, `(0020,0013)=${i}`];
      execFileSync('dcmodify', ['-nb', '-gin', ...set.flatMap((v) => ['-i', v]), file], { stdio: 'pipe' });
    }
  });
  return dir;
}

/** A study of `slices` uncompressed 512×512 CT slices (530 kB each), by ../shared/tools/make-study.sh. */
export function makeCtStudy(slices: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'discless-pacs-ct-'));
  execFileSync(join(SAMPLES, '..', 'tools', 'make-study.sh'), [join(SAMPLES, 'CT1_UNC.explicit_little_endian.dcm'), String(slices), dir, 'raw'], { stdio: 'pipe' });
  return dir;
}

/** SOP Instance UID → SHA-256 of each file of a folder, read with dcmdump. */
export function originals(dir: string): Map<string, string> {
  return new Map(
    walk(dir).map((file) => {
      const uid = /\[([0-9.]+)\]/.exec(execFileSync('dcmdump', ['-q', '+P', '0008,0018', file], { encoding: 'utf8' }))![1];
      return [uid, sha256(readFileSync(file))];
    })
  );
}

/** What Orthanc holds, asked through its own REST API: SOP Instance UID → SHA-256 of the stored file. */
export async function stored(pacs: LocalPacs): Promise<{ counts: Record<string, number>; files: Map<string, string> }> {
  const counts = (await (await pacs.rest('/statistics')).json()) as Record<string, number>;
  const ids = (await (await pacs.rest('/instances')).json()) as string[];
  const files = new Map<string, string>();
  for (const id of ids) {
    const tags = (await (await pacs.rest(`/instances/${id}/simplified-tags`)).json()) as { SOPInstanceUID: string };
    files.set(tags.SOPInstanceUID, sha256(new Uint8Array(await (await pacs.rest(`/instances/${id}/file`)).arrayBuffer())));
  }
  return { counts, files };
}

/** The request lines nginx logged: method, path, status and request length. */
export function logged(pacs: LocalPacs) {
  return pacs
    .accessLog()
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [method, path, status, length] = line.split(' ');
      return { method, path, status: Number(status), length: Number(length) };
    });
}

/** Opens the dialog and fills in the PACS and its login. */
export async function fillPacs(page: Page, pacs: LocalPacs, password = pacs.password, remember = false): Promise<void> {
  await page.getByTestId('send-to-pacs').click();
  await expect(page.getByTestId('pacs-dialog')).toBeVisible();
  await page.getByTestId('pacs-url').fill(pacs.url);
  await page.getByTestId('pacs-auth').selectOption('basic');
  await page.getByTestId('pacs-user').fill(pacs.user);
  await page.getByTestId('pacs-password').fill(password);
  if (remember) await page.getByTestId('pacs-remember').check();
}
