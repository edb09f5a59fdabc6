// Which image of a stack is shown, and how wheel, keys and drags move through it. No DOM here, so the
// Viewport stays thin and this logic is testable in Node.

import { m } from '$lib/i18n';
import { middleOf } from '$lib/viewer/fetch-order';

/** A Chrome or Edge mouse-wheel notch is 100 px; trackpads send many small deltas that add up to it. */
const WHEEL_PX_PER_IMAGE = 100;
/** WheelEvent.deltaMode: 1 counts lines (Firefox mice), 2 pages. */
const WHEEL_PX_PER_MODE = [1, 40, 800];
const DRAG_PX_PER_IMAGE = 10;

export class StackState {
  count = $state(0);
  index = $state(0);
  /** "Image 3 of 20", in the page's language: the overlay's position and the slider's spoken value. */
  readonly label = $derived(this.count ? m.image_position({ n: this.index + 1, count: this.count }) : m.no_images());

  #wheelPx = 0;
  #dragPx = 0;

  /** To the middle image of a stack of `count`, where a new series opens. */
  reset(count: number): void {
    this.count = count;
    this.index = middleOf(count);
    this.#wheelPx = 0;
    this.#dragPx = 0;
  }

  go(index: number): void {
    this.index = Math.min(Math.max(0, Math.round(index)), Math.max(0, this.count - 1));
  }

  step(delta: number): void {
    this.go(this.index + delta);
  }

  /** Moves for a stack key; false for any other key, which the caller should leave alone. */
  key(key: string): boolean {
    const page = Math.max(1, Math.round(this.count / 10));
    const moves: Record<string, () => void> = {
      ArrowUp: () => this.step(-1),
      ArrowLeft: () => this.step(-1),
      ArrowDown: () => this.step(1),
      ArrowRight: () => this.step(1),
      PageUp: () => this.step(-page),
      PageDown: () => this.step(page),
      Home: () => this.go(0),
      End: () => this.go(this.count - 1)
    };
    if (!Object.hasOwn(moves, key)) return false;
    moves[key]();
    return true;
  }

  /** Wheel down moves forward through the stack, as scrolling down a page does. */
  wheel(deltaY: number, deltaMode = 0): void {
    const px = deltaY * (WHEEL_PX_PER_MODE[deltaMode] ?? 1);
    // Turning back discards what was left over from the other direction.
    if (Math.sign(px) !== Math.sign(this.#wheelPx)) this.#wheelPx = 0;
    this.#wheelPx += px;
    const steps = Math.trunc(this.#wheelPx / WHEEL_PX_PER_IMAGE);
    this.#wheelPx -= steps * WHEEL_PX_PER_IMAGE;
    this.step(steps);
  }

  /** Dragging down moves forward, one image per DRAG_PX_PER_IMAGE of movement since the last call. */
  dragBy(dy: number): void {
    this.#dragPx += dy;
    const steps = Math.trunc(this.#dragPx / DRAG_PX_PER_IMAGE);
    this.#dragPx -= steps * DRAG_PX_PER_IMAGE;
    this.step(steps);
  }

  dragEnd(): void {
    this.#dragPx = 0;
  }
}
