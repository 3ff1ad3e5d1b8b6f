import {
  type CallOptionsV1,
  measureSmsText,
  prepareRecipients,
  type SendSmsRequestV1,
  type SendSmsResultV1,
  type SmsCapabilitiesV1,
  sendInBatches,
  ValidationError,
  type WarningV1,
} from '@x/messaging-core';
import type { BulutfonApi, BulutfonCallOptions } from './bulutfon-api';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { sendCheckedBulutfonMessage } from './bulutfon-messages';
import { type BulutfonProviderOptions, readBulutfonSmsOptions } from './bulutfon-provider-options';
import { type BulutfonCheckedMessage, messageContentSchema } from './bulutfon-request-options';
import { parseInput } from './bulutfon-validation';

/** A send through the Bulutfon provider: the v1 request, with Bulutfon's `providerOptions` typed. */
export interface BulutfonSendSmsRequest extends Omit<SendSmsRequestV1, 'providerOptions'> {
  /** `{ bulutfon: { rejectLink, singleSms } }`; other providers' keys (for a strategy's members) are left alone. */
  providerOptions?: BulutfonProviderOptions & Record<string, unknown>;
}

/** What {@link createBulutfonSendSms} needs from the provider. */
export interface BulutfonSendSmsContext {
  /** The request path, shared with the client. */
  api: BulutfonApi;
  capabilities: SmsCapabilitiesV1;
  /** Recipients per `POST /messages`. */
  recipientsPerRequest: number;
  /** The title to send with when the request has no `from`. */
  defaultTitle(options?: CallOptionsV1): Promise<string>;
}

/** The per-call options the client takes, from the v1 call options. */
export function toBulutfonCallOptions(options: CallOptionsV1 | undefined): BulutfonCallOptions {
  return { signal: options?.signal, timeoutMs: options?.timeoutMs, headers: options?.headers };
}

function checkSendAt(sendAt: unknown): void {
  if (sendAt === undefined || (sendAt instanceof Date && !Number.isNaN(sendAt.getTime()))) return;
  throw new ValidationError({
    message: 'Invalid send request: sendAt must be a valid Date.',
    target: 'request',
    providerId: BULUTFON_PROVIDER_ID,
    issues: [{ path: ['sendAt'], message: 'expected a valid Date', code: 'invalid_type' }],
  });
}

/** What the request asks for that Bulutfon cannot do, said in the result rather than ignored. */
function unsupportedSettings(
  request: BulutfonSendSmsRequest,
  options: CallOptionsV1 | undefined,
): WarningV1[] {
  const warnings: WarningV1[] = [];
  if (request.reference !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'reference',
      details: 'Bulutfon keeps no client reference.',
    });
  }
  if (options?.idempotencyKey !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'idempotencyKey',
      details: 'Bulutfon does not deduplicate sends; do not retry a send that may have been delivered.',
    });
  }
  if (request.sendAt && request.sendAt.getTime() < Date.now() - 60_000) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'sendAt',
      details: 'The time is in the past; Bulutfon may send at once.',
    });
  }
  return warnings;
}

/**
 * The provider's `sendSms`: the text measured, the recipients read once by `prepareRecipients` and the rest of
 * the message checked once, then `POST /messages` (written from what was checked) per
 * `recipientsPerRequest` recipients through core's `sendInBatches`, which decides what each recipient's outcome
 * is when a request fails half way (and stops there).
 * @param context - the request path, the capabilities and the default title
 */
export function createBulutfonSendSms(
  context: BulutfonSendSmsContext,
): (request: BulutfonSendSmsRequest, options?: CallOptionsV1) => Promise<SendSmsResultV1> {
  const { api, capabilities } = context;
  return async (request, options) => {
    options?.signal?.throwIfAborted();
    const smsOptions = readBulutfonSmsOptions(request.providerOptions);
    const measure = measureSmsText(request.text, {
      type: request.type,
      messageTypes: capabilities.messageTypes,
      maxSegments: capabilities.maxSegments,
      providerId: BULUTFON_PROVIDER_ID,
    });
    const prepared = prepareRecipients(request.to, { maxRecipients: capabilities.maxRecipientsPerCall });
    checkSendAt(request.sendAt);
    const warnings = [...prepared.warnings, ...unsupportedSettings(request, options)];
    // The title is only needed (and only looked up) when a request will be made. The numbers were read by
    // prepareRecipients; the rest of the message is checked here, once for every batch.
    let message: Omit<BulutfonCheckedMessage, 'receivers'> | undefined;
    if (prepared.valid.length > 0) {
      const content = {
        title: request.from ?? (await context.defaultTitle(options)),
        content: request.text,
        sendAt: request.sendAt,
        rejectLink: smsOptions.rejectLink,
        singleSms: smsOptions.singleSms,
      };
      message = parseInput(messageContentSchema, content, 'message');
    }
    const { messages } = await sendInBatches({
      recipients: prepared.recipients,
      batchSize: context.recipientsPerRequest,
      signal: options?.signal,
      providerId: BULUTFON_PROVIDER_ID,
      async send(to) {
        // E.164 without its `+` is Bulutfon's form.
        const receivers = to.map((e164) => e164.slice(1));
        const checked = { ...(message as Omit<BulutfonCheckedMessage, 'receivers'>), receivers };
        await sendCheckedBulutfonMessage(api, checked, toBulutfonCallOptions(options));
        // Bulutfon's v1 answer carries no message id: every recipient of the request is accepted.
        return { messages: to.map((number) => ({ to: number, status: 'accepted' as const })) };
      },
    });
    return { messages, type: measure.type, segments: measure.segments, warnings };
  };
}
