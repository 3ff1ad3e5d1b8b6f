import type { MessagingError } from '@x/messaging-core';
import type { ResponseHandler } from '@x/provider-utils';
import { carriesBulutfonError } from './bulutfon-error';

/**
 * Reads every successful (2xx) JSON answer of the client, whatever the endpoint, before the endpoint's own
 * handler: Bulutfon's error envelope (`{"error": "Token expired"}`, `{"success": false, ...}`) becomes the typed
 * error `failed` makes of it, as it would at a 4xx. Downloads are not read here: their handler checks the content
 * type and sends JSON answers to `failed` itself.
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
    return handler(context);
  };
}
