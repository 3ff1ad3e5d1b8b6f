import { describe, expect, it } from 'vitest';
import { createWallClock } from '../src/wall-clock';

describe('createWallClock', () => {
  it('reads Istanbul time (UTC+3, no daylight saving) and finds the instant of a wall time', () => {
    const clock = createWallClock('Europe/Istanbul');
    const instant = Date.parse('2026-12-05T21:30:00Z');
    expect(new Date(clock.read(instant)).toISOString()).toBe('2026-12-06T00:30:00.000Z');
    expect(new Date(clock.instantOf(Date.parse('2026-12-06T00:00:00Z'))).toISOString()).toBe(
      '2026-12-05T21:00:00.000Z',
    );
  });

  it('finds local midnight on both sides of a daylight-saving change', () => {
    const clock = createWallClock('Europe/Berlin');
    // Clocks go forward at 02:00 on 2026-03-29: midnight is UTC+1 that day, UTC+2 the next.
    expect(new Date(clock.instantOf(Date.parse('2026-03-29T00:00:00Z'))).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(clock.instantOf(Date.parse('2026-03-30T00:00:00Z'))).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    // 09:00 on the day of the change is already summer time.
    expect(new Date(clock.instantOf(Date.parse('2026-03-29T09:00:00Z'))).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('reads midnight as hour 0, not 24', () => {
    const clock = createWallClock('UTC');
    expect(clock.read(Date.parse('2026-12-05T00:00:00Z'))).toBe(Date.parse('2026-12-05T00:00:00Z'));
  });
});
