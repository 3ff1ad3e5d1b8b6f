import {
  ApiCallError,
  type ApiCallErrorOptions,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidRecipientError,
  InvalidSenderError,
  type MessagingError,
  NotFoundError,
} from '@x/messaging-core';
import { type ResponseContext, type ResponseHandler, responseBodyExcerpt } from '@x/provider-utils';
import { errorResponseSchema } from './bulutfon-schemas';

/** The provider id set on every error of this package. */
export const BULUTFON_PROVIDER_ID = 'bulutfon';

/** What Bulutfon said in an error body, read from `error`, `error.message` or `message`. */
export function readBulutfonErrorText(body: string): { text?: string; code?: string } {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return {};
  }
  const parsed = errorResponseSchema.safeParse(data);
  if (!parsed.success) return {};
  const { error, message, code } = parsed.data;
  const text =
    typeof error === 'string'
      ? error
      : typeof error?.message === 'string'
        ? error.message
        : (message ?? undefined);
  return { text: text || undefined, code: code === null || code === undefined ? undefined : String(code) };
}

/** Whether an error is Bulutfon's "token expired" answer (the status code is undocumented; the text is not). */
export function isBulutfonTokenExpiredError(error: unknown): boolean {
  return (
    AuthenticationError.isInstance(error) &&
    error.providerId === BULUTFON_PROVIDER_ID &&
    /expired/i.test(error.providerCode ?? '')
  );
}

/** Options of {@link createBulutfonFailedResponseHandler}. */
export interface BulutfonFailedResponseOptions {
  /** The call is one of the SMS endpoints (discontinued in v1 on 2020-12-31). */
  sms?: boolean;
}

/**
 * Turns a failed Bulutfon response (a 4xx other than 429, or a JSON error where a file was expected) into a
 * typed error. The body's `error`/`message` text goes into the message redacted, phone numbers masked:
 * - text containing "expired" (any status) → `AuthenticationError` with `providerCode` `'Token expired'`;
 * - 401 / 403 → `AuthenticationError`; 404 → `NotFoundError` (with a note on the SMS endpoints);
 * - credit / balance text or 402 → `InsufficientBalanceError`;
 * - on the SMS endpoints, title text → `InvalidSenderError`, receiver text → `InvalidRecipientError`;
 * - anything else → `ApiCallError` with the text as `providerCode`. An empty or HTML body is handled.
 * @param options - which kind of endpoint was called
 */
export function createBulutfonFailedResponseHandler(
  options: BulutfonFailedResponseOptions = {},
): ResponseHandler<MessagingError> {
  return async (context: ResponseContext) => {
    const body = await context.readText().catch(() => '');
    const { text, code } = readBulutfonErrorText(body);
    const said = text ? responseBodyExcerpt(context, text) : undefined;
    const status = context.statusCode;
    const detail = said
      ? `: ${said}`
      : body.trim().length === 0
        ? ' (empty body)'
        : /^\s*</.test(body)
          ? ' (an HTML page instead of JSON)'
          : '';
    const base: ApiCallErrorOptions = {
      message: `Bulutfon: ${context.method} ${context.url} failed with HTTP ${status}${detail}`,
      providerId: BULUTFON_PROVIDER_ID,
      providerCode: code ?? said,
      url: context.url,
      method: context.method,
      statusCode: status,
      requestId: context.requestId,
      responseBody: responseBodyExcerpt(context, body),
      responseHeaders: context.responseHeaders,
      isRetryable: status === 408,
      maybeDelivered: false,
    };
    if (text && /expired/i.test(text)) {
      return new AuthenticationError({
        ...base,
        message: `Bulutfon: the access token expired (HTTP ${status} from ${context.method} ${context.url})`,
        providerCode: 'Token expired',
      });
    }
    if (status === 401 || status === 403) return new AuthenticationError(base);
    if (status === 404) {
      return new NotFoundError({
        ...base,
        message: options.sms
          ? `${base.message}. Bulutfon discontinued the v1 SMS endpoints on 2020-12-31.`
          : base.message,
      });
    }
    if (status === 402 || (text && /credit|balance|bakiye|kredi/i.test(text))) {
      return new InsufficientBalanceError(base);
    }
    if (options.sms && text && /title|başlık|baslik/i.test(text)) return new InvalidSenderError(base);
    if (options.sms && text && /receiver|recipient|number|alıcı|numara/i.test(text)) {
      return new InvalidRecipientError(base);
    }
    return new ApiCallError(base);
  };
}
