import { beforeAll, describe, expect, it } from 'vitest';
import { language, s } from '$lib/i18n';
import { formatDuration, RateMeter } from './rate';

beforeAll(() => language.useForStaff());

describe('upload rate', () => {
  it('measures bytes per second over the recent window and estimates the time left', () => {
    const meter = new RateMeter();
    expect(meter.rate()).toBeNull();
    meter.add(0, 0);
    meter.add(2_000, 20_000_000);
    expect(meter.rate()).toBe(10_000_000);
    expect(meter.secondsLeft(100_000_000)).toBe(8);
  });

  it('forgets samples older than the window, so a stall then a fast link shows the fast rate', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    meter.add(60_000, 1_000_000);
    meter.add(61_000, 11_000_000);
    meter.add(90_000, 41_000_000);
    expect(meter.rate()).toBeCloseTo(30_000_000 / 29, 0);
  });

  it('says nothing until there is something to measure', () => {
    const meter = new RateMeter();
    meter.add(0, 5);
    meter.add(100, 10);
    expect(meter.rate()).toBeNull();
    expect(meter.secondsLeft(100)).toBeNull();
  });

  it.each([
    [3, 'about 5 s'],
    [42, 'about 45 s'],
    [61, 'about 2 min'],
    [3720, 'about 1 h 2 min']
  ])('says %i seconds as %s', (seconds, text) => expect(formatDuration(seconds, s)).toBe(text));
});
