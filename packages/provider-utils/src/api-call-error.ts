import {
  ApiCallError,
  type ApiCallErrorOptions,
  AuthenticationError,
  InsufficientBalanceError,
  NotFoundError,
} from '@x/messaging-core';
import { htmlPageExcerpt, isHtmlPage, responseBodyExcerpt } from './response-body-excerpt';

/**
 * What an error about a call is built from: a `ResponseContext` (every response handler has one), or the part of it
 * known when the error is not about one response (a recipient an answer left out).
 */
export interface ApiCallErrorContext {
  /** The provider's id. */
  providerId: string;
  /** The request URL, secrets hidden. */
  url: string;
  /** HTTP method of the request. */
  method: string;
  /** HTTP status of the response, when one arrived. */
  statusCode?: number;
  /** The provider's request id, when a response header carries one. */
  requestId?: string;
  /** Response headers, lower-case names, credential-like values hidden. */
  responseHeaders?: Record<string, string>;
  /** Whether repeating the request is harmless (reads); `false` for sends. Default true. */
  idempotent?: boolean;
  /** Hides the call's secrets in a text (for the body excerpt). */
  redact?(text: string): string;
}

/** What went wrong, for {@link createApiCallError}. */
export interface ApiCallErrorDetails {
  /**
   * What went wrong, for people, without secrets or personal data (`'server error'`). The message names the call
   * after it: `organik: server error (POST https://…/sendsms/ answered HTTP 502).` Default `'the request failed'`.
   */
  reason?: string;
  /** The whole message instead, used as given (`reason` and the page excerpt are then left out). */
  message?: string;
  /**
   * The response body as received. A short excerpt of it becomes `responseBody` (secrets hidden, phone numbers
   * masked); when it is an HTML page, the page's text goes into the message too. Leave it out when the body may
   * hold secrets the call's redactor does not know (the tokens a token endpoint returns).
   */
  body?: string;
  /** The provider's own error code. */
  providerCode?: string | number;
  /** Default: true for HTTP 408, 429 and 5xx. */
  isRetryable?: boolean;
  /**
   * Default: true when the request is not idempotent and its outcome is unknown (no status, a 2xx that could not be
   * read, a 5xx); false for any other 4xx, which the provider refused.
   */
  maybeDelivered?: boolean;
  /** The underlying error (already stripped of secrets). */
  cause?: unknown;
}

/**
 * Whether a failed call may have had its effect: only a request that is not idempotent, and not refused with a 4xx
 * (a provider that answers 4xx did not act on the request).
 *
 * @param statusCode - the response's status, undefined when none arrived
 * @param idempotent - whether repeating the request is harmless
 */
export function outcomeUnknown(statusCode: number | undefined, idempotent: boolean): boolean {
  if (idempotent) return false;
  return statusCode === undefined || statusCode < 400 || statusCode >= 500;
}

function isRetryableStatus(statusCode: number | undefined): boolean {
  return statusCode === 408 || statusCode === 429 || (statusCode !== undefined && statusCode >= 500);
}

function describeCall(context: ApiCallErrorContext, reason: string, page: string | undefined): string {
  const status = context.statusCode === undefined ? '' : ` answered HTTP ${context.statusCode}`;
  const html = page ? ` with an HTML page: "${page}"` : '';
  return `${context.providerId}: ${reason} (${context.method} ${context.url}${status}${html}).`;
}

/**
 * Builds an {@link ApiCallError}, or the subclass given, from what is known of the call: the one place where the
 * fields of such an error are filled. URL, method, status, request id and response headers come from `context`;
 * the body becomes a redacted excerpt (and, for an HTML page, part of the message); `isRetryable` and
 * `maybeDelivered` follow the status and whether the request is idempotent unless `details` says otherwise.
 *
 * @param context - the response context, or what is known of the call
 * @param details - the reason, the body and any field to set; see {@link ApiCallErrorDetails}
 * @param ErrorClass - the class to build (`AuthenticationError`, `RateLimitError`…; default `ApiCallError`); its
 *   own options (`retryAfterMs`, `recipient`, `blacklisted`) go in `details`
 * @returns the error, ready to throw
 *
 * @example
 * throw createApiCallError(context, { reason: 'server error', body: await context.readText() });
 * throw createApiCallError(context, { reason: 'too many requests', retryAfterMs: 2000 }, RateLimitError);
 */
export function createApiCallError(context: ApiCallErrorContext, details?: ApiCallErrorDetails): ApiCallError;
export function createApiCallError<O extends ApiCallErrorOptions, E extends ApiCallError>(
  context: ApiCallErrorContext,
  details: ApiCallErrorDetails & Omit<O, keyof ApiCallErrorOptions>,
  ErrorClass: new (options: O) => E,
): E;
export function createApiCallError(
  context: ApiCallErrorContext,
  details: ApiCallErrorDetails = {},
  ErrorClass: new (options: ApiCallErrorOptions) => ApiCallError = ApiCallError,
): ApiCallError {
  const { reason, message, body, ...fields } = details;
  const page = body !== undefined && isHtmlPage(context, body) ? htmlPageExcerpt(context, body) : undefined;
  return new ErrorClass({
    ...fields,
    message: message ?? describeCall(context, reason ?? 'the request failed', page),
    providerId: context.providerId,
    url: context.url,
    method: context.method,
    statusCode: context.statusCode,
    requestId: context.requestId,
    responseBody: body === undefined ? undefined : responseBodyExcerpt(context, body),
    responseHeaders: context.responseHeaders,
    isRetryable: details.isRetryable ?? isRetryableStatus(context.statusCode),
    maybeDelivered: details.maybeDelivered ?? outcomeUnknown(context.statusCode, context.idempotent ?? true),
  });
}

/** The error class and reason of a failed response known only by its status. */
export function statusFailure(statusCode: number): {
  reason: string;
  ErrorClass: new (options: ApiCallErrorOptions) => ApiCallError;
} {
  if (statusCode === 401 || statusCode === 403) {
    return { reason: 'the credentials were refused', ErrorClass: AuthenticationError };
  }
  if (statusCode === 402)
    return { reason: 'the balance is insufficient', ErrorClass: InsufficientBalanceError };
  if (statusCode === 404) return { reason: 'not found', ErrorClass: NotFoundError };
  return { reason: 'the request failed', ErrorClass: ApiCallError };
}
