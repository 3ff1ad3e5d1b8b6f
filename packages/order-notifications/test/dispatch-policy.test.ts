import {
  InvalidRecipientError,
  InvalidSenderError,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '@x/messaging-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../src/rate-limiter';
import { classifyFailure } from '../src/send-message';

const now = new Date('2026-11-23T12:00:00Z');
const policy = { maxAttempts: 3, now, retryDelay: { initialMs: 1000, maxMs: 8000 } };
const url = 'https://sms.example/send';

describe('classifyFailure', () => {
  it('retries a retryable error that certainly did not reach the provider', () => {
    const patch = classifyFailure(
      { attempts: 1 },
      new NetworkError({ message: 'refused', code: 'ECONNREFUSED', url }),
      policy,
    );
    expect(patch).toMatchObject({
      status: 'queued',
      reason: 'retry-scheduled',
      lastError: { kind: 'network' },
    });
    expect(patch.nextAttemptAt!.getTime() - now.getTime()).toBeGreaterThanOrEqual(500);
  });

  it('waits at least the Retry-After of a 429', () => {
    const patch = classifyFailure(
      { attempts: 1 },
      new RateLimitError({ message: 'slow down', url, retryAfterMs: 60_000 }),
      policy,
    );
    expect(patch.nextAttemptAt!.getTime() - now.getTime()).toBe(60_000);
  });

  it('moves to dead when the attempts are used up', () => {
    expect(
      classifyFailure({ attempts: 3 }, new NetworkError({ message: 'refused', url }), policy),
    ).toMatchObject({
      status: 'dead',
      reason: 'retries-exhausted',
    });
  });

  it('never retries a maybe-delivered failure, even a retryable one', () => {
    const error = new TimeoutError({ message: 'timed out', timeoutMs: 1000, maybeDelivered: true });
    expect(error.isRetryable).toBe(true);
    expect(classifyFailure({ attempts: 1 }, error, policy)).toMatchObject({
      status: 'unknown',
      reason: 'outcome-unknown',
    });
  });

  it('fails at once on a permanent error, skips a blacklisted number', () => {
    expect(
      classifyFailure({ attempts: 1 }, new InvalidSenderError({ message: 'no', url }), policy),
    ).toMatchObject({
      status: 'failed',
      reason: 'invalid-sender',
    });
    const blacklisted = new InvalidRecipientError({ message: 'blacklisted', url, blacklisted: true });
    expect(classifyFailure({ attempts: 1 }, blacklisted, policy)).toMatchObject({
      status: 'skipped',
      reason: 'blacklisted',
    });
  });

  it('treats a foreign error as an unknown outcome and keeps only its name', () => {
    expect(classifyFailure({ attempts: 1 }, new RangeError('+905321234567 broke'), policy)).toEqual({
      status: 'unknown',
      reason: 'unexpected-error',
      lastError: { kind: 'unknown', message: 'Unexpected RangeError from the provider' },
    });
  });
});

describe('RateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a tenth of a second of calls through at once, then spaces the rest', async () => {
    const limiter = new RateLimiter(20);
    let passed = 0;
    for (let index = 0; index < 6; index++) void limiter.acquire().then(() => passed++);
    await vi.advanceTimersByTimeAsync(0);
    expect(passed).toBe(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(passed).toBe(3);
    await vi.advanceTimersByTimeAsync(150);
    expect(passed).toBe(6);
  });

  it('holds every caller back during a pause', async () => {
    const limiter = new RateLimiter(Number.POSITIVE_INFINITY);
    limiter.pause(1000);
    let passed = false;
    void limiter.acquire().then(() => {
      passed = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(passed).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(passed).toBe(true);
  });
});
