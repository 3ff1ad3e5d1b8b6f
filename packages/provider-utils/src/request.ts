import {
  ApiCallError,
  MessagingError,
  maskPhoneNumbersInText,
  NetworkError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import { retryAfterFromHeaders } from './parse-retry-after';
import { excerpt, redactHeaders, redactText, redactUrl } from './redact';
import type { ResponseContext, ResponseHandler } from './response-handler';

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

/** Options of {@link request}. */
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

/** What {@link request} resolves with. */
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
const MAX_TIMER_MS = 2_147_483_647;

/** Default largest response body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];

/** System error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** TLS failures: never sent, and retrying will not help. */
const TLS_CODE_PATTERN = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/i;

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

/**
 * Finds a system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`) on an error, its causes or the first of its
 * aggregated errors.
 * @param error - anything thrown by fetch or a body read
 * @returns the code, or undefined when there is none
 */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = systemCodeOf(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A copy of an underlying error that keeps its name, code and (redacted) message, and nothing else. */
function sanitizeCause(error: unknown, redact: (text: string) => string): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  const code = systemCodeOf(error);
  if (code) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  copy.stack = undefined;
  return copy;
}

/** What one call knows about itself, for its errors and its context. */
class CallState {
  /** Status of the response, once headers arrived. */
  statusCode: number | undefined;
  /** Whether a handler took the body as a stream, which outlives the call (and follows the caller's signal). */
  streamed = false;
  /** Whether the call's own timeout fired. */
  fired = false;
  #safeUrl: string | undefined;
  readonly #options: ProviderRequestOptions<unknown>;
  readonly #secrets: readonly (string | undefined)[];
  /** Hides the call's secrets in `text` (a function of its own, so it can be handed out). */
  readonly redact: (text: string) => string;

  constructor(
    options: ProviderRequestOptions<unknown>,
    secrets: readonly (string | undefined)[],
    readonly timeoutMs: number,
  ) {
    this.#options = options;
    this.#secrets = secrets;
    this.redact = (text) => redactText(text, secrets);
  }

  get providerId(): string {
    return this.#options.providerId;
  }

  get method(): string {
    return this.#options.method;
  }

  get idempotent(): boolean {
    return this.#options.idempotent;
  }

  get callerSignal(): AbortSignal | undefined {
    return this.#options.signal;
  }

  /**
   * The URL, secrets hidden and phone numbers masked (`?gsms=90532…`, `/blacklist/90532…` are personal data).
   * Computed when first shown (a hook, an error): a successful call without hooks never pays for it.
   */
  get safeUrl(): string {
    this.#safeUrl ??= maskPhoneNumbersInText(
      redactUrl(this.#options.url, { secrets: this.#secrets, queryParams: this.#options.redactQueryParams }),
    );
    return this.#safeUrl;
  }

  timedOut(): boolean {
    return this.fired;
  }
}

/** Whether a failure in this state leaves the request's effect unknown. */
function outcomeUnknown(state: CallState): boolean {
  if (state.idempotent) return false;
  if (state.statusCode === undefined) return true;
  return state.statusCode < 400 || state.statusCode >= 500;
}

function timeoutError(state: CallState, cause?: unknown): TimeoutError {
  return new TimeoutError({
    message: `${state.providerId}: ${state.method} ${state.safeUrl} did not complete within ${state.timeoutMs} ms.`,
    providerId: state.providerId,
    timeoutMs: state.timeoutMs,
    url: state.safeUrl,
    isRetryable: true,
    maybeDelivered: outcomeUnknown(state),
    cause: sanitizeCause(cause, state.redact),
  });
}

/**
 * Classifies an error raised while sending the request or reading the response (not a handler's own error).
 * Returns the error to throw: the caller's abort reason, a TimeoutError or a NetworkError.
 */
function classifyTransportError(error: unknown, state: CallState): unknown {
  if (state.callerSignal?.aborted) return state.callerSignal.reason;
  if (state.timedOut()) return timeoutError(state, error);
  if (MessagingError.isInstance(error)) return error;
  const code = systemCodeOf(error);
  const notSent = state.statusCode === undefined && code !== undefined && NOT_SENT_CODES.has(code);
  const tls = state.statusCode === undefined && code !== undefined && TLS_CODE_PATTERN.test(code);
  const what = notSent
    ? 'could not connect'
    : tls
      ? 'failed the TLS handshake'
      : state.statusCode === undefined
        ? 'failed before a response arrived'
        : 'broke while the response was read';
  return new NetworkError({
    message: `${state.providerId}: ${state.method} ${state.safeUrl} ${what}${code ? ` (${code})` : ''}.`,
    providerId: state.providerId,
    url: state.safeUrl,
    code,
    isRetryable: !tls,
    maybeDelivered: notSent || tls ? false : outcomeUnknown(state),
    cause: sanitizeCause(error, state.redact),
  });
}

const UTF8 = new TextDecoder('utf-8');

let lastContentType: string | null = null;
let lastDecoder: TextDecoder = UTF8;

function decoderFor(contentType: string | null): TextDecoder {
  if (contentType === lastContentType) return lastDecoder;
  lastDecoder = findDecoder(contentType);
  lastContentType = contentType;
  return lastDecoder;
}

function findDecoder(contentType: string | null): TextDecoder {
  const charset = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset);
    } catch {
      // Unknown charset: fall back to UTF-8.
    }
  }
  return UTF8;
}

