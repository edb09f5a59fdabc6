// The command line as scripts use it: the real bin/discless.mjs as a child process, against the real
// store of `npm start`, with the browser on the other side. A CLI share opens in the viewer and
// exports bit-identical; a browser share comes out of `discless get` bit-identical, and with
// --fileset laid out as the viewer's export; PINs work both ways; a CLI revoke makes the viewer say
// so; a damaged file stops `get` by name; an upload killed half-way continues without re-sending.

import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { cli, readHistory, startCli, tempDir } from './support/cli';
import { CD, shareWithWrongChecksum } from './support/damaged-share';
import { decodeQr } from './support/qr';
import { exportShare, SAMPLES, sha256, walk } from './support/sender-flow';
import { startHoldingProxy } from './support/holding-proxy';

const PIN = '4821';

/** Every file under `dir` by its path relative to `dir`'s parent, as shares name them. */
function originals(dir: string): Record<string, string> {
  return Object.fromEntries(walk(dir).map((path) => [relative(join(dir, '..'), path), sha256(readFileSync(path))]));
}

function expectSameFiles(actual: Record<string, Uint8Array>, dir: string) {
  const expected = originals(dir);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [path, digest] of Object.entries(expected)) expect(sha256(actual[path]), path).toBe(digest);
}

function readTree(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(walk(dir).map((path) => [relative(dir, path), new Uint8Array(readFileSync(path))]));
}

async function unlock(page: Page, link: string, pin: string) {
  await page.goto(link);
  await page.getByTestId('pin').fill(pin);
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
}

test('a folder shared by the CLI opens in the viewer, with thumbnails, and exports bit-identical', async ({ browser, page, baseURL }) => {
  const dir = tempDir('share');
  const history = join(dir, 'history.json');
  const run = await cli(['share', CD, '--store', baseURL!, '--yes', '--allow-multiple-patients', '--json', '--label', 'For Dr X', '--history', history, '--qr', join(dir, 'code.png'), '--handout', join(dir, 'handout.pdf')]);
  expect(run.code, run.stderr).toBe(0);
  // The review, with the indexer's own reasons for what it skips, precedes the upload.
  expect(run.stderr).toContain('Patient  DOE, Peter');
  expect(run.stderr).toMatch(/Uploading .*100%/);
  const out = JSON.parse(run.stdout);
  expect(out).toMatchObject({ shareId: expect.stringMatching(/^[0-9a-f]{32}$/), pin: null, ownerTokenFile: history, counts: { patients: 2, files: 32, images: 31 } });
  expect(statSync(history).mode & 0o777).toBe(0o600);
  expect(decodeQr(readFileSync(join(dir, 'code.png')))).toBe(out.link);
  const pdf = await PDFDocument.load(readFileSync(join(dir, 'handout.pdf')));
  expect(pdf.getPages().map((p) => p.getSize())).toEqual([{ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) }]);

  await page.goto(out.link);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('series-thumbnail').first()).toBeVisible();
  expectSameFiles(await exportShare(browser, out.link), CD);

  const status = await cli(['status', out.shareId, '--history', history, '--json']);
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ state: 'active', openedCount: 2 });
});

test('a share made in the browser comes out of `discless get` bit-identical, and as the same File-set as the export', async ({ browser, page }) => {
  await page.goto('/');
  await page.getByTestId('pick-folder').setInputFiles(CD);
  await page.getByTestId('confirm-multiple-patients').check();
  await page.getByTestId('confirm-identity').check();
  await page.getByTestId('create-share').click();
  const link = (await page.getByTestId('share-link').getAttribute('href', { timeout: 60_000 }))!;

  const dir = tempDir('get');
  const plain = await cli(['get', link, '--out', join(dir, 'plain'), '--json']);
  expect(plain.code, plain.stderr).toBe(0);
  expect(JSON.parse(plain.stdout)).toMatchObject({ files: 32, images: 31 });
  expectSameFiles(readTree(join(dir, 'plain')), CD);

  const fileset = await cli(['get', link, '-o', join(dir, 'fileset'), '--fileset']);
  expect(fileset.code, fileset.stderr).toBe(0);
  const context = await browser.newContext({ acceptDownloads: true });
  const viewer = await context.newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
  const downloading = viewer.waitForEvent('download');
  await viewer.getByTestId('export-dicom').click();
  const zip = unzipSync(new Uint8Array(readFileSync((await (await downloading).path())!)));
  await context.close();
  const tree = readTree(join(dir, 'fileset'));
  expect(Object.keys(tree).sort()).toEqual(Object.keys(zip).sort());
  for (const name of Object.keys(zip).filter((n) => n !== 'DICOMDIR')) expect(sha256(tree[name]), name).toBe(sha256(zip[name]));
  // Each DICOMDIR gets a fresh instance UID, which moves every offset: compare the records' keys.
  const records = (bytes: Uint8Array) => {
    const path = join(dir, `dicomdir-${sha256(bytes)}`);
    writeFileSync(path, bytes);
    const dump = spawnSync('dcmdump', ['-q', path], { encoding: 'utf8' }).stdout;
    return dump.split('\n').filter((line) => !/\((0002,0000|0002,0003|0004,1200|0004,1202|0004,1400|0004,1410|0004,1420)\)|offset=\$/.test(line));
  };
  expect(records(zip.DICOMDIR).filter((line) => line.includes('(0004,1430)'))).toHaveLength(2 + 6 + 13 + 31);
  expect(records(tree.DICOMDIR)).toEqual(records(zip.DICOMDIR));
});

