import { backoffDelay } from './backoff';
import { delay } from './delay';
import { MessagingError, RateLimitError } from './errors';
import { isResendSafe, mergeResend } from './resend';
import type {
  CallOptionsV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsProviderV1,
} from './sms-provider/v1/sms-provider-v1';

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The attempt that failed (1 for the first call). */
  attempt: number;
  /**
   * The error that attempt failed with; when only some recipients of a send are sent again, the error of the
   * first of them.
   */
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

/** {@link RetryOptions} with every default applied and every value in range. */
interface RetrySettings {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

function retrySettings(options: RetryOptions): RetrySettings {
  const initialDelayMs = Math.max(0, options.initialDelayMs ?? 500);
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 2)),
    initialDelayMs,
    // Waits are capped at the largest timer delay (about 24.8 days); longer ones would fire at once.
    maxDelayMs: Math.min(2_147_483_647, Math.max(initialDelayMs, options.maxDelayMs ?? 10_000)),
    maxRetryAfterMs: Math.min(2_147_483_647, Math.max(0, options.maxRetryAfterMs ?? 60_000)),
  };
}

/**
 * The wait before the attempt after `attempt` failed with `error`, or `undefined` when it must not be retried:
 * no retries left, or a rate limit that asks to wait longer than `maxRetryAfterMs`.
 */
function retryDelay(error: MessagingError, attempt: number, settings: RetrySettings): number | undefined {
  if (attempt > settings.maxRetries) return undefined;
  if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
    return error.retryAfterMs > settings.maxRetryAfterMs ? undefined : Math.max(0, error.retryAfterMs);
  }
  return backoffDelay({ attempt, initialMs: settings.initialDelayMs, maxMs: settings.maxDelayMs });
}

function notifyRetry(options: RetryOptions, info: RetryInfo): void {
  try {
    options.onRetry?.(info);
  } catch {
    // Logging must not change the outcome.
  }
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
  const settings = retrySettings(options);
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!isRetrySafe(error)) throw error;
      const delayMs = retryDelay(error, attempt, settings);
      if (delayMs === undefined) throw error;
      notifyRetry(options, { attempt, error, delayMs });
      await delay(delayMs, signal);
    }
  }
}

/**
 * `sendSms` of {@link retryProvider}: the whole call is retried like {@link withRetry} retries it; then, while
 * retries are left, the recipients of the resolved result that {@link isResendSafe} allows (refused surely
 * undelivered with a retryable error, not for their number) are sent again after the backoff, and their new
 * results replace the old ones. The attempts, whole or partial, share `maxRetries`. A caller's abort after a
 * result exists ends the retries and resolves with what is known.
 */
async function sendWithRetry(
  provider: SmsProviderV1,
  request: SendSmsRequestV1,
  callOptions: CallOptionsV1 | undefined,
  options: Omit<RetryOptions, 'signal'>,
): Promise<SendSmsResultV1> {
  const settings = retrySettings(options);
  const signal = callOptions?.signal;
  let attempt = 0;
  let result = await withRetry(
    (current) => {
      attempt = current;
      return provider.sendSms(request, callOptions);
    },
    { ...options, signal },
  );
  for (;;) {
    const again = result.messages.filter((message) => isResendSafe(message, isRetrySafe));
    const error = again[0]?.error;
    if (error === undefined || signal?.aborted) return result;
    const delayMs = retryDelay(error, attempt, settings);
    if (delayMs === undefined) return result;
    notifyRetry(options, { attempt, error, delayMs });
    try {
      await delay(delayMs, signal);
    } catch {
      return result;
    }
    attempt++;
    const to = again.map((message) => message.to);
    try {
      result = mergeResend(result, to, { result: await provider.sendSms({ ...request, to }, callOptions) });
    } catch (failure) {
      result = mergeResend(result, to, { error: failure });
    }
  }
}

/**
 * Wraps a provider so that every call goes through {@link withRetry}: reads retry on timeouts, resets, 5xx and
 * 429; `sendSms` only when the failure proves nothing was sent (refused connection, DNS, 429). When `sendSms`
 * resolves with some recipients refused in a way that proves they were not sent and may be retried (a 429 on
 * one request of a batched send, or requests never made after it), only those recipients are sent again after
 * the backoff, and the result says per recipient what happened. A recipient that is `accepted` or `unknown` is
 * never sent again. The caller's `signal` also stops the waits. Optional methods are wrapped when present, and
 * `capabilities` are unchanged.
 *
 * @param provider - any provider (a strategy too)
 * @param options - retry options shared by every call; `signal` comes from each call's options
 *
 * @example
 * const sms = retryProvider(fallback([createOrganik(), createMyBackupProvider()]), { maxRetries: 3 });
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
    sendSms: (request, callOptions) => sendWithRetry(provider, request, callOptions, options),
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
