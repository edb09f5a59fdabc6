// The scan page's state: start the camera, read QR codes with html5-qrcode and with jsQR on the same
// frames (frame-reader.ts says why), and open the first one that is a share link of this app.
// Anything else is reported and scanning goes on.

import { DisclessError } from '../core/errors';
import { acceptScannedLink } from '../core/link';

type Html5Qrcode = import('html5-qrcode').Html5Qrcode;

export class ScannerState {
  phase = $state<'idle' | 'starting' | 'scanning' | 'opening'>('idle');
  error = $state.raw<unknown>(null);
  private scanner: Html5Qrcode | null = null;
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly origin: string,
    private readonly open: (link: string) => void
  ) {}

  /** `elementId` is the element html5-qrcode fills with the camera's video. */
  async start(elementId: string): Promise<void> {
    if (this.phase !== 'idle') return;
    this.phase = 'starting';
    this.error = null;
    try {
      // Loaded only here: the libraries are large and only this page needs them.
      const [{ Html5Qrcode }, { watchVideo }] = await Promise.all([import('html5-qrcode'), import('./frame-reader')]);
      this.scanner = new Html5Qrcode(elementId, { verbose: false });
      await this.scanner.start({ facingMode: 'environment' }, { fps: 10 }, (text) => this.found(text), () => {});
      const video = document.getElementById(elementId)?.querySelector('video');
      if (video) this.stopWatching = watchVideo(video, (text) => this.found(text));
      this.phase = 'scanning';
    } catch (error) {
      this.phase = 'idle';
      this.error = cameraError(error);
    }
  }

  private found(text: string): void {
    if (this.phase !== 'scanning') return;
    try {
      const link = acceptScannedLink(text, this.origin);
      this.phase = 'opening';
      void this.stop().then(() => this.open(link));
    } catch (error) {
      this.error = error;
    }
  }

  async stop(): Promise<void> {
    const scanner = this.scanner;
    this.scanner = null;
    this.stopWatching?.();
    this.stopWatching = null;
    if (scanner?.isScanning) await scanner.stop();
    if (this.phase === 'scanning') this.phase = 'idle';
  }
}

function cameraError(error: unknown): DisclessError {
  const text = String((error as Error)?.message ?? error);
  if (/NotAllowed|Permission/i.test(text)) {
    return new DisclessError('camera-denied', 'The browser was not allowed to use the camera.');
  }
  return new DisclessError('no-camera', 'No camera could be started.');
}