test('PINs work both ways: a CLI share opens in the viewer with its PIN, a browser share with a PIN through get', async ({ browser, page, baseURL }) => {
  const dir = tempDir('pin');
  const shared = await cli(['share', join(SAMPLES, 'CT_small.dcm'), '--store', baseURL!, '--yes', '--pin', PIN, '--json', '--history', join(dir, 'h.json')]);
  expect(shared.code, shared.stderr).toBe(0);
  const { link, pin } = JSON.parse(shared.stdout);
  expect(pin).toBe(PIN);
  await unlock(page, link, PIN);

  // A browser share with a PIN: no PIN, a wrong one, then the right one, from a script.
  const staff = await browser.newPage();
  await staff.goto('/');
  await staff.getByTestId('pick-files').setInputFiles(join(SAMPLES, 'CT_small.dcm'));
  await staff.getByTestId('confirm-identity').check();
  await staff.getByTestId('pin').fill(PIN);
  await staff.getByTestId('create-share').click();
  const browserLink = (await staff.getByTestId('share-link').getAttribute('href', { timeout: 60_000 }))!;
  const none = await cli(['get', browserLink, '-o', join(dir, 'none')]);
  expect(none.code).toBe(4);
  expect(none.stderr).toContain('[pin-required]');
  const wrong = await cli(['get', browserLink, '-o', join(dir, 'wrong'), '--pin', '0000']);
  expect(wrong.code).toBe(4);
  expect(wrong.stderr).toMatch(/4 tries left.*\[wrong-pin\]/);
  const right = await cli(['get', browserLink, '-o', join(dir, 'right'), '--pin', PIN]);
  expect(right.code, right.stderr).toBe(0);
  expect(sha256(readFileSync(join(dir, 'right', 'CT_small.dcm')))).toBe(sha256(readFileSync(join(SAMPLES, 'CT_small.dcm'))));
});

test('revoke by CLI makes the viewer say revoked; unknown and revoked shares exit 3', async ({ page, baseURL }) => {
  const dir = tempDir('revoke');
  const history = join(dir, 'h.json');
  const shared = await cli(['share', join(SAMPLES, 'CT_small.dcm'), '--store', baseURL!, '--yes', '--json', '--history', history]);
  const { link, shareId } = JSON.parse(shared.stdout);
  const asked = await cli(['revoke', shareId, '--history', history]);
  expect(asked.code).toBe(2); // no terminal to ask on, and no --yes
  const revoked = await cli(['revoke', shareId.slice(0, 8), '--history', history, '--yes']);
  expect(revoked.code, revoked.stderr).toBe(0);
  await page.goto(link);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'revoked', { timeout: 30_000 });
  const status = await cli(['status', shareId, '--history', history]);
  expect(status.code).toBe(3);
  expect(status.stdout).toContain('revoked');
  const get = await cli(['get', link, '-o', join(dir, 'out')]);
  expect(get.code).toBe(3);
  const unknown = await cli(['get', `${baseURL}/v#1${'A'.repeat(43)}`, '-o', join(dir, 'out')]);
  expect(unknown.code).toBe(3);
  expect((await cli(['get', `${baseURL}/v#1abc`, '-o', join(dir, 'out')])).code).toBe(2);
});

test('a damaged file stops get with its name and leaves nothing under its name', async ({ baseURL }) => {
  const { link, path } = await shareWithWrongChecksum(baseURL!, (p) => p.endsWith('CT2/17106'));
  const out = join(tempDir('damaged'), 'out');
  const run = await cli(['get', link, '-o', out]);
  expect(run.code).toBe(5);
  expect(run.stderr).toContain(path);
  expect(run.stderr).toContain('[damaged]');
  const written = walk(out).map((p) => relative(out, p));
  expect(written).not.toContain(path);
  expect(written.filter((p) => p.includes('discless-partial'))).toEqual([]);
});

test('an upload killed half-way continues with `share --continue` and stores every object once', async ({ baseURL }) => {
  test.setTimeout(300_000);
  // About 74 MB: three 32 MiB objects.
  const dir = tempDir('continue');
  const folder = join(dir, 'CT');
  mkdirSync(folder);
  for (let i = 0; i < 140; i++) copyFileSync(join(SAMPLES, 'CTImage.dcm'), join(folder, `IM${String(i).padStart(4, '0')}`));
  const history = join(dir, 'h.json');
  // Object 1 never reaches the store while held: the upload is certainly half-way when killed.
  const proxy = await startHoldingProxy(baseURL!, /\/objects\/1$/);
  try {
    // A killed process cannot clean up: its temporary objects (ciphertext) stay in the test's folder.
    const first = startCli(['share', folder, '--store', proxy.origin, '--app', baseURL!, '--yes', '--history', history], { TMPDIR: dir });
    await expect.poll(() => { try { return readHistory(history).shares[0]?.salts.map(Boolean); } catch { return null; } }, { timeout: 120_000 }).toEqual([true, false, true]);
    first.child.kill('SIGKILL');
    await first.done;
    const { shareId } = readHistory(history).shares[0];
    proxy.release();
    const before = proxy.stored.length;
    const again = await cli(['share', '--continue', shareId, '--history', history]);
    expect(again.code, again.stderr).toBe(0);
    const link = again.stdout.trim();
    expect(proxy.puts.slice(before).map((p) => p.split('/').slice(-2).join('/'))).toEqual(['objects/1', `${shareId}/manifest`]);
    const objects = proxy.stored.filter((p) => p.includes('/objects/')).map((p) => p.split('/').pop()).sort();
    expect(objects).toEqual(['0', '1', '2']);
    const out = join(dir, 'out');
    expect((await cli(['get', link, '-o', out])).code).toBe(0);
    expectSameFiles(readTree(out), folder);
  } finally {
    await proxy.close();
  }
});
