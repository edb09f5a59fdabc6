import QRCode from 'qrcode';
import { writeFileSync } from 'node:fs';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * Writes a Y4M video (what Chromium's --use-file-for-fake-video-capture plays) showing `text` as a QR
 * code, black on white, centred: the fake webcam of a receiving clinic's desktop.
 */
export function writeQrVideo(path: string, text: string, frames = 10): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (qr.size + 8));
  const left = Math.floor((WIDTH - qr.size * scale) / 2);
  const top = Math.floor((HEIGHT - qr.size * scale) / 2);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(235);
  for (let y = 0; y < qr.size * scale; y++) {
    for (let x = 0; x < qr.size * scale; x++) {
      if (qr.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * WIDTH + left + x] = 16;
    }
  }
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2)).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
