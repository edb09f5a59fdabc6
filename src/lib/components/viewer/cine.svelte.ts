// Plays a stack or a multi-frame image as a loop at a chosen frame rate.
import type { StackState } from './stack-state.svelte';

export class CineState {
  playing = $state(false);
  fps = $state(10);
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly stack: StackState) {}

  toggle(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  play(): void {
    this.stop();
    this.playing = true;
    this.timer = setInterval(() => {
      const next = this.stack.index + 1;
      this.stack.go(next >= this.stack.count ? 0 : next);
    }, 1000 / this.fps);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.playing = false;
  }

  /** A new rate takes effect at once while playing. */
  setFps(fps: number): void {
    this.fps = fps;
    if (this.playing) this.play();
  }
}
