import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/index';

describe('backoffDelay', () => {
  it('doubles from the initial wait, with half of each step random', () => {
    const low = (attempt: number) =>
      backoffDelay({ attempt, initialMs: 500, maxMs: 10_000, random: () => 0 });
    const high = (attempt: number) =>
      backoffDelay({ attempt, initialMs: 500, maxMs: 10_000, random: () => 1 });
    expect([1, 2, 3, 4].map(low)).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map(high)).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than the cap, unless the provider asked for longer', () => {
    expect(backoffDelay({ attempt: 30, initialMs: 500, maxMs: 10_000, random: () => 1 })).toBe(10_000);
    expect(backoffDelay({ attempt: 1, initialMs: 500, maxMs: 10_000, retryAfterMs: 30_000 })).toBe(30_000);
  });
});
