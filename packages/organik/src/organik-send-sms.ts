import {
  type BatchResult,
  type CallOptionsV1,
  type CostV1,
  measureSmsText,
  prepareRecipients,
  type SendSmsMessageResultV1,
  type SendSmsRequestV1,
  type SendSmsResultV1,
  sendInBatches,
  ValidationError,
  type WarningV1,
} from '@x/messaging-core';
import { type ApiCallErrorContext, createApiCallError, encodeBase64 } from '@x/provider-utils';
import {
  checkOrganikDeliveryOptions,
  type OrganikDeliveryOptions,
  toOrganikSendSmsWireRequest,
} from './convert-to-organik-request';
import type { OrganikApi } from './organik-api';
import { toOrganikCallOptions } from './organik-call-options';
import { createOrganikError, ORGANIK_PROVIDER_ID } from './organik-error';
import { ORGANIK_MAX_SEGMENTS, ORGANIK_MESSAGE_FORMATS } from './organik-message';
import { organikGsmToE164 } from './organik-phone';
import { type OrganikSendSmsOptions, parseOrganikProviderOptions } from './organik-provider-options';
import { organikSendResultHandler } from './organik-response';
import type { OrganikDeliveryResult } from './organik-schemas';
import type { OrganikSenderResolver } from './organik-sender';
import { toOrganikTrackId } from './organik-track-id';

/** The most recipients one `sendSms` call may have. */
export const ORGANIK_MAX_RECIPIENTS_PER_CALL = 1_000_000;

/** What the provider's send needs from its factory. */
export interface OrganikSendContext {
  /** The request path, shared with the raw client. */
  api: OrganikApi;
  /** Finds the sender of a send. */
  resolveSender: OrganikSenderResolver;
  /** The most numbers put in one `sendsms` request. */
  maxRecipientsPerRequest: number;
  /** The `report_url` of sends that name none. */
  reportUrl?: string;
}

function invalidRequest(path: string, message: string): ValidationError {
  return new ValidationError({
    message: `Invalid send request: ${path} ${message}.`,
    target: 'request',
    issues: [{ path: [path], message }],
    providerId: ORGANIK_PROVIDER_ID,
  });
}

/** Checks `sendAt`; Organik schedules to the minute, so seconds are dropped with a warning. */
function checkSendAt(sendAt: Date | undefined, warnings: WarningV1[]): void {
  if (sendAt === undefined) return;
  if (!(sendAt instanceof Date) || Number.isNaN(sendAt.getTime())) {
    throw invalidRequest('sendAt', 'must be a valid Date');
  }
  if (sendAt.getTime() % 60_000 !== 0) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'sendAt',
      details: 'Organik schedules to the minute; the seconds were dropped.',
    });
  }
}

/** The options every request of a send carries (`track_id` is the reference's, see `toOrganikTrackId`). */
function deliveryOptions(
  request: SendSmsRequestV1,
  options: CallOptionsV1 | undefined,
  organik: OrganikSendSmsOptions,
  header: string,
  defaultReportUrl: string | undefined,
): OrganikDeliveryOptions {
  const reference = request.reference ?? options?.idempotencyKey;
  const result: OrganikDeliveryOptions = { header };
  if (reference !== undefined) result.trackId = toOrganikTrackId(reference);
  if (request.sendAt !== undefined) result.deliveryTime = request.sendAt;
  if (organik.timeoutHours !== undefined) result.timeoutHours = organik.timeoutHours;
  const reportUrl = organik.reportUrl ?? defaultReportUrl;
  if (reportUrl !== undefined) result.reportUrl = reportUrl;
  return checkOrganikDeliveryOptions(result);
}

/**
 * Reads Organik's answer to one request: each number it accepted or refused, by E.164. A number the answer does
 * not mention is `unknown`: the request reached Organik, so it may have been sent.
 */
