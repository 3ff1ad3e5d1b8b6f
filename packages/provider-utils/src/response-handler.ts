import {
  type ApiCallError,
  type MessagingError,
  toValidationIssues,
  ValidationError,
} from '@x/messaging-core';
import type { $ZodType } from 'zod/v4/core';
import { createApiCallError, outcomeUnknown, statusFailure } from './api-call-error';
import { isHtmlPage } from './response-body-excerpt';
import type { ResponseContext, ResponseHandler } from './response-context';
import { safeParseWithMessages } from './validation-messages';

/**
 * Builds the {@link ApiCallError} for a response that could not be understood (not JSON, not XML, wrong shape),
 * with {@link createApiCallError}.
 *
 * @param context - the response context
 * @param text - the body, for the excerpt
 * @param reason - what was wrong, for people (no secrets, no personal data)
 * @param cause - the underlying error
 */
export function unreadableResponseError(
  context: ResponseContext,
  text: string,
  reason: string,
  cause?: unknown,
): ApiCallError {
  return createApiCallError(context, { reason, body: text, cause });
}

/**
 * Why a body could not be parsed in `format`, for {@link unreadableResponseError}: an HTML page, an empty body,
 * or text that is not JSON / not well-formed XML. Shared by the JSON handler here and the XML one.
 *
 * @param context - the response context
 * @param text - the body
 * @param format - the format the body should have been in
 */
export function unreadableReason(context: ResponseContext, text: string, format: 'JSON' | 'XML'): string {
  if (isHtmlPage(context, text)) return `the response is an HTML page, not ${format}`;
  if (text.trim().length === 0) return 'the response body is empty';
  return format === 'JSON' ? 'the response is not valid JSON' : 'the response is not well-formed XML';
}

/**
 * The {@link ValidationError} (`target: 'response'`) for a parsed body of the wrong shape, naming where.
 *
 * @param context - the response context
 * @param zodIssues - the issues of the failed parse
 */
export function responseShapeError(
  context: ResponseContext,
  zodIssues: Parameters<typeof toValidationIssues>[0],
): ValidationError {
  const issues = toValidationIssues(zodIssues);
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  return new ValidationError({
    message: `${context.providerId}: the response of ${context.method} ${context.url} has an unexpected shape${where}.`,
    providerId: context.providerId,
    target: 'response',
    issues,
    maybeDelivered: outcomeUnknown(context.statusCode, context.idempotent),
  });
}

/**
 * Validates a parsed response body with `schema`; a body of the wrong shape becomes a {@link ValidationError}
 * (`target: 'response'`) that names where ({@link responseShapeError}).
 *
 * @param context - the response context
 * @param schema - zod schema of the parsed body
 * @param data - the parsed body
 */
export function validateResponse<T>(context: ResponseContext, schema: $ZodType<T>, data: unknown): T {
  const result = safeParseWithMessages(schema, data);
  if (result.success) return result.data;
  throw responseShapeError(context, result.error.issues);
}

/**
 * Handles a JSON response: reads the body, parses it and validates it with `schema`.
 *
 * - a body that is not JSON (an HTML error page, a truncated body) → {@link ApiCallError} with a short, redacted
 *   excerpt;
 * - JSON of the wrong shape → {@link ValidationError} with `target: 'response'` and the zod issues.
 *
 * Both carry `maybeDelivered: true` for a 2xx answer to a non-idempotent request: the provider may have acted.
 *
 * @param schema - zod schema of the expected body, from `zod` or `zod/mini` (any zod 4 schema); keep it minimal and
 *   lenient (`nullish`, coercions)
 */
export function createJsonResponseHandler<T>(schema: $ZodType<T>): ResponseHandler<T> {
  return async (context) => {
    const text = await context.readText();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw unreadableResponseError(context, text, unreadableReason(context, text, 'JSON'), error);
    }
    return validateResponse(context, schema, data);
  };
}

