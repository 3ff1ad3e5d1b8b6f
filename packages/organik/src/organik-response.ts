import { type MessagingError, ValidationError } from '@x/messaging-core';
import {
  createStatusCodeErrorResponseHandler,
  type ResponseContext,
  type ResponseHandler,
  responseBodyExcerpt,
  toValidationIssues,
  unreadableResponseError,
} from '@x/provider-utils';
import type { z } from 'zod';
import { createOrganikError } from './organik-error';
import { type OrganikEnvelope, unwrapOrganikEnvelope } from './organik-schemas';
import type { OrganikParseResult } from './organik-send-result';
import { readOrganikXmlResponse } from './organik-xml';

/** What reading a body gave: an Organik envelope, or why it is not one. */
type ReadBody = { ok: true; envelope: OrganikEnvelope } | { ok: false; reason: string };

/**
 * Reads an Organik response body whatever its format: JSON and XML are told apart by their first character, so a
 * response in the other format than asked (or a server that ignores the path segment) is still understood.
 * @param text - the body
 * @param contentType - the `content-type` header, to recognise HTML pages
 */
export function readOrganikBody(text: string, contentType = ''): ReadBody {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return { ok: false, reason: 'the response body is empty' };
  if (contentType.includes('text/html') || /^<(!doctype html|html)/i.test(trimmed)) {
    return { ok: false, reason: 'the response is an HTML page, not JSON or XML' };
  }
  let value: unknown;
  if (trimmed.startsWith('<')) {
    const read = readOrganikXmlResponse(text);
    if (!read.ok) return { ok: false, reason: 'the response is not well-formed XML' };
    value = read.value;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'the response is not valid JSON' };
    }
  }
  const envelope = unwrapOrganikEnvelope(value);
  return envelope
    ? { ok: true, envelope }
    : { ok: false, reason: 'the response is not an Organik response envelope' };
}

function envelopeError(context: ResponseContext, text: string, error: { code: number; message: string }) {
  return createOrganikError(error, {
    url: context.url,
    method: context.method,
    statusCode: context.statusCode,
    requestId: context.requestId,
    responseHeaders: context.responseHeaders,
    responseBody: responseBodyExcerpt(context, text),
  });
}

/** Options of {@link createOrganikResponseHandler}. */
export interface OrganikResponseHandlerOptions<T> {
  /** The value to return when Organik answers error 87 ("No records were found"): an empty list. */
  whenNoRecords?: () => T;
}

/**
 * A response handler for one Organik operation: reads JSON or XML, unwraps the envelope, turns an error envelope
 * into the typed error of its code, and validates `data` with `schema`. A body that is no Organik response (an
 * HTML page, a truncated body) becomes an ApiCallError with a short redacted excerpt; a `data` of the wrong shape a
 * ValidationError (`target: 'response'`). For a send, both carry `maybeDelivered: true`: the request may have been
 * processed.
 * @param schema - the schema of `data`, or a function that checks and converts it
 * @param options - what an empty result means
 */
export function createOrganikResponseHandler<T>(
  schema: z.ZodType<T> | ((data: unknown) => OrganikParseResult<T>),
  options: OrganikResponseHandlerOptions<T> = {},
): ResponseHandler<T> {
  const parse =
    typeof schema === 'function'
      ? schema
      : (data: unknown): OrganikParseResult<T> => {
          const result = schema.safeParse(data);
          return result.success
            ? { success: true, data: result.data }
            : { success: false, issues: toValidationIssues(result.error.issues) };
        };
  return async (context) => {
    const text = await context.readText();
    // Only the content type is needed here: asking for `responseHeaders` would redact every header.
    const read = readOrganikBody(text, context.response.headers.get('content-type') ?? '');
    if (!read.ok) throw unreadableResponseError(context, text, read.reason);
    if (!read.envelope.ok) {
      if (read.envelope.error.code === 87 && options.whenNoRecords) return options.whenNoRecords();
      throw envelopeError(context, text, read.envelope.error);
    }
    const result = parse(read.envelope.data);
    if (result.success) return result.data;
    const issues = result.issues;
    const where = issues[0]?.path.length ? ` at ${issues[0].path.map(String).join('.')}` : '';
    throw new ValidationError({
      message: `organik: the response of ${context.method} ${context.url} has an unexpected shape${where}.`,
      providerId: context.providerId,
      target: 'response',
      issues,
      maybeDelivered: !context.idempotent,
    });
  };
}

const statusCodeHandler = createStatusCodeErrorResponseHandler();

/**
 * The handler of non-2xx responses (other than 429 and 5xx, which `request()` handles): an Organik error envelope
 * gives the typed error of its code; anything else the error of its HTTP status.
 */
export const organikFailedResponseHandler: ResponseHandler<MessagingError> = async (context) => {
  const text = await context.readText().catch(() => '');
  const read = readOrganikBody(text, context.responseHeaders['content-type']);
  if (read.ok && !read.envelope.ok) return envelopeError(context, text, read.envelope.error);
  return statusCodeHandler(context);
};
