// Turns pointer events (mouse, pen, touch) into the viewer's gestures: a one-pointer drag, a pinch,
// a two-finger pan and a double tap. Plain data in, callbacks out, so it is testable in Node.

export interface PointerSample {
  pointerId: number;
  pointerType: string;
  clientX: number;
  clientY: number;
  timeStamp: number;
}

export interface GestureHandlers {
  drag(dx: number, dy: number, pointerType: string): void;
  pinch(scale: number): void;
  pan(dx: number, dy: number): void;
  doubleTap(): void;
  end(): void;
}

const DOUBLE_TAP_MS = 300;
const TAP_SLOP_PX = 10;

export class GestureTracker {
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private lastTap: { t: number; x: number; y: number } | null = null;
  private down: { x: number; y: number; moved: boolean } | null = null;

  constructor(private readonly on: GestureHandlers) {}

  start(p: PointerSample): void {
    this.pointers.set(p.pointerId, { x: p.clientX, y: p.clientY });
    this.down = this.pointers.size === 1 ? { x: p.clientX, y: p.clientY, moved: false } : null;
  }

  move(p: PointerSample): void {
    const before = this.pointers.get(p.pointerId);
    if (!before) return;
    if (this.pointers.size === 1) {
      this.pointers.set(p.pointerId, { x: p.clientX, y: p.clientY });
      if (this.down && Math.hypot(p.clientX - this.down.x, p.clientY - this.down.y) > TAP_SLOP_PX) this.down.moved = true;
      this.on.drag(p.clientX - before.x, p.clientY - before.y, p.pointerType);
      return;
    }
    const [a, b] = [...this.pointers.values()];
    const spreadBefore = Math.hypot(a.x - b.x, a.y - b.y);
    const centreBefore = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    this.pointers.set(p.pointerId, { x: p.clientX, y: p.clientY });
    const [c, d] = [...this.pointers.values()];
    const spreadAfter = Math.hypot(c.x - d.x, c.y - d.y);
    if (spreadBefore > 0 && spreadAfter > 0) this.on.pinch(spreadAfter / spreadBefore);
    this.on.pan((c.x + d.x) / 2 - centreBefore.x, (c.y + d.y) / 2 - centreBefore.y);
  }

  finish(p: PointerSample): void {
    if (!this.pointers.delete(p.pointerId)) return;
    if (this.pointers.size > 0) return;
    if (this.down && !this.down.moved) this.tap(p);
    this.down = null;
    this.on.end();
  }

  private tap(p: PointerSample): void {
    const last = this.lastTap;
    if (last && p.timeStamp - last.t < DOUBLE_TAP_MS && Math.hypot(p.clientX - last.x, p.clientY - last.y) < TAP_SLOP_PX * 3) {
      this.lastTap = null;
      this.on.doubleTap();
      return;
    }
    this.lastTap = { t: p.timeStamp, x: p.clientX, y: p.clientY };
  }
}