function toBatchResult(delivery: OrganikDeliveryResult | undefined, to: string[], call: ApiCallErrorContext) {
  if (delivery?.error && (delivery.invalid.length === 0 || delivery.error.code !== 102)) {
    // The whole request was refused (an unknown sender, no balance): nothing of it was sent.
    throw createOrganikError(delivery.error, { ...call, statusCode: 200 });
  }
  const answered = new Map<string, SendSmsMessageResultV1>();
  let credits = 0;
  let amount = 0;
  for (const valid of delivery?.valid ?? []) {
    const e164 = organikGsmToE164(valid.gsm);
    answered.set(e164, { to: e164, status: 'accepted', providerMessageId: valid.gsmTrackId });
    credits += valid.creditAmount;
    amount += valid.tlAmount;
  }
  for (const invalid of delivery?.invalid ?? []) {
    const e164 = organikGsmToE164(invalid.gsm ?? invalid.requestGsm);
    const error = createOrganikError(invalid.error, { ...call, statusCode: 200 }, { recipient: e164 });
    answered.set(e164, { to: e164, status: 'rejected', error });
  }
  const messages = to.map(
    (e164): SendSmsMessageResultV1 =>
      answered.get(e164) ?? {
        to: e164,
        status: 'unknown',
        error: createApiCallError(
          { ...call, statusCode: 200 },
          {
            message:
              'Organik did not report this recipient; check the delivery reports before sending again.',
            maybeDelivered: true,
          },
        ),
      },
  );
  const result: BatchResult = { messages };
  if (delivery?.transactionId) result.providerBatchId = delivery.transactionId;
  if (credits > 0 || amount > 0) {
    const cost: CostV1 = { credits };
    if (amount > 0) Object.assign(cost, { amount, currency: 'TRY' });
    result.cost = cost;
  }
  return result;
}

/**
 * The provider's `sendSms`: measures the text, reads the recipients with `@x/messaging-core`'s
 * `prepareRecipients`, checks the delivery options, and sends to them with `sendInBatches` (each request written
 * from what was checked, with `toOrganikSendSmsWireRequest`, nothing checked twice), at most `maxRecipientsPerRequest` numbers per
 * `sendsms` request, so that a send split into several requests reports each recipient `accepted`, `rejected` or
 * `unknown` by the shared rules. Your `reference` (else the call's `idempotencyKey`) travels as `track_id`.
 * @param context - the request path, the sender lookup and the request size
 * @param request - the send
 * @param options - signal, time limit, headers, idempotency key
 */
export async function sendOrganikSms(
  context: OrganikSendContext,
  request: SendSmsRequestV1,
  options?: CallOptionsV1,
): Promise<SendSmsResultV1> {
  const measure = measureSmsText(request?.text, {
    type: request.type,
    maxSegments: ORGANIK_MAX_SEGMENTS,
    providerId: ORGANIK_PROVIDER_ID,
  });
  const organik = parseOrganikProviderOptions(request.providerOptions);
  const prepared = prepareRecipients(request.to, { maxRecipients: ORGANIK_MAX_RECIPIENTS_PER_CALL });
  const warnings = [...prepared.warnings];
  checkSendAt(request.sendAt, warnings);
  if (options?.idempotencyKey !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'idempotencyKey',
      details:
        'Organik does not deduplicate sends; without a reference the key travels as track_id, to find the send in the reports.',
    });
  }
  let delivery: OrganikDeliveryOptions = {};
  if (prepared.valid.length > 0) {
    options?.signal?.throwIfAborted();
    const header = await context.resolveSender(request.from, options);
    delivery = deliveryOptions(request, options, organik, header, context.reportUrl);
  }
  // Numbers, text and options are checked above, once: each request is written from them as they are.
  const messageFormat = ORGANIK_MESSAGE_FORMATS[measure.type];
  const message = encodeBase64(request.text);
  const call = {
    providerId: ORGANIK_PROVIDER_ID,
    url: `${context.api.baseUrl}/v2/***/sendsms/`,
    method: 'POST',
  };
  const clientOptions = toOrganikCallOptions(options);
  const sent = await sendInBatches({
    recipients: prepared.recipients,
    batchSize: context.maxRecipientsPerRequest,
    signal: options?.signal,
    providerId: ORGANIK_PROVIDER_ID,
    async send(to) {
      // E.164 without its `+` is Organik's digits.
      const gsms = to.map((e164) => Number(e164.slice(1)));
      const wire = toOrganikSendSmsWireRequest([{ options: delivery, messageFormat, gsms, message }]);
      const answer = await context.api.call(wire, organikSendResultHandler, clientOptions, false);
      return toBatchResult(answer.deliveries[0], to, { ...call, idempotent: false });
    },
  });
  const result: SendSmsResultV1 = { messages: sent.messages, ...measure, warnings };
  if (sent.providerBatchIds.length > 0) result.providerBatchId = sent.providerBatchIds.join(',');
  if (sent.cost) {
    const { amount } = sent.cost;
    result.cost = amount === undefined ? sent.cost : { ...sent.cost, amount: Math.round(amount * 100) / 100 };
  }
  return result;
}
