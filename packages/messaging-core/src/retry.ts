import { MessagingError, RateLimitError } from './errors';

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The attempt that failed (1 for the first call). */
  attempt: number;
  /** The error that attempt failed with. */
  error: MessagingError;
  /** How long the next attempt waits, in milliseconds. */
  delayMs: number;
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 calls). 0 disables retrying. */
  maxRetries?: number;
  /** The wait before the first retry (default 500 ms); doubles for each further retry. */
  initialDelayMs?: number;
  /** The longest backoff wait (default 10 000 ms). */
  maxDelayMs?: number;
  /**
   * The longest wait a provider's `Retry-After` is honoured for (default 60 000 ms). A rate limit that asks for
   * longer is not retried: the error is thrown so the caller can reschedule.
   */
  maxRetryAfterMs?: number;
  /** Aborts the attempts and any wait between them; rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait (for logging and metrics). An exception thrown here is ignored. */
  onRetry?(info: RetryInfo): void;
}

/** Whether {@link withRetry} would retry `error`: a retryable messaging error that surely was not delivered. */
export function isRetrySafe(error: unknown): error is MessagingError {
  return MessagingError.isInstance(error) && error.isRetryable && !error.maybeDelivered;
}

function wait(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait before retry number `retry` (1-based): exponential backoff with "equal jitter" (half fixed, half
 * random), so many clients that failed together do not retry together.
 */
function backoffDelay(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  const exponential = Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

/**
 * Calls `fn` and retries it when it fails with an error that is safe to repeat: a {@link MessagingError} with
 * `isRetryable` and without `maybeDelivered`. So reads retry on timeouts, resets and 5xx, while a send is retried
 * only when it provably never reached the provider (connection refused, DNS failure) or was refused with 429.
 *
 * Waits use exponential backoff with jitter; a `RateLimitError.retryAfterMs` is honoured (up to
 * `maxRetryAfterMs`). Any other error, and the last one, is rethrown unchanged (types intact).
 *
 * @param fn - the operation; receives the attempt number (1 for the first call)
 * @param options - see {@link RetryOptions}
 * @returns what `fn` resolved with
 *
 * @example
 * const balance = await withRetry(() => provider.getBalance!({ timeoutMs: 5_000 }), { maxRetries: 3 });
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 2));
  const initialDelayMs = Math.max(0, options.initialDelayMs ?? 500);
  const maxDelayMs = Math.min(2_147_483_647, Math.max(initialDelayMs, options.maxDelayMs ?? 10_000));
  // Waits are capped at the largest timer delay (about 24.8 days); longer ones would fire at once.
  const maxRetryAfterMs = Math.min(2_147_483_647, Math.max(0, options.maxRetryAfterMs ?? 60_000));
  const signal = options.signal;

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (attempt > maxRetries || !isRetrySafe(error)) throw error;
      let delayMs = backoffDelay(attempt, initialDelayMs, maxDelayMs);
      if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxRetryAfterMs) throw error;
        delayMs = Math.max(0, error.retryAfterMs);
      }
      try {
        options.onRetry?.({ attempt, error, delayMs });
      } catch {
        // Logging must not change the outcome.
      }
      await wait(delayMs, signal);
    }
  }
}
