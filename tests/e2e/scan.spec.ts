// The receiving clinic's desktop: a webcam reads the printed code and the study opens. Chromium's
// fake camera plays a video of the QR code that the staff page produced for a real share.

import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { writeQrVideo } from './support/fake-camera';
import { shareFolder } from './support/staff';

const CD = join(import.meta.dirname, '../../../shared/dicom-samples/dicomdir-pcir');

async function withCamera(video: string) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]
  });
}

test('the scan page reads a share code from the camera and opens the study', async ({ page, baseURL }) => {
  const link = await shareFolder(page, CD);
  const video = join(mkdtempSync(join(tmpdir(), 'discless-cam-')), 'qr.y4m');
  writeQrVideo(video, link);
  const browser = await withCamera(video);
  const desk = await browser.newPage({ baseURL });
  await desk.goto('/scan');
  await desk.getByTestId('scan-start').click();
  await desk.waitForURL((url) => url.pathname === '/v', { timeout: 30_000 });
  expect(desk.url()).toBe(link);
  await expect(desk.getByTestId('viewport')).toHaveAttribute('data-rendered', 'true', { timeout: 30_000 });
  await browser.close();
});

test('the scan page refuses a code that is not a share link of this service', async ({ baseURL }) => {
  const video = join(mkdtempSync(join(tmpdir(), 'discless-cam-')), 'qr.y4m');
  writeQrVideo(video, 'https://evil.example/v#1AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
  const browser = await withCamera(video);
  const desk = await browser.newPage({ baseURL });
  await desk.goto('/scan');
  await desk.getByTestId('scan-start').click();
  await expect(desk.getByTestId('error')).toHaveAttribute('data-code', 'not-a-share-link', { timeout: 30_000 });
  expect(new URL(desk.url()).pathname).toBe('/scan');
  await browser.close();
});