/** Options of {@link createJsonErrorResponseHandler}. */
export interface JsonErrorResponseHandlerOptions<E> {
  /** zod schema of the provider's error body, from `zod` or `zod/mini`. */
  schema: $ZodType<E>;
  /**
   * Builds the typed error from the parsed body. Use `context.url`, `context.statusCode`, `context.requestId`
   * and {@link responseBodyExcerpt} for the fields of {@link ApiCallError}.
   */
  toError(data: E, context: ResponseContext, text: string): MessagingError;
}

/**
 * Handles a failed response whose body is the provider's JSON error envelope. A body that is not JSON or does not
 * match `schema` falls back to {@link createStatusCodeErrorResponseHandler}'s classification by status.
 *
 * @param options - the schema and the mapping to a typed error
 */
export function createJsonErrorResponseHandler<E>(
  options: JsonErrorResponseHandlerOptions<E>,
): ResponseHandler<MessagingError> {
  const fallback = createStatusCodeErrorResponseHandler();
  return async (context) => {
    const text = await context.readText();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return fallback(context);
    }
    const result = safeParseWithMessages(options.schema, data);
    return result.success ? options.toError(result.data, context, text) : fallback(context);
  };
}

/**
 * Classifies a failed response by its HTTP status alone: 401 and 403 → `AuthenticationError`, 404 →
 * `NotFoundError`, 402 → `InsufficientBalanceError`, anything else → `ApiCallError` (retryable for 408 and 5xx).
 * The error carries a short redacted excerpt of the body, and an HTML page's text in its message.
 */
export function createStatusCodeErrorResponseHandler(): ResponseHandler<MessagingError> {
  return async (context) => {
    const body = await context.readText().catch(() => '');
    const { reason, ErrorClass } = statusFailure(context.statusCode);
    return createApiCallError(context, { reason, body }, ErrorClass);
  };
}

/** What {@link createBinaryResponseHandler} resolves with. */
export interface BinaryResponse {
  /** The file's bytes, as a stream (read it or cancel it). */
  body: ReadableStream<Uint8Array>;
  /** The `content-type` of the file (`audio/wav`, `application/pdf`...). */
  contentType: string;
  /** The file name from `content-disposition`, when given. */
  fileName?: string;
  /** The size in bytes from `content-length`, when given. */
  contentLength?: number;
}

/** Options of {@link createBinaryResponseHandler}. */
export interface BinaryResponseHandlerOptions {
  /**
   * Builds the error when the provider answers a download with a JSON or HTML body instead of a file (an expired
   * token, a missing record). Default: classification by status and an excerpt.
   */
  errorHandler?: ResponseHandler<MessagingError>;
}

/**
 * The file name announced by a `Content-Disposition` header (RFC 6266: `filename*` preferred over `filename`).
 * @param disposition - the header's value
 * @returns the file name, or undefined when the header has none
 */
export function fileNameOf(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // Fall through to the plain form.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : undefined;
}

/**
 * Handles a file download (a call recording, a fax). Resolves with the body as a stream, not read into memory.
 * A JSON, HTML or plain-text answer instead of a file is turned into a typed error (an expired token often comes
 * back as `200 {"error":"Token expired"}`).
 *
 * The request's timeout stops applying once this handler resolves; the stream still follows the caller's
 * `signal`, and the size limit still applies to it.
 *
 * @param options - see {@link BinaryResponseHandlerOptions}
 */
export function createBinaryResponseHandler(
  options: BinaryResponseHandlerOptions = {},
): ResponseHandler<BinaryResponse> {
  return async (context) => {
    const contentType = context.responseHeaders['content-type'] ?? 'application/octet-stream';
    if (/^(application\/(problem\+)?json|text\/)/i.test(contentType)) {
      const errorHandler = options.errorHandler ?? createStatusCodeErrorResponseHandler();
      throw await errorHandler(context);
    }
    const length = Number(context.responseHeaders['content-length']);
    return {
      body: context.readStream(),
      contentType,
      fileName: fileNameOf(context.responseHeaders['content-disposition']),
      contentLength:
        Number.isFinite(length) && context.responseHeaders['content-length'] ? length : undefined,
    };
  };
}
