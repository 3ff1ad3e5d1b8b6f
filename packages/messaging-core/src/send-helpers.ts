import { calculate } from '@x/sms-segments';
import { InvalidPhoneNumberError, MessageTooLongError, type MessagingError, ValidationError } from './errors';
import { type CountryCode, maskPhoneNumber, parsePhoneNumberDetails } from './phone-number';
import type { SmsCapabilitiesV1, SmsMessageTypeV1, WarningV1 } from './sms-provider/v1/sms-provider-v1';

/** Options of {@link measureSmsText}. */
export interface MeasureSmsTextOptions {
  /** The requested type (default `'auto'`). */
  type?: SmsMessageTypeV1;
  /** The types the provider can send, cheapest first considered (default all three). */
  messageTypes?: ReadonlyArray<'normal' | 'turkish' | 'unicode'>;
  /** The most segments allowed (default 7). */
  maxSegments?: number;
  /** Set on the errors. */
  providerId?: string;
}

/** The type and length a text is sent with. */
export interface SmsTextMeasure {
  type: 'normal' | 'turkish' | 'unicode';
  segments: number;
}

/**
 * Picks the message type and counts segments as `@x/sms-segments` does: for `auto`, the cheapest type among
 * `messageTypes` that can carry the text.
 *
 * @param text - the message text
 * @param options - see {@link MeasureSmsTextOptions}
 * @throws ValidationError for an empty text, an unknown or unsupported type, or characters the type cannot carry
 * @throws MessageTooLongError when the text needs more than `maxSegments`
 */
export function measureSmsText(text: string, options: MeasureSmsTextOptions = {}): SmsTextMeasure {
  const type = options.type ?? 'auto';
  const allowed = options.messageTypes ?? ['normal', 'turkish', 'unicode'];
  const maxSegments = options.maxSegments ?? 7;
  const invalid = (path: string, message: string, code: string) =>
    new ValidationError({
      message: `Invalid send request: ${message}.`,
      target: 'request',
      providerId: options.providerId,
      issues: [{ path: [path], message, code }],
    });
  if (typeof text !== 'string' || text.length === 0)
    throw invalid('text', 'text must be a non-empty string', 'invalid_type');
  if (type !== 'auto' && !allowed.includes(type)) {
    throw invalid('type', `type must be 'auto' or one of ${allowed.join(', ')}`, 'invalid_value');
  }
  const candidates =
    type === 'auto' ? (['normal', 'turkish', 'unicode'] as const).filter((t) => allowed.includes(t)) : [type];
  for (const candidate of candidates) {
    const measured = calculate(text, { type: candidate, maxSegments });
    if (measured.segments === null) continue;
    if (measured.segments > maxSegments) {
      throw new MessageTooLongError({
        message: `The text needs ${measured.segments} segments as ${candidate}; at most ${maxSegments} are allowed.`,
        providerId: options.providerId,
        type: candidate,
        segments: measured.segments,
        maxSegments,
      });
    }
    return { type: candidate, segments: measured.segments };
  }
  throw invalid('text', `the text has characters the '${type}' type cannot carry`, 'unencodable');
}

/** One recipient of {@link prepareRecipients}. */
export type PreparedRecipient =
  | { input: string; e164: string; isMobile: boolean; error?: undefined }
  | { input: string; e164?: undefined; isMobile?: undefined; error: MessagingError };

/** What {@link prepareRecipients} returns. */
export interface PreparedRecipients {
  /** Distinct recipients in request order; invalid ones carry their error. */
  recipients: PreparedRecipient[];
  /** The E.164 numbers to send to. */
  valid: string[];
  /** `landline` warnings (masked) for valid numbers that are not mobile. */
  warnings: WarningV1[];
}

/**
 * Normalises a request's `to` to distinct E.164 numbers, keeping the invalid ones (with their
 * `InvalidPhoneNumberError`) so the provider can report them as rejected.
 *
 * @param to - the request's `to`
 * @param options - the default country (`'TR'`) and the most recipients allowed
 * @throws ValidationError when there is no recipient or more than `maxRecipients`
 */
export function prepareRecipients(
  to: string | readonly string[],
  options: { defaultCountry?: CountryCode; maxRecipients?: number } = {},
): PreparedRecipients {
  const inputs = typeof to === 'string' ? [to] : Array.isArray(to) ? to : [];
  const seen = new Set<string>();
  const recipients: PreparedRecipient[] = [];
  const warnings: WarningV1[] = [];
  for (const input of inputs) {
    try {
      const details = parsePhoneNumberDetails(input, { defaultCountry: options.defaultCountry });
      if (seen.has(details.e164)) continue;
      seen.add(details.e164);
      recipients.push({ input, e164: details.e164, isMobile: details.isMobile });
      if (!details.isMobile) {
        warnings.push({
          type: 'landline',
          recipient: maskPhoneNumber(details.e164),
          details: 'Not a mobile number.',
        });
      }
    } catch (error) {
      if (!InvalidPhoneNumberError.isInstance(error)) throw error;
      if (seen.has(`raw:${input}`)) continue;
      seen.add(`raw:${input}`);
      recipients.push({ input: String(input), error });
    }
  }
  const count = recipients.length;
  if (count === 0 || count > (options.maxRecipients ?? Number.POSITIVE_INFINITY)) {
    const message =
      count === 0 ? 'at least one recipient is required' : `at most ${options.maxRecipients} recipients`;
    throw new ValidationError({
      message: `Invalid send request: ${message}.`,
      target: 'request',
      issues: [{ path: ['to'], message, code: count === 0 ? 'too_small' : 'too_big' }],
    });
  }
  const valid = recipients.flatMap((recipient) => (recipient.e164 === undefined ? [] : [recipient.e164]));
  return { recipients, valid, warnings };
}

/**
 * Builds a provider's capabilities from what it supports: every optional method off, no scheduling, references
 * or idempotency, all three message types, 7 segments and one recipient per call unless given.
 *
 * @param supported - the capabilities that differ from those defaults
 *
 * @example
 * const capabilities = createCapabilities({ balance: true, maxRecipientsPerCall: 100 });
 */
export function createCapabilities(supported: Partial<SmsCapabilitiesV1> = {}): SmsCapabilitiesV1 {
  return {
    balance: false,
    senders: false,
    deliveryReports: false,
    deliveryWebhooks: false,
    cancelScheduled: false,
    blacklist: false,
    blacklistAdd: false,
    blacklistRemove: false,
    scheduling: false,
    messageTypes: ['normal', 'turkish', 'unicode'],
    maxSegments: 7,
    maxRecipientsPerCall: 1,
    references: false,
    idempotency: false,
    ...supported,
  };
}
