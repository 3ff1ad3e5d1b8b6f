import { TimeoutError } from '@x/messaging-core';
import {
  createStatusCodeErrorResponseHandler,
  type FetchFunction,
  type ResponseContext,
  redactUrl,
  request,
} from '@x/provider-utils';

/**
 * One HTTP call of the service to a shop (an order written back, a note looked up), with the typed errors of
 * `@x/messaging-core`: the engine retries what can succeed later and gives up at once on what cannot.
 */

/** Options of {@link storeRequest}. */
export interface StoreRequestOptions {
  /** Names the shop's platform in errors (`woocommerce`). */
  platform: string;
  method: 'GET' | 'POST' | 'PUT';
  /** The full URL (without credentials: they go in `headers` and are listed in `secrets`). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Values hidden in every error (keys, secrets, the `Authorization` header's value). */
  secrets: readonly string[];
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** The caller's signal (the write's time limit); a timeout through it is reported like {@link timeoutMs}. */
  signal: AbortSignal;
  /** The time limit of the call, reported by a `TimeoutError`. */
  timeoutMs: number;
  /** The fetch to use (tests, proxies); `globalThis.fetch` by default. */
  fetch?: FetchFunction;
}

/** The largest answer read from a shop (a page of order notes). */
const MAX_STORE_RESPONSE_BYTES = 1024 * 1024;

/** A write's answer is not needed (a PUT may answer with the whole order): its body is dropped unread. */
async function dropAnswer(context: ResponseContext): Promise<undefined> {
  await context.response.body?.cancel().catch(() => undefined);
  return undefined;
}

/** The answer's JSON, or undefined when it is empty or not JSON. */
async function answerJson(context: ResponseContext): Promise<unknown> {
  const text = await context.readText();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Makes one call to a shop and types every failure: a network error, a timeout, a 429 or a 5xx is retryable;
 * a redirect (never followed, so the credentials stay with the shop's own address) or any other non-2xx
 * answer is not (an `AuthenticationError` for 401/403). No error names a secret.
 * @param options - see {@link StoreRequestOptions}
 * @returns the answer's JSON for a `GET`, or undefined when it has none; undefined for a write (its answer is
 *   not read)
 */
export async function storeRequest(options: StoreRequestOptions): Promise<unknown> {
  try {
    const { value } = await request({
      providerId: options.platform,
      method: options.method,
      url: options.url,
      headers: options.headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      secrets: options.secrets,
      idempotent: options.idempotent,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: MAX_STORE_RESPONSE_BYTES,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      successfulResponseHandler: options.method === 'GET' ? answerJson : dropAnswer,
      failedResponseHandler: createStatusCodeErrorResponseHandler(),
    });
    return value;
  } catch (error) {
    // The caller's time limit ran out first: the same failure as the call's own, with the same limit.
    const reason: unknown = options.signal.reason;
    if (error === reason && reason instanceof Error && reason.name === 'TimeoutError') {
      const redactedUrl = redactUrl(options.url);
      throw new TimeoutError({
        message: `${options.platform}: ${options.method} ${redactedUrl} did not complete within ${options.timeoutMs} ms.`,
        providerId: options.platform,
        timeoutMs: options.timeoutMs,
        url: redactedUrl,
        isRetryable: true,
        maybeDelivered: !options.idempotent,
      });
    }
    throw error;
  }
}
