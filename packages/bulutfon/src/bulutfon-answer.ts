import { type ApiCallError, type MessagingError, ValidationError } from '@x/messaging-core';
import { createApiCallError, type ResponseContext, type ResponseHandler } from '@x/provider-utils';
import { carriesBulutfonError } from './bulutfon-error';

/**
 * The path to the first value that is absent (missing or `null`) on the way to `path` in `data`, or `undefined`
 * when every value on the way is there (the issue is then a value of the wrong type). Pure.
 */
function absentPart(data: unknown, path: readonly PropertyKey[]): PropertyKey[] | undefined {
  let value = data;
  for (let index = 0; index < path.length; index++) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[path[index] as PropertyKey];
    if (value === undefined || value === null) return path.slice(0, index + 1);
  }
  return undefined;
}

/**
 * The error for a 2xx answer that lacks what the endpoint returns (a list endpoint without its list): an
 * `ApiCallError` naming the missing fields, or `undefined` when `error` is not about missing fields.
 * @param context - the response context
 * @param body - the answer's body
 * @param error - what the endpoint's handler threw
 */
function missingFieldsError(
  context: ResponseContext,
  body: string,
  error: unknown,
): ApiCallError | undefined {
  if (!ValidationError.isInstance(error) || error.target !== 'response') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return undefined;
  }
  const missing = new Set<string>();
  for (const issue of error.issues) {
    const part = absentPart(data, issue.path);
    if (part) missing.add(part.map(String).join('.'));
  }
  if (missing.size === 0) return undefined;
  return createApiCallError(context, {
    reason: `the answer has no ${[...missing].join(', ')}`,
    body,
    isRetryable: false,
  });
}

/**
 * Reads every successful (2xx) JSON answer of the client, whatever the endpoint, before the endpoint's own
 * handler: Bulutfon's error envelope (`{"error": "Token expired"}`, `{"success": false, ...}`) becomes the typed
 * error `failed` makes of it, as it would at a 4xx; an answer without the fields the endpoint returns becomes an
 * `ApiCallError` naming them, never an empty result. Downloads are not read here: their handler checks the
 * content type and sends JSON answers to `failed` itself.
 * @param handler - the endpoint's handler
 * @param failed - the handler of failed answers, which types the error envelope
 */
export function createBulutfonAnswerHandler<T>(
  handler: ResponseHandler<T>,
  failed: ResponseHandler<MessagingError>,
): ResponseHandler<T> {
  return async (context) => {
    const body = await context.readText();
    if (carriesBulutfonError(body)) throw await failed(context);
    try {
      return await handler(context);
    } catch (error) {
      throw missingFieldsError(context, body, error) ?? error;
    }
  };
}
