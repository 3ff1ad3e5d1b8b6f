import type { ApiCallError } from '@x/messaging-core';
import { createApiCallError } from './api-call-error';
import type { CallState } from './call-state';
import { decodeBody, readBoundedBody } from './read-body';
import { redactHeadersWith } from './redact';
import type { ProviderResponse } from './request-options';
import { classifyTransportError } from './transport-error';

/** What a response handler is given: the response and safe ways to read and describe it. */
export interface ResponseContext {
  /** The response. Prefer {@link ResponseContext.readText}, which enforces the size limit and the timeout. */
  response: Response;
  /** The request URL with secrets hidden. */
  url: string;
  /** HTTP method of the request. */
  method: string;
  /** The provider's id. */
  providerId: string;
  /** HTTP status of the response. */
  statusCode: number;
  /** The provider's request id, when a response header carries one. */
  requestId?: string;
  /** Response headers, lower-case names, credential-like values hidden. */
  responseHeaders: Record<string, string>;
  /** Whether repeating the request is harmless (reads); false for sends. */
  idempotent: boolean;
  /**
   * Reads the body as text (charset from `content-type`, UTF-8 by default), within the size limit and the
   * request's timeout. Reading twice returns the same text.
   * @throws ApiCallError when the body is larger than the limit; TimeoutError / NetworkError when reading fails
   */
  readText(): Promise<string>;
  /**
   * The body as a stream of bytes, limited to the request's `maxResponseBytes` (the stream errors beyond it).
   * Use it for downloads; it can be taken once and not together with {@link ResponseContext.readText}.
   */
  readStream(): ReadableStream<Uint8Array>;
  /** Hides the request's secrets in `text`. */
  redact(text: string): string;
}

/** Turns a response into a value (successful responses) or into the error to throw (failed responses). */
export type ResponseHandler<T> = (context: ResponseContext) => Promise<T>;

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];

/**
 * The redacted response headers and the request id, computed when first read: a successful call whose handler
 * needs neither never walks the headers.
 */
export class ResponseHeaders {
  #redacted: Record<string, string> | undefined;
  readonly #response: Response;
  readonly #redact: (text: string) => string;

  /**
   * @param response - the response
   * @param redact - hides the call's secrets in header values
   */
  constructor(response: Response, redact: (text: string) => string) {
    this.#response = response;
    this.#redact = redact;
  }

  /** The headers, lower-case names, credential-like values and the call's secrets hidden. */
  get redacted(): Record<string, string> {
    this.#redacted ??= redactHeadersWith(this.#response.headers, this.#redact);
    return this.#redacted;
  }

  /** The provider's request id, from the usual headers. */
  get requestId(): string | undefined {
    const headers = this.redacted;
    for (const name of REQUEST_ID_HEADERS) if (headers[name]) return headers[name];
    return undefined;
  }
}

/** What a {@link CallResponseContext} is made from. */
export interface ContextInput {
  response: Response;
  state: CallState;
  /** Rejects when the call is aborted (timeout or the caller's signal); only for a `fetch` given in the options. */
  aborted: Promise<never> | undefined;
  maxBytes: number;
  headers: ResponseHeaders;
}

/**
 * The context handed to response handlers. Its functions are own properties, so a handler may take them apart
 * (`const { readText } = context`); the URL is redacted only when read.
 */
export class CallResponseContext implements ResponseContext {
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
  readonly #maxBytes: number;
  #taken = false;

  /** @param input - the response, the call and its limits */
  constructor(input: ContextInput) {
    const { response, state, aborted, maxBytes, headers } = input;
    this.response = response;
    this.method = state.method;
    this.providerId = state.providerId;
    this.statusCode = response.status;
    this.idempotent = state.idempotent;
    this.redact = state.redact;
    this.#state = state;
    this.#headers = headers;
    this.#maxBytes = maxBytes;
    let text: Promise<string> | undefined;
    this.readText = () => {
      text ??= this.#readText(aborted);
      return text;
    };
    this.readStream = () => this.#readStream();
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

  #tooLarge(): ApiCallError {
    return createApiCallError(this, {
      reason: `the response is larger than ${this.#maxBytes} bytes`,
      isRetryable: false,
    });
  }

  /** Takes the body, once; a body announced larger than the limit is refused before it is read. */
  #take(): ReadableStream<Uint8Array> | null {
    if (this.#taken) throw new TypeError('The response body was already taken.');
    this.#taken = true;
    const declared = Number(this.response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.#maxBytes) {
      this.response.body?.cancel().catch(() => {});
      throw this.#tooLarge();
    }
    return this.response.body;
  }

  async #readText(aborted: Promise<never> | undefined): Promise<string> {
    const body = this.#take();
    if (!body) return '';
    let bytes: Uint8Array;
    try {
      bytes = await readBoundedBody(this.response, {
        body,
        aborted,
        maxBytes: this.#maxBytes,
        onTooLarge: () => this.#tooLarge(),
      });
    } catch (error) {
      throw classifyTransportError(error, this.#state);
    }
    return decodeBody(bytes, this.response.headers.get('content-type'));
  }

  #readStream(): ReadableStream<Uint8Array> {
    const body = this.#take();
    this.#state.streamed = true;
    if (!body) return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
    let total = 0;
    const maxBytes = this.#maxBytes;
    const tooLarge = () => this.#tooLarge();
    const limit = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    });
    return body.pipeThrough(limit);
  }
}

/** What a successful call resolves with; the headers are redacted when first read. */
export class CallResult<T> implements ProviderResponse<T> {
  readonly #headers: ResponseHeaders;

  /**
   * @param value - what the handler returned
   * @param statusCode - the response's status
   * @param headers - the response headers
   */
  constructor(
    readonly value: T,
    readonly statusCode: number,
    headers: ResponseHeaders,
  ) {
    this.#headers = headers;
  }

  /** Response headers, lower-case names, credential-like values hidden. */
  get responseHeaders(): Record<string, string> {
    return this.#headers.redacted;
  }

  /** The plain value, for `JSON.stringify` and test matchers. */
  toJSON(): ProviderResponse<T> {
    return { value: this.value, statusCode: this.statusCode, responseHeaders: this.responseHeaders };
  }
}
