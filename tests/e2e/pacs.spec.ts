// Issue 11 on real parts: a share sent from the viewer into a real Orthanc (Debian's, with its
// DICOMweb plugin, authentication on) behind nginx for CORS, exactly as docs/DEPLOY.md configures
// it; what arrived is asked of Orthanc itself. The share's store is the real one too.

import { expect, test, type Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { startRecordingProxy } from './support/recording-proxy';
import { fillPacs, logged, type LocalPacs, makeCtStudy, makeMixedStudy, originals, SR_CLASS, startPacs, stored } from './support/pacs';
import { shareFolder } from './support/staff';

/** nginx in front of Orthanc, and Orthanc on the next port; E2E_PACS_PORT moves them, as E2E_PORT moves the app. */
const PORT = Number(process.env.E2E_PACS_PORT ?? 8920);

/** The viewer's CSP refusals: the policy must let the viewer reach the PACS and nothing else break. */
function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

test('every instance of a mixed study arrives in Orthanc bit-identical, and nothing of the PACS reaches the store', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const study = makeMixedStudy();
  const expected = originals(study);
  const link = await shareFolder(page, study);
  // The viewer talks to the store through a recording proxy, so every request it makes there is seen.
  const proxy = await startRecordingProxy(new URL(link).origin);
  const pacs = await startPacs({ port: PORT, appOrigin: proxy.origin });
  try {
    const context = await browser.newContext();
    const viewer = await context.newPage();
    const csp = watchCsp(viewer);
    await viewer.goto(`${proxy.origin}/v${new URL(link).hash}`);
    await expect(viewer.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await fillPacs(viewer, pacs);
    await viewer.getByTestId('pacs-test').click();
    await expect(viewer.getByTestId('pacs-test-result')).toHaveAttribute('data-state', 'ok');
    await viewer.getByTestId('pacs-send').click();
    const progress = viewer.getByTestId('pacs-progress');
    await expect(progress).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    const result = viewer.getByTestId('pacs-result');
    await expect(result).toHaveAttribute('data-sent', String(expected.size));
    await expect(result).toHaveAttribute('data-failed', '0');
    await expect(result).toHaveAttribute('data-warnings', '0');
    await expect(result).toHaveAttribute('data-verified', 'true');
    await expect(viewer.getByTestId('pacs-result-row')).toHaveCount(expected.size);

    const { counts, files } = await stored(pacs);
    expect({ studies: counts.CountStudies, series: counts.CountSeries, instances: counts.CountInstances }).toEqual({ studies: 1, series: 5, instances: expected.size });
    expect(Object.fromEntries(files)).toEqual(Object.fromEntries(expected));

    // The login went to the PACS only: not to the store, not into local storage (not remembered).
    const secrets = [pacs.password, Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64'), pacs.url, `127.0.0.1:${PORT}`, 'dicom-web'];
    const toStore = proxy.requests.map((r) => `${r.method} ${r.url} ${JSON.stringify(r.headers)} ${r.body.toString('latin1')}`);
    expect(toStore.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(toStore.filter((r) => r.includes(secret)), secret).toEqual([]);
    const saved = await viewer.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(saved).toContain(pacs.url);
    expect(saved).not.toContain(pacs.password);
    expect(csp).toEqual([]);
    await context.close();
  } finally {
    await pacs.stop();
    await proxy.close();
    rmSync(study, { recursive: true, force: true });
  }
});

test('a wrong password gets the plain 401 message, and nothing is sent', async ({ page, baseURL }) => {
  const study = makeMixedStudy();
  const link = await shareFolder(page, study);
  const pacs = await startPacs({ port: PORT, appOrigin: baseURL! });
  try {
    await page.goto(link);
    await expect(page.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await fillPacs(page, pacs, 'not-the-password');
    await page.getByTestId('pacs-test').click();
    await expect(page.getByTestId('pacs-test-result')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toHaveAttribute('data-code', 'pacs-unauthorized');
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toContainText('did not accept the login');
    await page.getByTestId('pacs-send').click();
    await expect(page.getByTestId('pacs-progress')).toHaveAttribute('data-phase', 'failed');
    await expect(page.getByTestId('pacs-progress').getByTestId('error')).toHaveAttribute('data-code', 'pacs-unauthorized');
    expect((await stored(pacs)).counts.CountInstances).toBe(0);
    expect(logged(pacs).filter((r) => r.method === 'POST' && r.status < 300)).toEqual([]);
  } finally {
    await pacs.stop();
    rmSync(study, { recursive: true, force: true });
  }
});

test('a server that is not there, and one without CORS, are told apart', async ({ page, baseURL }) => {
  const study = makeMixedStudy();
  const link = await shareFolder(page, study);
  // CORS granted to another site only: Orthanc answers, the browser may not read it.
  const pacs = await startPacs({ port: PORT, appOrigin: 'https://elsewhere.example' });
  try {
    await page.goto(link);
    await expect(page.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await fillPacs(page, pacs);
    await page.getByTestId('pacs-test').click();
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toHaveAttribute('data-code', 'pacs-cors');
    await page.getByTestId('pacs-url').fill(`http://127.0.0.1:${PORT + 2}/dicom-web`);
    await page.getByTestId('pacs-test').click();
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toHaveAttribute('data-code', 'pacs-unreachable');
    // Discless's own site answers, but with a web page: not DICOMweb.
    await page.getByTestId('pacs-url').fill(`${baseURL}/`);
    await page.getByTestId('pacs-test').click();
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toHaveAttribute('data-code', 'pacs-not-dicomweb');
    await page.getByTestId('pacs-url').fill('http://pacs.example.org/dicom-web');
    await page.getByTestId('pacs-test').click();
    await expect(page.getByTestId('pacs-dialog').getByTestId('error')).toHaveAttribute('data-code', 'pacs-bad-url');
  } finally {
    await pacs.stop();
    rmSync(study, { recursive: true, force: true });
  }
});

/** Bytes of the STOW-RS requests Orthanc accepted (200), from nginx's log. */
const acceptedBytes = (pacs: LocalPacs) =>
  logged(pacs)
    .filter((r) => r.method === 'POST' && r.path === '/dicom-web/studies' && r.status === 200)
    .reduce((sum, r) => sum + r.length, 0);

test('Orthanc stopped half-way: the send pauses with a clear message, goes on once it is back, nothing lost or sent twice', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const study = makeCtStudy(64);
  const expected = originals(study);
  const bytes = [...expected.keys()].length * 530_000;
  const link = await shareFolder(page, study);
  const pacs = await startPacs({ port: PORT, appOrigin: baseURL! });
  try {
    await page.goto(link);
    await expect(page.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await fillPacs(page, pacs);
    await page.getByTestId('pacs-send').click();
    const progress = page.getByTestId('pacs-progress');
    // Held after the first batch (the study is sent in a second), so that Orthanc stops half-way for sure.
    await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
    await page.getByTestId('pacs-pause').click();
    await expect(progress).toHaveAttribute('data-paused-by', 'user');
    await pacs.stopOrthanc();
    await page.getByTestId('pacs-resume').click();
    await expect(progress).toHaveAttribute('data-phase', 'paused', { timeout: 60_000 });
    await expect(progress).toHaveAttribute('data-paused-by', 'server');
    await expect(progress.getByTestId('error')).toHaveAttribute('data-code', 'pacs-busy');
    await expect(progress).toContainText('PACS stopped answering');
    const doneWhileDown = Number(await progress.getAttribute('data-done'));
    expect(doneWhileDown).toBeLessThan(expected.size);
    await pacs.startOrthanc();
    await expect(progress).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('pacs-result')).toHaveAttribute('data-sent', String(expected.size));
    await expect(page.getByTestId('pacs-result')).toHaveAttribute('data-failed', '0');
    const { counts, files } = await stored(pacs);
    expect(counts.CountInstances).toBe(expected.size);
    expect(Object.fromEntries(files)).toEqual(Object.fromEntries(expected));
    // Each instance was in one accepted request: a repeat would add at least one 530 kB slice.
    expect(acceptedBytes(pacs)).toBeGreaterThanOrEqual(bytes * 0.99);
    expect(acceptedBytes(pacs)).toBeLessThan(bytes + 500_000);
  } finally {
    await pacs.stop();
    rmSync(study, { recursive: true, force: true });
  }
});

test('after a reload the send goes on without sending again what Orthanc confirmed', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const study = makeCtStudy(64);
  const expected = originals(study);
  const link = await shareFolder(page, study);
  const pacs = await startPacs({ port: PORT, appOrigin: baseURL! });
  try {
    await page.goto(link);
    await expect(page.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await fillPacs(page, pacs, pacs.password, true);
    await page.getByTestId('pacs-send').click();
    const progress = page.getByTestId('pacs-progress');
    await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
    // Held there (the rest would take a second), then the tab is reloaded.
    await page.getByTestId('pacs-pause').click();
    await page.reload();
    await expect(page.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('send-to-pacs').click();
    // Remembered on this device, the password included (the box was ticked).
    await expect(page.getByTestId('pacs-url')).toHaveValue(pacs.url);
    await expect(page.getByTestId('pacs-password')).toHaveValue(pacs.password);
    const already = Number(await page.getByTestId('pacs-already').getAttribute('data-count'));
    expect(already).toBeGreaterThan(0);
    expect(already).toBeLessThan(expected.size);
    const before = acceptedBytes(pacs);
    await page.getByTestId('pacs-send').click();
    await expect(page.getByTestId('pacs-progress')).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('pacs-result')).toHaveAttribute('data-sent', String(expected.size));
    const after = acceptedBytes(pacs) - before;
    expect(after).toBeLessThan((expected.size - already) * 530_000 + 500_000);
    const { counts, files } = await stored(pacs);
    expect(counts.CountInstances).toBe(expected.size);
    expect(Object.fromEntries(files)).toEqual(Object.fromEntries(expected));
  } finally {
    await pacs.stop();
    rmSync(study, { recursive: true, force: true });
  }
});

test('a PACS that refuses one SOP class: that instance is listed as not stored with the reason, the others are sent', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const study = makeMixedStudy();
  const expected = originals(study);
  const link = await shareFolder(page, study);
  // Orthanc's way (a ReceivedInstanceFilter), both forms: declining, which Orthanc 1.10 still reports
  // as stored, and raising an error, after which it leaves the rest of the request unanswered.
  const filters: [string, string][] = [
    [`function ReceivedInstanceFilter(dicom) return dicom.SOPClassUID ~= '${SR_CLASS}' end`, 'not-kept'],
    [`function ReceivedInstanceFilter(dicom) if dicom.SOPClassUID == '${SR_CLASS}' then error('no reports here') end return true end`, 'not-confirmed']
  ];
  try {
    for (const [lua, reason] of filters) {
      const pacs = await startPacs({ port: PORT, appOrigin: baseURL!, lua });
      const context = await browser.newContext();
      const viewer = await context.newPage();
      try {
        await viewer.goto(link);
        await expect(viewer.getByTestId('series').first()).toBeVisible({ timeout: 60_000 });
        await fillPacs(viewer, pacs);
        await viewer.getByTestId('pacs-send').click();
        await expect(viewer.getByTestId('pacs-progress')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
        const result = viewer.getByTestId('pacs-result');
        await expect(result).toHaveAttribute('data-sent', String(expected.size - 1));
        await expect(result).toHaveAttribute('data-failed', '1');
        const failed = viewer.locator('[data-testid=pacs-result-row][data-status=failed]');
        await expect(failed).toHaveCount(1);
        await expect(failed).toHaveAttribute('data-reason', reason);
        const { files } = await stored(pacs);
        expect(files.size).toBe(expected.size - 1);
        for (const [uid, sha] of files) expect(expected.get(uid)).toBe(sha);
      } finally {
        await context.close();
        await pacs.stop();
      }
    }
  } finally {
    rmSync(study, { recursive: true, force: true });
  }
});
