// The scan page's jsQR reader on a share link that html5-qrcode's ZXing decoder cannot find, drawn as
// the e2e test's fake camera draws it (tests/e2e/support/fake-camera.ts).

import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { readQr } from './frame-reader';

/** One of the 4 in 20 links of real e2e shares that html5-qrcode 2.3.8 never read from the camera. */
const MISSED_BY_ZXING = 'http://127.0.0.1:8791/v#1-du1Jhd3DRM_BDs6pqXa87MEfDuRExEw4Vjlk5J1pPA';

function frame(text: string, scale: number) {
  const [width, height] = [640, 480];
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const left = Math.floor((width - qr.size * scale) / 2);
  const top = Math.floor((height - qr.size * scale) / 2);
  const data = new Uint8ClampedArray(width * height * 4).fill(235);
  for (let y = 0; y < qr.size * scale; y++) {
    for (let x = 0; x < qr.size * scale; x++) {
      if (!qr.get(Math.floor(y / scale), Math.floor(x / scale))) continue;
      const at = ((top + y) * width + left + x) * 4;
      data.fill(16, at, at + 3);
    }
  }
  return { data, width, height };
}

describe('readQr', () => {
  it.each([6, 8, 10, 12])('reads a link that html5-qrcode misses, at %i pixels per module', (scale) => {
    expect(readQr(frame(MISSED_BY_ZXING, scale))).toBe(MISSED_BY_ZXING);
  });

  it('reads nothing from a frame without a code', () => {
    expect(readQr({ data: new Uint8ClampedArray(640 * 480 * 4).fill(235), width: 640, height: 480 })).toBeNull();
  });
});
