import type { ApiCallError } from '@x/messaging-core';
import type { $ZodType } from 'zod/v4/core';
import { isHtmlPage, startsLikeHtmlPage } from './response-body-excerpt';
import type { ResponseContext, ResponseHandler } from './response-context';
import { responseShapeError, unreadableReason, unreadableResponseError } from './response-handler';
import { safeParseWithMessages } from './validation-messages';
import { type ParseXmlOptions, parseXml } from './xml-document';

function htmlPageError(context: ResponseContext, text: string): ApiCallError {
  return unreadableResponseError(context, text, unreadableReason(context, text, 'XML'));
}

/**
 * Handles an XML response: reads the body, parses it with {@link parseXml} (no DOCTYPE, no entity expansion,
 * limited depth and length, values kept as strings) and validates the result with `schema`.
 *
 * - an HTML page (a proxy's error page, a captive portal, a maintenance page) → `ApiCallError` "the response is an
 *   HTML page, not XML" with the page's text in the message and a short redacted excerpt, as the JSON handler
 *   gives. A body that starts like one (`<!DOCTYPE html`, `<html`) is not parsed at all; a body only labelled
 *   `text/html` is read, since some servers send their XML so, and is reported as a page when it is not XML of
 *   the expected shape;
 * - other unreadable XML → `ApiCallError` with an excerpt; wrong shape → `ValidationError` (`target: 'response'`).
 *
 * Reading costs fast-xml-parser about 0.5 to 1.5 s of CPU per MB whatever the markup (many distinct attribute names
 * are the slowest), so no count of elements or attributes bounds it better than the length does: `maxLength`
 * (default 10 MiB, several seconds for a hostile answer) is the bound; set it to the largest answer the API gives.
 *
 * @param schema - zod schema of the parsed document, from `zod` or `zod/mini`
 * @param options - lists, attributes and limits; see {@link ParseXmlOptions}
 */
export function createXmlResponseHandler<T>(
  schema: $ZodType<T>,
  options: ParseXmlOptions = {},
): ResponseHandler<T> {
  return async (context) => {
    const text = await context.readText();
    if (startsLikeHtmlPage(text)) throw htmlPageError(context, text);
    let data: unknown;
    try {
      if (text.trim().length === 0) throw new Error('empty body');
      data = parseXml(text, options);
    } catch (error) {
      throw unreadableResponseError(context, text, unreadableReason(context, text, 'XML'), error);
    }
    const result = safeParseWithMessages(schema, data);
    if (result.success) return result.data;
    if (isHtmlPage(context, text)) throw htmlPageError(context, text);
    throw responseShapeError(context, result.error.issues);
  };
}
