import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiCallError,
  AuthenticationError,
  isRetrySafe,
  NetworkError,
  RateLimitError,
  type RetryInfo,
  retryProvider,
  TimeoutError,
  withRetry,
} from '../src/index';
import { createSandboxProvider } from '../src/sandbox';

const fast = { initialDelayMs: 1, maxDelayMs: 2 };

function failing(errors: unknown[], value = 'ok') {
  const attempts: number[] = [];
  const fn = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempts.length - 1];
    if (error !== undefined) throw error;
    return value;
  };
  return { fn, attempts };
}

const serverError = () =>
  new ApiCallError({ message: '500', url: 'u', statusCode: 500, isRetryable: true, maybeDelivered: false });

describe('withRetry', () => {
  afterEach(() => vi.useRealTimers());

  it('retries a retryable, surely undelivered error and returns the value', async () => {
    const { fn, attempts } = failing([
      serverError(),
      new NetworkError({ message: 'refused', code: 'ECONNREFUSED' }),
    ]);
    await expect(withRetry(fn, fast)).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up after maxRetries and rethrows the last error unchanged', async () => {
    const last = serverError();
    const { fn, attempts } = failing([serverError(), serverError(), last]);
    await expect(withRetry(fn, { ...fast, maxRetries: 2 })).rejects.toBe(last);
    expect(attempts).toHaveLength(3);
  });

  it('never retries an error that may have been delivered', async () => {
    const maybe = new TimeoutError({ message: 't', timeoutMs: 1, maybeDelivered: true });
    const { fn, attempts } = failing([maybe]);
    await expect(withRetry(fn, fast)).rejects.toBe(maybe);
    expect(attempts).toEqual([1]);
  });

  it('never retries a non-retryable error or a foreign one', async () => {
    const auth = new AuthenticationError({ message: 'no', url: 'u', statusCode: 401 });
    const foreign = new TypeError('bug');
    for (const error of [auth, foreign]) {
      const { fn, attempts } = failing([error]);
      await expect(withRetry(fn, fast)).rejects.toBe(error);
      expect(attempts).toEqual([1]);
    }
  });

  it('does not retry when maxRetries is 0', async () => {
    const { fn, attempts } = failing([serverError()]);
    await expect(withRetry(fn, { maxRetries: 0 })).rejects.toBeInstanceOf(ApiCallError);
    expect(attempts).toEqual([1]);
  });

  it('waits with growing, jittered backoff', async () => {
    const delays: number[] = [];
    const { fn } = failing([serverError(), serverError(), serverError()]);
    await withRetry(fn, {
      maxRetries: 3,
      initialDelayMs: 4,
      maxDelayMs: 12,
      onRetry: (info) => delays.push(info.delayMs),
    });
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(2);
    expect(delays[0]).toBeLessThanOrEqual(4);
    expect(delays[1]).toBeGreaterThanOrEqual(4);
    expect(delays[1]).toBeLessThanOrEqual(8);
    expect(delays[2]).toBeGreaterThanOrEqual(6);
    expect(delays[2]).toBeLessThanOrEqual(12);
  });

  it("honours a rate limit's retryAfterMs", async () => {
    vi.useFakeTimers();
    const infos: RetryInfo[] = [];
    const { fn, attempts } = failing([new RateLimitError({ message: '429', url: 'u', retryAfterMs: 5_000 })]);
    const promise = withRetry(fn, { onRetry: (info) => infos.push(info) });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2]);
    expect(infos[0]?.delayMs).toBe(5_000);
    expect(RateLimitError.isInstance(infos[0]?.error)).toBe(true);
  });

  it('does not wait longer than maxRetryAfterMs: it throws the rate limit instead', async () => {
    const limit = new RateLimitError({ message: '429', url: 'u', retryAfterMs: 120_000 });
    const { fn, attempts } = failing([limit]);
    await expect(withRetry(fn, { maxRetryAfterMs: 60_000 })).rejects.toBe(limit);
    expect(attempts).toEqual([1]);
  });

  it('stops waiting when the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const { fn, attempts } = failing([serverError(), serverError()]);
    const promise = withRetry(fn, {
      initialDelayMs: 60_000,
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('shutdown')),
    });
    await expect(promise).rejects.toThrow('shutdown');
    expect(attempts).toEqual([1]);
  });

  it('does not call fn when the signal is already aborted', async () => {
    const { fn, attempts } = failing([]);
    await expect(withRetry(fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(attempts).toEqual([]);
  });

  it('ignores an onRetry hook that throws', async () => {
    const { fn } = failing([serverError()]);
    await expect(
      withRetry(fn, {
        ...fast,
        onRetry: () => {
          throw new Error('logger down');
        },
      }),
    ).resolves.toBe('ok');
  });
});

describe('isRetrySafe', () => {
  it('accepts only retryable errors that were surely not delivered', () => {
    expect(isRetrySafe(serverError())).toBe(true);
    expect(isRetrySafe(new RateLimitError({ message: 'x', url: 'u', maybeDelivered: true }))).toBe(true);
    expect(isRetrySafe(new TimeoutError({ message: 't', timeoutMs: 1, maybeDelivered: true }))).toBe(false);
    expect(isRetrySafe(new Error('x'))).toBe(false);
  });
});

describe('retryProvider', () => {
  const request = { to: '05321234567', text: 'Kargoda.' };

  it('retries a read and a send that surely did not go out', async () => {
    const sms = createSandboxProvider();
    const retrying = retryProvider(sms, fast);
    sms.failNext('server-error', { method: 'getBalance' });
    await expect(retrying.getBalance!()).resolves.toMatchObject({ credits: 10_000 });
    sms.failNext('network', { method: 'sendSms' });
    await retrying.sendSms(request);
    expect(sms.calls.map((call) => call.method)).toEqual(['getBalance', 'getBalance', 'sendSms', 'sendSms']);
    expect(sms.sent).toHaveLength(1);
  });

  it('does not repeat a send that may have gone out', async () => {
    const sms = createSandboxProvider();
    sms.failNext('server-error', { method: 'sendSms' });
    await expect(retryProvider(sms, fast).sendSms(request)).rejects.toSatisfy(ApiCallError.isInstance);
    expect(sms.calls).toHaveLength(1);
  });

  it('keeps the optional methods and capabilities of the provider', () => {
    const sms = createSandboxProvider();
    const retrying = retryProvider(sms);
    expect(retrying.capabilities).toBe(sms.capabilities);
    expect(typeof retrying.blacklist?.add).toBe('function');
    expect(typeof retrying.parseDeliveryWebhook).toBe('function');
    const bare = retryProvider({ ...sms, getBalance: undefined, blacklist: undefined });
    expect(bare.getBalance).toBeUndefined();
    expect(bare.blacklist).toBeUndefined();
  });
});
