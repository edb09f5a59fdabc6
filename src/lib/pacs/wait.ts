// A sleep that the send job's pause() and resume() can cut short.

export class Wait {
  private wake: (() => void) | null = null;
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
  interrupt(): void {
    this.wake?.();
  }
}
