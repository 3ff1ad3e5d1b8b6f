import { MessagingError, RateLimitError, ValidationError } from '@x/messaging-core';
import { createApiCallError } from './api-call-error';
import { CallState } from './call-state';
import { retryAfterFromHeaders } from './parse-retry-after';
import { redactHeadersWith } from './redact';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type ProviderRequestOptions,
  type ProviderResponse,
} from './request-options';
import { CallResponseContext, CallResult, type ResponseContext, ResponseHeaders } from './response-context';
import { classifyTransportError, sanitizeCause, timeoutError } from './transport-error';

/** Timers overflow above 2^31-1 ms (and would fire at once): longer limits, Infinity included, mean none. */
const MAX_TIMER_MS = 2_147_483_647;

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function callHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A failing logger must not change the outcome of the call.
  }
}

function checkedTimeout(options: ProviderRequestOptions<unknown>): number {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError({
      message: `${options.providerId}: timeoutMs must be a positive number of milliseconds.`,
      providerId: options.providerId,
      target: 'options',
      issues: [{ path: ['timeoutMs'], message: 'Expected a positive number', code: 'too_small' }],
    });
  }
  return timeoutMs;
}

/** How one call is stopped: its own timeout and the caller's signal, both through one controller. */
interface CallAbort {
  /** The signal handed to `fetch`. */
  signal: AbortSignal;
  /** Rejects at the same moment, for a `fetch` given in the options, which may ignore its signal. */
  aborted: Promise<never> | undefined;
  /** Stops the timer and, unless the body was handed out as a stream, stops following the caller's signal. */
  dispose(): void;
}

function startCallAbort(state: CallState, givenFetch: boolean): CallAbort {
  // The runtime's own fetch ends the request and its body on abort, and needs no race; a `fetch` given in the
  // options may ignore its signal (a test double, a wrapper): for those, `aborted` rejects and every wait races it.
  const controller = new AbortController();
  let rejectAborted: ((reason: unknown) => void) | undefined;
  let aborted: Promise<never> | undefined;
  if (givenFetch) {
    aborted = new Promise<never>((_resolve, reject) => {
      rejectAborted = reject;
    });
    aborted.catch(() => {});
  }
  const abort = (reason: unknown) => {
    controller.abort(reason);
    rejectAborted?.(reason);
  };
  const timer =
    state.timeoutMs <= MAX_TIMER_MS
      ? setTimeout(() => {
          state.timedOut = true;
          abort(new DOMException('The operation timed out.', 'TimeoutError'));
        }, state.timeoutMs)
      : undefined;
  const callerSignal = state.callerSignal;
  const onCallerAbort = callerSignal ? () => abort(callerSignal.reason) : undefined;
  if (callerSignal && onCallerAbort) callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    aborted,
    dispose() {
      clearTimeout(timer);
      // A body handed out as a stream outlives the call and keeps following the caller's signal.
      if (callerSignal && onCallerAbort && !state.streamed) {
        callerSignal.removeEventListener('abort', onCallerAbort);
      }
    },
  };
}

