// A second reader of the camera's frames. html5-qrcode's decoder (a ZXing port) misses some share
// links outright: of 20 links of real shares, each drawn sharp on the fake camera at 6 to 12 pixels
// per module, it never found 4 (NotFoundException at every size, blurred or not), while jsQR read
// all 20. So the scan page also reads the frames with jsQR; html5-qrcode keeps the camera and its
// own decoding, and whichever reads a code first wins.

import jsQR from 'jsqr';

/** Wider frames are scaled down first: a label's code held up to a webcam needs no more pixels. */
const MAX_WIDTH = 960;

export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export function readQr(frame: Frame): string | null {
  // A printed label is dark on light; trying the inverted image too would double the time per frame.
  return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** Reads the video's current frame every `everyMs` and calls `found` with each code read; returns the stop. */
export function watchVideo(video: HTMLVideoElement, found: (text: string) => void, everyMs = 200): () => void {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const timer = setInterval(() => {
    if (!context || video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) return;
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const text = readQr(context.getImageData(0, 0, canvas.width, canvas.height));
    if (text) found(text);
  }, everyMs);
  return () => clearInterval(timer);
}
