// Progress on stderr with cli-progress: a bar redrawn in place on a terminal, and in a log (CI, cron,
// a pipe) a plain line every few seconds. Rate and time left come from the staff page's RateMeter
// (src/lib/sender/rate.ts), so both say the same for the same upload.

import { Presets, SingleBar } from 'cli-progress';
import { formatBytes } from '../lib/format';
import { formatDuration, RateMeter } from '../lib/sender/rate';
import { staffEn } from './english';

/** How often a line is written when stderr is not a terminal. */
const LOG_EVERY_MS = 2_000;
/** The pipelines report every record (a thousand a second); the bar takes at most ten of them. */
const UPDATE_EVERY_MS = 100;

export type Units = 'bytes' | 'files';

function amount(value: number, units: Units): string {
  return units === 'bytes' ? formatBytes(value) : value.toLocaleString('en-GB');
}

/** "3.2 MB/s" or "240 files/s"; '' before the rate is known. */
export function rateText(perSecond: number | null, units: Units): string {
  if (perSecond === null) return '';
  return units === 'bytes' ? `${formatBytes(perSecond)}/s` : `${Math.round(perSecond)} files/s`;
}

export class Progress {
  private readonly bar: SingleBar | null;
  private readonly meter = new RateMeter();
  private total = 0;
  private lastUpdate = 0;

  constructor(
    label: string,
    private readonly units: Units,
    stream: NodeJS.WriteStream = process.stderr,
    enabled = true
  ) {
    const terminal = stream.isTTY === true;
    this.bar = enabled
      ? new SingleBar(
          {
            format: `${label} ${terminal ? '{bar} ' : ''}{percentage}% | {done} of {all} | {rate} | {left}`,
            stream,
            noTTYOutput: true,
            notTTYSchedule: LOG_EVERY_MS,
            hideCursor: null,
            barsize: 24,
            etaBuffer: 1
          },
          Presets.shades_classic
        )
      : null;
  }

  start(total: number, done = 0): void {
    this.total = total;
    this.meter.reset();
    this.meter.add(Date.now(), done);
    this.bar?.start(Math.max(total, 1), done, this.payload(done));
  }

  update(done: number, total = this.total): void {
    this.total = total;
    const now = Date.now();
    if (now - this.lastUpdate < UPDATE_EVERY_MS && done < total) return;
    this.lastUpdate = now;
    this.meter.add(now, done);
    this.bar?.setTotal(Math.max(total, 1));
    this.bar?.update(done, this.payload(done));
  }

  /** Ends the bar (a final line in a log). */
  stop(): void {
    this.bar?.stop();
  }

  private payload(done: number) {
    const rate = this.meter.rate();
    const left = this.meter.secondsLeft(this.total);
    return {
      done: amount(done, this.units),
      all: amount(this.total, this.units),
      rate: rateText(rate, this.units) || '…',
      left: done >= this.total ? 'done' : left === null ? 'time left unknown' : `${formatDuration(left, staffEn)} left`
    };
  }
}