function definedHeaders(given: Record<string, string | undefined> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in given) {
    const value = given[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The error to throw for a handler's failure: its typed errors pass through, anything else is wrapped. */
function handlerError(error: unknown, context: ResponseContext, state: CallState): unknown {
  if (MessagingError.isInstance(error)) return error;
  if (state.callerSignal?.aborted) return state.callerSignal.reason;
  if (state.timedOut) return timeoutError(state, error);
  return createApiCallError(context, {
    reason: 'the response could not be handled',
    isRetryable: false,
    cause: sanitizeCause(error, state.redact),
  });
}

/**
 * Turns the response into the call's value or error: 2xx through the successful handler, a redirect (never
 * followed), 429 and 5xx here, any other status through the failed handler.
 */
async function handleResponse<T>(
  options: ProviderRequestOptions<T>,
  context: CallResponseContext,
  state: CallState,
  headers: ResponseHeaders,
): Promise<ProviderResponse<T>> {
  const status = context.statusCode;
  if (status >= 200 && status < 300) {
    let value: T;
    try {
      value = await options.successfulResponseHandler(context);
    } catch (error) {
      throw handlerError(error, context, state);
    }
    return new CallResult(value, status, headers);
  }
  if (status >= 300 && status < 400) {
    await context.response.body?.cancel().catch(() => undefined);
    // Not retryable; whether the request was acted on is unknown for a request that is not idempotent (a 303
    // answers one that was), as for any answer that is not a refusal.
    throw createApiCallError(context, {
      reason: 'the server answered with a redirect, which is not followed (use the final address)',
    });
  }
  if (status === 429) {
    const body = await context.readText().catch(() => '');
    const retryAfterMs = retryAfterFromHeaders(context.response.headers);
    throw createApiCallError(context, { reason: 'too many requests', body, retryAfterMs }, RateLimitError);
  }
  if (status >= 500) {
    const body = await context.readText().catch(() => '');
    throw createApiCallError(context, { reason: 'server error', body });
  }
  let failure: MessagingError;
  try {
    failure = await options.failedResponseHandler(context);
  } catch (error) {
    throw handlerError(error, context, state);
  }
  throw failure;
}

/**
 * Makes one HTTP call to a provider, and turns every way it can fail into a typed {@link MessagingError}.
 * Providers make exactly one attempt; retries belong to `withRetry` in `@x/messaging-core`.
 *
 * Failures:
 * - connection refused, DNS failure → `NetworkError` (`isRetryable`, `maybeDelivered: false`);
 * - a timeout (`timeoutMs` covers reading the body), a reset or broken response → `TimeoutError` / `NetworkError`
 *   with `maybeDelivered: !idempotent`;
 * - the caller's `signal` aborts → rejects with `signal.reason` (an `AbortError` by default);
 * - a redirect (3xx) is never followed: following it would send the request and its credentials to wherever
 *   it points → `ApiCallError` with its status (not retryable, `maybeDelivered: !idempotent`: a 303 answers a
 *   request that was acted on);
 * - HTTP 429 → `RateLimitError` with `retryAfterMs` from `Retry-After` / `retry-after-ms`;
 * - HTTP 5xx → `ApiCallError` (`isRetryable`, `maybeDelivered: !idempotent`); an HTML error page's text is in
 *   its message;
 * - other non-2xx statuses → the error built by `failedResponseHandler`;
 * - 2xx → `successfulResponseHandler` (which may itself throw typed errors for error envelopes).
 *
 * Secrets listed in `secrets` (and sensitive query parameters) never appear in errors or hook events, and phone
 * numbers in the URL are masked there (`90532*****67`).
 *
 * @param options - see {@link ProviderRequestOptions}
 * @returns the handled value with the status and the response headers
 *
 * @example
 * const { value } = await request({
 *   providerId: 'organik', method: 'GET', url: `${baseUrl}/v2/${apiKey}/balance/`, secrets: [apiKey],
 *   idempotent: true,
 *   successfulResponseHandler: createJsonResponseHandler(balanceResponseSchema),
 *   failedResponseHandler: createStatusCodeErrorResponseHandler(),
 * });
 */
export async function request<T>(options: ProviderRequestOptions<T>): Promise<ProviderResponse<T>> {
  const timeoutMs = checkedTimeout(options as ProviderRequestOptions<unknown>);
  const { providerId, method, hooks } = options;
  options.signal?.throwIfAborted();
  const state = new CallState(options as ProviderRequestOptions<unknown>, timeoutMs);
  const abort = startCallAbort(state, options.fetch !== undefined);
  const headers = definedHeaders(options.headers);
  if (hooks?.onRequest) {
    callHook(hooks.onRequest, {
      providerId,
      method,
      url: state.safeUrl,
      headers: redactHeadersWith(headers, state.redact),
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
    });
  }
  const started = now();
  try {
    let response: Response;
    try {
      const init: RequestInit = {
        method,
        headers,
        body: options.body as BodyInit | undefined,
        signal: abort.signal,
        // A redirect would send the request, credentials and all, wherever the answer points (a 307 or 308
        // repeats the body, where an API key may be); it is answered with an error instead (handleResponse).
        redirect: 'manual',
      };
      const sent = options.fetch ? options.fetch(options.url, init) : globalThis.fetch(options.url, init);
      response = await (abort.aborted ? Promise.race([sent, abort.aborted]) : sent);
    } catch (error) {
      throw classifyTransportError(error, state);
    }
    state.statusCode = response.status;
    const received = new ResponseHeaders(response, state.redact);
    if (hooks?.onResponse) {
      const requestId = received.requestId;
      callHook(hooks.onResponse, {
        providerId,
        method,
        url: state.safeUrl,
        statusCode: response.status,
        elapsedMs: now() - started,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const context = new CallResponseContext({
      response,
      state,
      aborted: abort.aborted,
      maxBytes,
      headers: received,
    });
    return await handleResponse(options, context, state, received);
  } catch (error) {
    const callerSignal = options.signal;
    const final = callerSignal?.aborted && !MessagingError.isInstance(error) ? callerSignal.reason : error;
    if (MessagingError.isInstance(final) && hooks?.onError) {
      callHook(hooks.onError, {
        providerId,
        method,
        url: state.safeUrl,
        error: final,
        elapsedMs: now() - started,
      });
    }
    throw final;
  } finally {
    abort.dispose();
  }
}
