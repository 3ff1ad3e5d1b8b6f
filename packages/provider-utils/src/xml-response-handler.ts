import type { $ZodType } from 'zod/v4/core';
import type { ResponseHandler } from './response-context';
import { unreadableReason, unreadableResponseError, validateResponse } from './response-handler';
import { type ParseXmlOptions, parseXml } from './xml-document';

/**
 * Handles an XML response: reads the body, parses it with {@link parseXml} (no DOCTYPE, no entity expansion,
 * limited depth, values kept as strings) and validates the result with `schema`.
 *
 * Unreadable XML → `ApiCallError` with an excerpt; wrong shape → `ValidationError` (`target: 'response'`).
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
    let data: unknown;
    try {
      if (text.trim().length === 0) throw new Error('empty body');
      data = parseXml(text, options);
    } catch (error) {
      throw unreadableResponseError(context, text, unreadableReason(context, text, 'XML'), error);
    }
    return validateResponse(context, schema, data);
  };
}
