import { backoffDelay } from './backoff';
import { delay } from './delay';
import { MessagingError, RateLimitError } from './errors';
import type { CallOptionsV1, SmsProviderV1 } from './sms-provider/v1/sms-provider-v1';

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
      let delayMs = backoffDelay({ attempt, initialMs: initialDelayMs, maxMs: maxDelayMs });
      if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxRetryAfterMs) throw error;
        delayMs = Math.max(0, error.retryAfterMs);
      }
      try {
        options.onRetry?.({ attempt, error, delayMs });
      } catch {
        // Logging must not change the outcome.
      }
      await delay(delayMs, signal);
    }
  }
}

/**
 * Wraps a provider so that every call goes through {@link withRetry}: reads retry on timeouts, resets, 5xx and
 * 429; `sendSms` only when the failure proves nothing was sent (refused connection, DNS, 429). The caller's
 * `signal` also stops the waits. Optional methods are wrapped when present, and `capabilities` are unchanged.
 *
 * @param provider - any provider (a strategy too)
 * @param options - retry options shared by every call; `signal` comes from each call's options
 *
 * @example
 * const sms = retryProvider(fallback([createOrganik(), createBulutfon()]), { maxRetries: 3 });
 */
export function retryProvider(
  provider: SmsProviderV1,
  options: Omit<RetryOptions, 'signal'> = {},
): SmsProviderV1 {
  const retry = <T>(call: () => Promise<T>, callOptions: CallOptionsV1 | undefined) =>
    withRetry(call, { ...options, signal: callOptions?.signal });
  const wrapped: SmsProviderV1 = {
    specificationVersion: 'v1',
    providerId: provider.providerId,
    capabilities: provider.capabilities,
    sendSms: (request, callOptions) => retry(() => provider.sendSms(request, callOptions), callOptions),
  };
  const { getBalance, listSenders, getDeliveryReports, cancelScheduled, blacklist, parseDeliveryWebhook } =
    provider;
  if (getBalance)
    wrapped.getBalance = (callOptions) => retry(() => getBalance.call(provider, callOptions), callOptions);
  if (listSenders) {
    wrapped.listSenders = (callOptions) => retry(() => listSenders.call(provider, callOptions), callOptions);
  }
  if (getDeliveryReports) {
    wrapped.getDeliveryReports = (query, callOptions) =>
      retry(() => getDeliveryReports.call(provider, query, callOptions), callOptions);
  }
  if (cancelScheduled) {
    wrapped.cancelScheduled = (ids, callOptions) =>
      retry(() => cancelScheduled.call(provider, ids, callOptions), callOptions);
  }
  if (blacklist) {
    const { list, add, remove } = blacklist;
    wrapped.blacklist = {
      list: (callOptions) => retry(() => list.call(blacklist, callOptions), callOptions),
    };
    if (add) {
      wrapped.blacklist.add = (numbers, callOptions) =>
        retry(() => add.call(blacklist, numbers, callOptions), callOptions);
    }
    if (remove) {
      wrapped.blacklist.remove = (numbers, callOptions) =>
        retry(() => remove.call(blacklist, numbers, callOptions), callOptions);
    }
  }
  // A webhook request body can be read once: it is parsed without retrying.
  if (parseDeliveryWebhook)
    wrapped.parseDeliveryWebhook = (request) => parseDeliveryWebhook.call(provider, request);
  return wrapped;
}
