import type { MessagingError } from '@x/messaging-core';
import type { ResponseHandler } from './response-context';

/** A `fetch` implementation (the global one, undici's, a proxy-bound one, a test double). */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Fired before the request is sent. URL and headers are redacted. */
export interface RequestStartEvent {
  providerId: string;
  method: string;
  /** The URL, secrets hidden. */
  url: string;
  /** Request headers, credential-like values hidden. */
  headers: Record<string, string>;
  /** The idempotency key of the call, when one was given. */
  idempotencyKey?: string;
}

/** Fired when response headers arrive (before the body is read). */
export interface RequestResponseEvent {
  providerId: string;
  method: string;
  /** The URL, secrets hidden. */
  url: string;
  statusCode: number;
  /** Milliseconds from sending to the response headers. */
  elapsedMs: number;
  requestId?: string;
}

/** Fired when the call fails with a {@link MessagingError} (not on a caller's abort). */
export interface RequestErrorEvent {
  providerId: string;
  method: string;
  /** The URL, secrets hidden. */
  url: string;
  error: MessagingError;
  /** Milliseconds from sending to the failure. */
  elapsedMs: number;
}

/**
 * Observability hooks. They only ever see redacted URLs and headers, never bodies. A hook that throws is
 * ignored: logging must not change the outcome of a send.
 */
export interface RequestHooks {
  onRequest?(event: RequestStartEvent): void;
  onResponse?(event: RequestResponseEvent): void;
  onError?(event: RequestErrorEvent): void;
}

/** Options of `request()`. */
export interface ProviderRequestOptions<T> {
  /** The provider's id, set on every error. */
  providerId: string;
  /** The full URL; may contain secrets (list them in `secrets`). */
  url: string;
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Request headers (`undefined` values are skipped). */
  headers?: Record<string, string | undefined>;
  /** Request body. */
  body?: string | Uint8Array | URLSearchParams | FormData;
  /** Values hidden everywhere they could surface: URL, body excerpts, hooks, errors. */
  secrets?: readonly (string | undefined)[];
  /** Query parameters whose values are hidden (added to the usual credential names). */
  redactQueryParams?: readonly string[];
  /** The `fetch` to use; `globalThis.fetch` (read at call time) by default. */
  fetch?: FetchFunction;
  /** The caller's signal: aborting it rejects with the signal's reason, which is never retried. */
  signal?: AbortSignal;
  /**
   * Limit for the whole call including reading the body (default 30 000 ms). `Infinity` means no limit; zero or
   * a negative value is refused with a `ValidationError`.
   */
  timeoutMs?: number;
  /** The largest response body accepted, in bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** Logging hooks; see {@link RequestHooks}. */
  hooks?: RequestHooks;
  /** Passed to `onRequest`; set a provider-specific header yourself if the provider supports one. */
  idempotencyKey?: string;
  /**
   * Whether repeating the request is harmless. `false` for sends: then a failure whose outcome is unknown (a
   * timeout, a reset after sending, a 5xx) is reported with `maybeDelivered: true`.
   */
  idempotent: boolean;
  /** Turns a 2xx response into the value (and may throw typed errors for error envelopes). */
  successfulResponseHandler: ResponseHandler<T>;
  /** Turns a 4xx response (other than 429) into the error to throw. */
  failedResponseHandler: ResponseHandler<MessagingError>;
}

/** What `request()` resolves with. */
export interface ProviderResponse<T> {
  /** What the successful response handler returned. */
  value: T;
  /** HTTP status. */
  statusCode: number;
  /** Response headers, lower-case names, credential-like values hidden. */
  responseHeaders: Record<string, string>;
}

/** Default limit for a call, body included. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Default largest response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
