import { type MessagingError, toValidationIssues, ValidationError } from '@x/messaging-core';
import {
  createStatusCodeErrorResponseHandler,
  isHtmlPage,
  type ResponseContext,
  type ResponseHandler,
  safeParseWithMessages,
  unreadableResponseError,
} from '@x/provider-utils';
import type * as z from 'zod/mini';
import { type OrganikEnvelope, unwrapOrganikEnvelope } from './organik-envelope';
import { createOrganikError } from './organik-error';
import { type OrganikSendResult, sendResultSchema } from './organik-schemas';

/**
 * Parses a body as XML or JSON, told apart by their first character; `undefined` when it is neither. The XML
 * reader is loaded the first time an XML body arrives, so that a JSON client does not carry it.
 */
async function parseBody(text: string): Promise<unknown> {
  const read = text.trimStart().startsWith('<')
    ? (await import('./organik-xml')).readOrganikXmlResponse
    : JSON.parse;
  try {
    return read(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads an Organik response body whatever its format, so that a response in the other format than asked (or a
 * server that ignores the path segment) is still understood. Returns the envelope, or why the body is not one.
 */
async function readEnvelope(context: ResponseContext, text: string): Promise<OrganikEnvelope | string> {
  const body = await parseBody(text);
  const envelope = unwrapOrganikEnvelope(body);
  if (envelope) return envelope;
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return 'the response body is empty';
  if (isHtmlPage(context, trimmed)) return 'the response is an HTML page, not JSON or XML';
  if (body === undefined) {
    return trimmed.startsWith('<') ? 'the response is not well-formed XML' : 'the response is not valid JSON';
  }
  return 'the response is not an Organik response envelope';
}

/** Options of {@link createOrganikResponseHandler}. */
export interface OrganikResponseHandlerOptions<T> {
  /** The value to return when Organik answers error 87 ("No records were found"): an empty list. */
  whenNoRecords?: () => T;
}

/**
 * A response handler for one Organik operation: reads JSON or XML, unwraps the envelope, turns an error envelope
 * into the typed error of its code, and validates `data` with `schema`. A body that is no Organik response (an
 * HTML page, a truncated body) becomes an ApiCallError with a short redacted excerpt (an HTML page's text in its
 * message too); a `data` of the wrong shape a ValidationError (`target: 'response'`). For a send, both carry
 * `maybeDelivered: true`: the request may have been processed.
 * @param schema - the zod/mini schema of `data`
 * @param options - what an empty result means
 */
export function createOrganikResponseHandler<T>(
  schema: z.ZodMiniType<T>,
  options: OrganikResponseHandlerOptions<T> = {},
): ResponseHandler<T> {
  return async (context) => {
    const text = await context.readText();
    const envelope = await readEnvelope(context, text);
    if (typeof envelope === 'string') throw unreadableResponseError(context, text, envelope);
    if (!envelope.ok) {
      if (envelope.error.code === 87 && options.whenNoRecords) return options.whenNoRecords();
      throw createOrganikError(envelope.error, context, { body: text });
    }
    const result = safeParseWithMessages(schema, envelope.data);
    if (result.success) return result.data;
    const issues = toValidationIssues(result.error.issues);
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
  const envelope = await readEnvelope(context, text);
  if (typeof envelope !== 'string' && !envelope.ok) {
    return createOrganikError(envelope.error, context, { body: text });
  }
  return statusCodeHandler(context);
};

/** The handler of a `sendsms` (or `smsviaget`) answer. */
export const organikSendResultHandler: ResponseHandler<OrganikSendResult> =
  createOrganikResponseHandler(sendResultSchema);
