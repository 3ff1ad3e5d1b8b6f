import {
  AuthenticationError,
  InsufficientBalanceError,
  InvalidRecipientError,
  InvalidSenderError,
  type MessagingError,
  NotFoundError,
} from '@x/messaging-core';
import {
  createApiCallError,
  isHtmlPage,
  type ResponseContext,
  type ResponseHandler,
  responseBodyExcerpt,
} from '@x/provider-utils';
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
  const nested = typeof error === 'object' && error !== null ? error.message : undefined;
  const text = typeof error === 'string' ? error : (nested ?? message ?? undefined);
  return { text: text || undefined, code: code === null || code === undefined ? undefined : String(code) };
}

/**
 * Whether a successful (2xx) answer's body is Bulutfon's error envelope instead of a result: a JSON object with an
 * `error` (text, an object, `true`) or with `success: false`. A success answer never carries either. Pure.
 * @param body - the body as text
 */
export function carriesBulutfonError(body: string): boolean {
  // Most answers hold neither key: a long CDR page is then not parsed a second time.
  if (!body.includes('"error"') && !body.includes('"success"')) return false;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { error, success } = data as Record<string, unknown>;
  return success === false || Boolean(error);
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
  /** The call names numbers to reach (SMS, automatic calls, click-to-call): a refused number is typed. */
  recipients?: boolean;
}

/**
 * Turns a failed Bulutfon response (a 4xx other than 429, a JSON error where a file was expected, or Bulutfon's
 * error envelope in a 2xx answer) into a typed error. The body's `error`/`message` text goes into the message
 * redacted, phone numbers masked:
 * - text containing "expired" (any status) → `AuthenticationError` with `providerCode` `'Token expired'`, never
 *   maybe delivered (the token was refused, so nothing was done);
 * - 401 / 403 → `AuthenticationError`; 404 → `NotFoundError` (with a note on the SMS endpoints);
 * - credit / balance text or 402 → `InsufficientBalanceError`;
 * - on the SMS endpoints, title text → `InvalidSenderError`; on the endpoints that name numbers to reach (SMS,
 *   automatic calls, click-to-call), receiver text → `InvalidRecipientError` (and, on the calls, caller or did text
 *   → `InvalidSenderError`);
 * - anything else → `ApiCallError` with the text as `providerCode`. An empty or HTML body is handled.
 *
 * A 4xx is a refusal: nothing was done. An error envelope in a 2xx answer to a write (a call, a fax, an SMS) is
 * reported as maybe delivered, expired tokens apart.
 * @param options - which kind of endpoint was called
 */
export function createBulutfonFailedResponseHandler(
  options: BulutfonFailedResponseOptions = {},
): ResponseHandler<MessagingError> {
  return async (context: ResponseContext) => {
    const body = await context.readText().catch(() => '');
    const { text, code } = readBulutfonErrorText(body);
    const said = text ? responseBodyExcerpt(context, text) : undefined;
    const details = {
      reason: said
        ? `Bulutfon said "${said}"`
        : body.trim().length === 0
          ? 'the request failed with an empty body'
          : isHtmlPage(context, body)
            ? 'the request failed'
            : 'the request failed with a body that is not a Bulutfon error',
      body,
      // The code comes from the body too: redacted and masked like the text.
      providerCode: code !== undefined ? responseBodyExcerpt(context, code) : said,
      isRetryable: context.statusCode === 408,
      // The spec documents errors as 4xx refusals and says nothing of what an error body in a 2xx answer means for
      // a write: whether Bulutfon placed the call (or sent the fax, the SMS) before answering so is unknown, so a
      // write answered so may have been delivered and must not be sent again blindly.
      maybeDelivered: context.statusCode < 300 && !context.idempotent,
    };
    if (text && /expired/i.test(text)) {
      // The spec (§1.3): any call made with an expired token is answered this way, and is to be made again once the
      // token is refreshed: it was refused, whatever the status.
      return createApiCallError(
        context,
        {
          ...details,
          reason: 'the access token expired',
          providerCode: 'Token expired',
          maybeDelivered: false,
        },
        AuthenticationError,
      );
    }
    const status = context.statusCode;
    if (status === 401 || status === 403) return createApiCallError(context, details, AuthenticationError);
    if (status === 404) {
      const reason = options.sms
        ? `${details.reason}; Bulutfon discontinued the v1 SMS endpoints on 2020-12-31`
        : details.reason;
      return createApiCallError(context, { ...details, reason }, NotFoundError);
    }
    if (status === 402 || (text && /credit|balance|bakiye|kredi/i.test(text))) {
      return createApiCallError(context, details, InsufficientBalanceError);
    }
    // The calling number of an automatic call or a click-to-call is the sender's side.
    if (options.recipients && text && /\bcaller\b|\bdid\b/i.test(text)) {
      return createApiCallError(context, details, InvalidSenderError);
    }
    if (options.sms && text && /title|başlık|baslik/i.test(text)) {
      return createApiCallError(context, details, InvalidSenderError);
    }
    const namesRecipients = options.sms || options.recipients;
    if (namesRecipients && text && /receiver|recipient|callee|number|alıcı|numara/i.test(text)) {
      return createApiCallError(context, details, InvalidRecipientError);
    }
    return createApiCallError(context, details);
  };
}
