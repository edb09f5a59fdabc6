// Upload speed and time left, from the bytes the store confirmed over the last seconds: whole 32 MiB
// objects land in steps, so the rate is measured over a window that spans several of them.

import type { StaffMessages } from '../i18n/catalogue';

const WINDOW_MS = 20_000;

export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  /** `bytes` is the running total done at time `at` (ms). */
  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[1].at >= WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second, or null before two samples a moment apart. */
  rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 500 || last.bytes <= first.bytes) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  secondsLeft(total: number): number | null {
    const rate = this.rate();
    const done = this.samples.at(-1)?.bytes ?? 0;
    return rate ? Math.ceil((total - done) / rate) : null;
  }

  reset(): void {
    this.samples = [];
  }
}

/** "about 3 min", "about 40 s" in `t`'s words (the staff page's, the command line's English): staff plan around it, precision would be false. */
export function formatDuration(seconds: number, t: Pick<StaffMessages, 'duration_seconds' | 'duration_minutes' | 'duration_hours'>): string {
  if (seconds < 60) return t.duration_seconds({ seconds: Math.max(5, Math.ceil(seconds / 5) * 5) });
  if (seconds < 3600) return t.duration_minutes({ minutes: Math.ceil(seconds / 60) });
  return t.duration_hours({ hours: Math.floor(seconds / 3600), minutes: Math.ceil((seconds % 3600) / 60) });
}
