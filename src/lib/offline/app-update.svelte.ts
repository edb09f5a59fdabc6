// Registers the service worker (built by @vite-pwa/sveltekit) with workbox-window and tells the page
// when a new version is waiting, so the user chooses when to reload instead of being interrupted.

export class AppUpdate {
  available = $state(false);
  private apply: (() => void) | null = null;

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    const { Workbox } = await import('workbox-window');
    const workbox = new Workbox('/sw.js');
    workbox.addEventListener('waiting', () => {
      this.available = true;
      this.apply = () => {
        workbox.addEventListener('controlling', () => location.reload());
        workbox.messageSkipWaiting();
      };
    });
    await workbox.register();
  }

  reload(): void {
    this.apply?.();
  }
}
