import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidRecipientError,
  InvalidSenderError,
  type MessagingError,
  maskPhoneNumber,
  NotFoundError,
  RateLimitError,
} from '@x/messaging-core';
import { type ApiCallErrorContext, createApiCallError } from '@x/provider-utils';
import type { OrganikErrorInfo } from './organik-schemas';

/** The provider id used on every error and hook event of this package. */
export const ORGANIK_PROVIDER_ID = 'organik';

type ErrorClass =
  | 'api'
  | 'authentication'
  | 'rate-limit'
  | 'insufficient-balance'
  | 'invalid-sender'
  | 'invalid-recipient'
  | 'blacklisted'
  | 'not-found';

interface CodeEntry {
  readonly description: string;
  readonly type: ErrorClass;
  readonly retryable?: boolean;
}

/** The documented error codes, what they mean, and the typed error each becomes. */
const ORGANIK_ERROR_CODES: Readonly<Record<number, CodeEntry>> = {
  1: { description: 'An unknown error has occurred', type: 'api' },
  84: { description: 'Database operation failed', type: 'api' },
  85: { description: 'The record could not be saved', type: 'api' },
  86: { description: 'No valid record was found', type: 'not-found' },
  87: { description: 'No records were found', type: 'not-found' },
  88: { description: 'Unsupported request name', type: 'not-found' },
  89: { description: 'User not found or not activated', type: 'authentication' },
  90: { description: 'The API key must be 32 characters', type: 'authentication' },
  91: { description: 'Unsupported response type', type: 'api' },
  92: { description: 'Unsupported request type', type: 'api' },
  93: { description: 'Too many requests', type: 'rate-limit' },
  94: { description: 'Server temporarily unavailable', type: 'api', retryable: true },
  95: { description: 'Server fault', type: 'api', retryable: true },
  96: { description: 'Invalid request parameters', type: 'api' },
  97: { description: 'Invalid request body format', type: 'api' },
  98: { description: 'The caller IP address is not allowed', type: 'authentication' },
  99: { description: 'Authorization error (invalid API key or missing permission)', type: 'authentication' },
  101: { description: 'The sender id (header) is incorrect', type: 'invalid-sender' },
  102: { description: 'No valid phone number was found', type: 'invalid-recipient' },
  103: { description: 'Insufficient credit balance', type: 'insufficient-balance' },
  104: { description: 'The account has no contract for sending SMS', type: 'authentication' },
  105: { description: 'The message text is missing', type: 'api' },
  106: { description: 'The message text is too long', type: 'api' },
  107: { description: 'The sender id (header) is disabled', type: 'invalid-sender' },
  108: { description: 'Insufficient TL balance', type: 'insufficient-balance' },
  109: { description: 'The number is on the blacklist', type: 'blacklisted' },
  110: { description: 'The number is incorrect', type: 'invalid-recipient' },
  111: { description: 'The number is too short or too long', type: 'invalid-recipient' },
  112: { description: 'The message text is not base64', type: 'api' },
};

/** What an Organik error is about, besides the call. */
export interface OrganikErrorSubject {
  /** The response body, for the error's redacted excerpt. */
  body?: string;
  /** The recipient the error is about (any notation); only its masked form reaches the error. */
  recipient?: string;
}

/**
 * Tells what an Organik error code means, in English (`103` → `Insufficient credit balance`); `undefined` for a
 * code outside the documented table.
 * @param code - the code from `error.number` / `error.code`
 */
export function describeOrganikErrorCode(code: number): string | undefined {
  return ORGANIK_ERROR_CODES[code]?.description;
}

/**
 * Turns an Organik error (from the envelope, a delivery or a number) into the typed error of @x/messaging-core
 * that it stands for, keeping the code as `providerCode`: 89/90/98/99/104 → AuthenticationError, 93 →
 * RateLimitError, 101/107 → InvalidSenderError, 102/110/111 → InvalidRecipientError, 109 → InvalidRecipientError
 * with `blacklisted`, 103/108 → InsufficientBalanceError, 86/87/88 → NotFoundError, anything else ApiCallError.
 * 93, 94 and 95 are retryable. Organik answered, so nothing was delivered (`maybeDelivered: false`). The message
 * is built from the documented table, never from the response, so it cannot carry personal data.
 * @param error - the code and message Organik sent
 * @param call - the response context (its URL already redacted), or what is known of the call
 * @param subject - the response body and the recipient the error is about
 */
export function createOrganikError(
  error: OrganikErrorInfo,
  call: ApiCallErrorContext,
  subject: OrganikErrorSubject = {},
): MessagingError {
  const { body, recipient } = subject;
  const entry = ORGANIK_ERROR_CODES[error.code];
  const masked = recipient === undefined ? undefined : maskPhoneNumber(recipient);
  const details = {
    message: `Organik error ${error.code}: ${entry?.description ?? 'Organik refused the request'}.${masked ? ` Recipient ${masked}.` : ''}`,
    body,
    providerCode: error.code,
    isRetryable: entry?.retryable ?? false,
    maybeDelivered: false,
  };
  switch (entry?.type) {
    case 'authentication':
      return createApiCallError(call, details, AuthenticationError);
    case 'rate-limit':
      return createApiCallError(call, details, RateLimitError);
    case 'insufficient-balance':
      return createApiCallError(call, details, InsufficientBalanceError);
    case 'invalid-sender':
      return createApiCallError(call, details, InvalidSenderError);
    case 'invalid-recipient':
      return createApiCallError(call, { ...details, recipient: masked }, InvalidRecipientError);
    case 'blacklisted':
      return createApiCallError(
        call,
        { ...details, recipient: masked, blacklisted: true },
        InvalidRecipientError,
      );
    case 'not-found':
      return createApiCallError(call, details, NotFoundError);
    default:
      return createApiCallError(call, details, ApiCallError);
  }
}