function tooLargeError(state: CallState, maxBytes: number, headers: Record<string, string>): ApiCallError {
  return new ApiCallError({
    message: `${state.providerId}: the response of ${state.method} ${state.safeUrl} is larger than ${maxBytes} bytes.`,
    providerId: state.providerId,
    url: state.safeUrl,
    method: state.method,
    statusCode: state.statusCode,
    responseHeaders: headers,
    isRetryable: false,
    maybeDelivered: outcomeUnknown(state),
  });
}

/**
 * Reads a whole body through its stream within the byte limit, giving up as soon as `aborted` rejects (when
 * given; without it, the body's own stream ends on abort).
 */
async function readAll(
  body: ReadableStream<Uint8Array>,
  aborted: Promise<never> | undefined,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // One subscription for the whole read, not a race per chunk: an abort cancels the reader, and cancelling ends
  // the pending read at once even when the body's source ignores it.
  let finished = false;
  let abortedWith: { reason: unknown } | undefined;
  aborted?.catch((reason: unknown) => {
    if (finished) return;
    abortedWith = { reason };
    reader.cancel(reason).catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (abortedWith) throw abortedWith.reason;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw onTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    finished = true;
    reader.cancel().catch(() => {});
    throw error;
  }
  finished = true;
  if (chunks.length === 1) return chunks[0]!;
  const result = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}

/**
 * Reads a whole body within the byte limit. A body whose size is announced (`content-length`, not compressed,
 * within the limit) is read in one piece; any other is read chunk by chunk so that the limit holds while reading.
 */
function readBody(
  response: Response,
  body: ReadableStream<Uint8Array>,
  aborted: Promise<never> | undefined,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const encoding = response.headers.get('content-encoding');
  const announced = response.headers.get('content-length') !== null;
  if (!announced || (encoding !== null && encoding !== 'identity')) {
    return readAll(body, aborted, maxBytes, onTooLarge);
  }
  return (aborted ? Promise.race([response.arrayBuffer(), aborted]) : response.arrayBuffer()).then(
    (bytes) => {
      if (bytes.byteLength > maxBytes) throw onTooLarge();
      return new Uint8Array(bytes);
    },
  );
}

/** What a successful call resolves with; the headers are redacted when first read. */
class CallResult<T> implements ProviderResponse<T> {
  readonly #headers: ResponseHeaders;

  constructor(
    readonly value: T,
    readonly statusCode: number,
    headers: ResponseHeaders,
  ) {
    this.#headers = headers;
  }

  get responseHeaders(): Record<string, string> {
    return this.#headers.redacted;
  }

  toJSON(): ProviderResponse<T> {
    return { value: this.value, statusCode: this.statusCode, responseHeaders: this.responseHeaders };
  }
}

interface ContextInput {
  response: Response;
  state: CallState;
  /** Rejects when the call is aborted (timeout or the caller's signal); only for a `fetch` given in the options. */
  aborted: Promise<never> | undefined;
  maxBytes: number;
  /** The response headers, redacted when first asked for. */
  headers: ResponseHeaders;
}

/**
 * The redacted response headers and the request id, computed when first read: a successful call whose handler
 * needs neither never walks the headers.
 */
class ResponseHeaders {
  #redacted: Record<string, string> | undefined;
  #requestId: string | null | undefined;
  readonly #response: Response;
  readonly #secrets: readonly (string | undefined)[];

  constructor(response: Response, secrets: readonly (string | undefined)[]) {
    this.#response = response;
    this.#secrets = secrets;
  }

  get redacted(): Record<string, string> {
    this.#redacted ??= redactHeaders(this.#response.headers, this.#secrets);
    return this.#redacted;
  }

  get requestId(): string | undefined {
    if (this.#requestId === undefined) {
      this.#requestId = null;
      const headers = this.redacted;
      for (const name of REQUEST_ID_HEADERS) {
        if (headers[name]) {
          this.#requestId = headers[name];
          break;
        }
      }
    }
    return this.#requestId ?? undefined;
  }
}

/**
 * The context handed to response handlers. Its functions are own properties, so a handler may take them apart
 * (`const { readText } = context`); the URL is redacted only when read.
 */
class CallResponseContext implements ResponseContext {
  readonly response: Response;
  readonly method: string;
  readonly providerId: string;
  readonly statusCode: number;
  readonly idempotent: boolean;
  readonly redact: (text: string) => string;
  readonly readText: () => Promise<string>;
  readonly readStream: () => ReadableStream<Uint8Array>;
  readonly #state: CallState;
  readonly #headers: ResponseHeaders;

  constructor(input: ContextInput) {
    const { response, state, aborted, maxBytes, headers } = input;
    this.response = response;
    this.method = state.method;
    this.providerId = state.providerId;
    this.statusCode = response.status;
    this.#headers = headers;
    this.idempotent = state.idempotent;
    this.redact = state.redact;
    this.#state = state;
    let text: Promise<string> | undefined;
    let taken = false;
    const tooLarge = () => tooLargeError(state, maxBytes, headers.redacted);
    const take = (): ReadableStream<Uint8Array> | null => {
      if (taken) throw new TypeError('The response body was already taken.');
      taken = true;
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.body?.cancel().catch(() => {});
        throw tooLarge();
      }
      return response.body;
    };
    const readTextOnce = (): Promise<string> => {
      let body: ReadableStream<Uint8Array> | null;
      try {
        body = take();
      } catch (error) {
        return Promise.reject(error);
      }
      if (!body) return Promise.resolve('');
      return readBody(response, body, aborted, maxBytes, tooLarge).then(
        (bytes) => decoderFor(response.headers.get('content-type')).decode(bytes),
        (error: unknown) => {
          throw classifyTransportError(error, state);
        },
      );
    };
    this.readText = () => {
      text ??= readTextOnce();
      return text;
    };
    this.readStream = () => {
      const body = take();
      state.streamed = true;
      let total = 0;
      const limit = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          total += chunk.byteLength;
          if (total > maxBytes) controller.error(tooLarge());
          else controller.enqueue(chunk);
        },
      });
      if (!body) return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
      return body.pipeThrough(limit);
    };
  }

  /** The request URL with secrets hidden and phone numbers masked. */
  get url(): string {
    return this.#state.safeUrl;
  }

  /** Response headers, lower-case names, credential-like values hidden. */
  get responseHeaders(): Record<string, string> {
    return this.#headers.redacted;
  }

  /** The provider's request id, from the usual response headers. */
  get requestId(): string | undefined {
    return this.#headers.requestId;
  }
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
 * - HTTP 429 → `RateLimitError` with `retryAfterMs` from `Retry-After` / `retry-after-ms`;
 * - HTTP 5xx → `ApiCallError` (`isRetryable`, `maybeDelivered: !idempotent`);
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
  const secrets = options.secrets ?? [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError({
      message: `${options.providerId}: timeoutMs must be a positive number of milliseconds.`,
      providerId: options.providerId,
      target: 'options',
      issues: [{ path: ['timeoutMs'], message: 'Expected a positive number', code: 'too_small' }],
    });
  }
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const callerSignal = options.signal;
  const hooks = options.hooks;
  const method = options.method;

  callerSignal?.throwIfAborted();

  const state = new CallState(options as ProviderRequestOptions<unknown>, secrets, timeoutMs);

  // One controller aborts the fetch, for the timeout and for the caller's signal. A `fetch` given in the options
  // may ignore its signal (a test double, a wrapper): for those, `aborted` rejects at the same moment and every
  // wait races it. The runtime's own fetch ends the request and its body on abort, and needs no race.
  const controller = new AbortController();
  let rejectAborted: ((reason: unknown) => void) | undefined;
  let aborted: Promise<never> | undefined;
  if (options.fetch) {
    aborted = new Promise<never>((_resolve, reject) => {
      rejectAborted = reject;
    });
    aborted.catch(() => {});
  }
  const abort = (reason: unknown) => {
    controller.abort(reason);
    rejectAborted?.(reason);
  };
  // Timers overflow above 2^31-1 ms (and would fire at once): longer limits, Infinity included, mean none.
  const timer =
    timeoutMs <= MAX_TIMER_MS
      ? setTimeout(() => {
          state.fired = true;
          abort(new DOMException('The operation timed out.', 'TimeoutError'));
        }, timeoutMs)
      : undefined;
  const onCallerAbort = callerSignal ? () => abort(callerSignal.reason) : undefined;
  if (callerSignal && onCallerAbort) callerSignal.addEventListener('abort', onCallerAbort, { once: true });

  const headers: Record<string, string> = {};
  const given = options.headers;
  if (given) {
    for (const name in given) {
      const value = given[name];
      if (value !== undefined) headers[name] = value;
    }
  }

  if (hooks?.onRequest) {
    callHook(hooks.onRequest, {
      providerId: options.providerId,
      method,
      url: state.safeUrl,
      headers: redactHeaders(headers, secrets),
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
        signal: controller.signal,
      };
      const sent = options.fetch ? options.fetch(options.url, init) : globalThis.fetch(options.url, init);
      response = await (aborted ? Promise.race([sent, aborted]) : sent);
    } catch (error) {
      throw classifyTransportError(error, state);
    }
    state.statusCode = response.status;
    const received = new ResponseHeaders(response, secrets);
    if (hooks?.onResponse) {
      const requestId = received.requestId;
      callHook(hooks.onResponse, {
        providerId: options.providerId,
        method,
        url: state.safeUrl,
        statusCode: response.status,
        elapsedMs: now() - started,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    const context = new CallResponseContext({ response, state, aborted, maxBytes, headers: received });

    if (response.status >= 200 && response.status < 300) {
      let value: T;
      try {
        value = await options.successfulResponseHandler(context);
      } catch (error) {
        throw handlerError(error, context, state);
      }
      return new CallResult(value, response.status, received);
    }
    if (response.status === 429) {
      const body = await context.readText().catch(() => '');
      throw new RateLimitError({
        message: `${options.providerId}: too many requests (HTTP 429 from ${method} ${state.safeUrl}).`,
        providerId: options.providerId,
        url: state.safeUrl,
        method,
        statusCode: 429,
        requestId: received.requestId,
        responseBody: excerpt(maskPhoneNumbersInText(state.redact(body))),
        responseHeaders: received.redacted,
        retryAfterMs: retryAfterFromHeaders(response.headers),
      });
    }
    if (response.status >= 500) {
      const body = await context.readText().catch(() => '');
      throw new ApiCallError({
        message: `${options.providerId}: server error (HTTP ${response.status} from ${method} ${state.safeUrl}).`,
        providerId: options.providerId,
        url: state.safeUrl,
        method,
        statusCode: response.status,
        requestId: received.requestId,
        responseBody: excerpt(maskPhoneNumbersInText(state.redact(body))),
        responseHeaders: received.redacted,
        isRetryable: true,
        maybeDelivered: !options.idempotent,
      });
    }
    let failure: MessagingError;
    try {
      failure = await options.failedResponseHandler(context);
    } catch (error) {
      throw handlerError(error, context, state);
    }
    throw failure;
  } catch (error) {
    const final = callerSignal?.aborted && !MessagingError.isInstance(error) ? callerSignal.reason : error;
    if (MessagingError.isInstance(final) && hooks?.onError) {
      callHook(hooks.onError, {
        providerId: options.providerId,
        method,
        url: state.safeUrl,
        error: final,
        elapsedMs: now() - started,
      });
    }
    throw final;
  } finally {
    clearTimeout(timer);
    // A body handed out as a stream outlives the call and keeps following the caller's signal.
    if (callerSignal && onCallerAbort && !state.streamed) {
      callerSignal.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** The error to throw for a handler's failure: its typed errors pass through, anything else is wrapped. */
function handlerError(error: unknown, context: ResponseContext, state: CallState): unknown {
  if (MessagingError.isInstance(error)) return error;
  if (state.callerSignal?.aborted) return state.callerSignal.reason;
  if (state.timedOut()) return timeoutError(state, error);
  return new ApiCallError({
    message: `${state.providerId}: the response of ${state.method} ${state.safeUrl} could not be handled.`,
    providerId: state.providerId,
    url: state.safeUrl,
    method: state.method,
    statusCode: context.statusCode,
    requestId: context.requestId,
    responseHeaders: context.responseHeaders,
    maybeDelivered: outcomeUnknown(state),
    cause: sanitizeCause(error, state.redact),
  });
}
