import { type BatchResult, sendInBatches } from '../batched-send';
import {
  InsufficientBalanceError,
  InvalidRecipientError,
  InvalidSenderError,
  ValidationError,
} from '../errors';
import { maskPhoneNumber } from '../phone-number';
import {
  measureSmsText,
  type PreparedRecipient,
  prepareRecipients,
  type SmsTextMeasure,
} from '../send-helpers';
import type {
  CallOptionsV1,
  DeliveryStatusV1,
  SendSmsMessageResultV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsCapabilitiesV1,
  WarningV1,
} from '../sms-provider/v1/sms-provider-v1';
import { raiseFailure, sandboxUrl, simulatedError } from './sandbox-faults';
import { beginCall, type SandboxState } from './sandbox-state';

/** A send request, checked: what every simulated request of it shares. */
interface CheckedSend {
  request: SendSmsRequestV1;
  from: string;
  measure: SmsTextMeasure;
  recipients: PreparedRecipient[];
  /** The valid recipients that are not mobile numbers (their messages end `undelivered`). */
  landlines: Set<string>;
  warnings: WarningV1[];
  /** The batch id all requests of this send share, given by the first request that accepts a message. */
  batchId?: string;
}

function requestIssue(path: PropertyKey[], message: string, code: string): ValidationError {
  return new ValidationError({
    message: `Invalid send request: ${message}.`,
    target: 'request',
    issues: [{ path, message, code }],
  });
}

/** Checks the request as a provider would before sending anything. */
function checkSend(
  state: SandboxState,
  request: SendSmsRequestV1,
  capabilities: SmsCapabilitiesV1,
): CheckedSend {
  if (typeof request !== 'object' || request === null) {
    throw requestIssue([], 'the request must be an object', 'invalid_type');
  }
  if (
    request.sendAt !== undefined &&
    !(request.sendAt instanceof Date && !Number.isNaN(request.sendAt.getTime()))
  ) {
    throw requestIssue(['sendAt'], 'sendAt must be a valid Date', 'invalid_type');
  }
  const from = request.from ?? state.senders.find((sender) => sender.active)?.name;
  const sender = state.senders.find((candidate) => candidate.name === from);
  if (!from || !sender?.active) {
    throw new InvalidSenderError({
      providerId: state.providerId,
      url: sandboxUrl(state.providerId, 'sendSms'),
      method: 'POST',
      statusCode: 400,
      message: `${state.providerId}: the sender id is unknown or not approved.`,
    });
  }
  const measure = measureSmsText(request.text, {
    type: request.type,
    maxSegments: state.maxSegments,
    messageTypes: capabilities.messageTypes,
    providerId: state.providerId,
  });
  const { recipients, warnings } = prepareRecipients(request.to, {
    defaultCountry: state.defaultCountry,
    maxRecipients: state.maxRecipientsPerCall,
  });
  const landlines = new Set(
    recipients.flatMap((recipient) => (recipient.isMobile === false ? [recipient.e164] : [])),
  );
  return { request, from, measure, recipients, landlines, warnings };
}

function blacklistedError(state: SandboxState, to: string): InvalidRecipientError {
  return new InvalidRecipientError({
    providerId: state.providerId,
    url: sandboxUrl(state.providerId, 'sendSms'),
    method: 'POST',
    message: `${state.providerId}: the recipient is on the blacklist.`,
    recipient: maskPhoneNumber(to),
    blacklisted: true,
  });
}

/** Records accepted messages; returns their results. */
function accept(
  state: SandboxState,
  send: CheckedSend,
  numbers: string[],
  callOptions: CallOptionsV1 | undefined,
): SendSmsMessageResultV1[] {
  const at = state.now();
  const { request, measure } = send;
  const scheduled = request.sendAt !== undefined && request.sendAt.getTime() > at.getTime();
  send.batchId ??= `${state.providerId}-batch-${++state.sequence}`;
  const key = callOptions?.idempotencyKey;
  return numbers.map((to): SendSmsMessageResultV1 => {
    const providerMessageId = `${state.providerId}-msg-${++state.sequence}`;
    const landline = send.landlines.has(to);
    const delivered: DeliveryStatusV1 = landline ? 'undelivered' : 'delivered';
    const status: DeliveryStatusV1 = scheduled ? 'queued' : state.autoDeliver ? delivered : 'sent';
    state.sent.push({
      providerMessageId,
      providerBatchId: send.batchId!,
      to,
      text: request.text,
      from: send.from,
      type: measure.type,
      segments: measure.segments,
      ...(request.sendAt === undefined ? {} : { sendAt: request.sendAt }),
      ...(request.reference === undefined ? {} : { reference: request.reference }),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      landline,
      cancelled: false,
      status,
      acceptedAt: at,
      statusAt: at,
    });
    return { to, status: 'accepted', providerMessageId };
  });
}

/** Keeps what a request accepted under the idempotency key, so that a send that then fails is not repeated. */
function rememberAccepted(state: SandboxState, key: string, messages: SendSmsMessageResultV1[]): void {
  const sent = state.sentByKey.get(key) ?? new Map<string, SendSmsMessageResultV1>();
  for (const message of messages) sent.set(message.to, message);
  state.sentByKey.set(key, sent);
}

/** One simulated request of a send: a queued failure, the blacklist, the balance, then the messages. */
async function sandboxRequest(
  state: SandboxState,
  send: CheckedSend,
  to: string[],
  callOptions: CallOptionsV1 | undefined,
): Promise<BatchResult> {
  const queued = beginCall(state, 'sendSms', callOptions, to);
  if (queued && queued.failure !== 'timeout') throw simulatedError(state.providerId, queued, 'sendSms');
  const refused = to.filter((number) => state.blacklisted.has(number));
  const allowed = to.filter((number) => !state.blacklisted.has(number));
  const credits = send.measure.segments * allowed.length;
  if (credits > state.balance) {
    throw new InsufficientBalanceError({
      providerId: state.providerId,
      url: sandboxUrl(state.providerId, 'sendSms'),
      method: 'POST',
      statusCode: 402,
      message: `${state.providerId}: the send needs ${credits} credits; ${state.balance} left.`,
    });
  }
  state.balance -= credits;
  const accepted = allowed.length === 0 ? [] : accept(state, send, allowed, callOptions);
  const key = callOptions?.idempotencyKey;
  if (key !== undefined && accepted.length > 0) rememberAccepted(state, key, accepted);
  // A simulated timeout is a lost response: the messages above are sent, the answer never comes.
  if (queued) await raiseFailure(state.providerId, queued, 'sendSms', callOptions);
  const rejected = refused.map(
    (number): SendSmsMessageResultV1 => ({
      to: number,
      status: 'rejected',
      error: blacklistedError(state, number),
    }),
  );
  return {
    messages: [...accepted, ...rejected],
    ...(send.batchId === undefined ? {} : { providerBatchId: send.batchId }),
    cost: { credits },
  };
}

/**
 * The sandbox's `sendSms`: checks the request, then sends it with `sendInBatches`, `recipientsPerRequest`
 * numbers per simulated request. Under an idempotency key already used, a recipient already sent under it is not
 * sent again: its result is the first one (a call that sends to nobody new still counts as one call).
 */
export async function sandboxSendSms(
  state: SandboxState,
  capabilities: SmsCapabilitiesV1,
  request: SendSmsRequestV1,
  callOptions: CallOptionsV1 | undefined,
): Promise<SendSmsResultV1> {
  callOptions?.signal?.throwIfAborted();
  const send = checkSend(state, request, capabilities);
  const key = callOptions?.idempotencyKey;
  const known =
    (key === undefined ? undefined : state.sentByKey.get(key)) ?? new Map<string, SendSmsMessageResultV1>();
  const fresh = send.recipients.filter(
    (recipient) => recipient.e164 === undefined || !known.has(recipient.e164),
  );
  if (known.size > 0 && !fresh.some((recipient) => recipient.e164 !== undefined)) {
    // A repeat that sends to nobody new: the provider answers from its records.
    const queued = beginCall(state, 'sendSms', callOptions);
    if (queued) await raiseFailure(state.providerId, queued, 'sendSms', callOptions);
  }
  const batched = await sendInBatches({
    recipients: fresh,
    batchSize: state.recipientsPerRequest,
    signal: callOptions?.signal,
    providerId: state.providerId,
    send: (to) => sandboxRequest(state, send, to, callOptions),
  });
  const freshResults = batched.messages.values();
  const messages = send.recipients.map((recipient) =>
    recipient.e164 !== undefined && known.has(recipient.e164)
      ? known.get(recipient.e164)!
      : freshResults.next().value!,
  );
  const firstKnown = messages.find((message) => known.has(message.to))?.providerMessageId;
  const batchId =
    send.batchId ?? state.sent.find((message) => message.providerMessageId === firstKnown)?.providerBatchId;
  return {
    messages,
    type: send.measure.type,
    segments: send.measure.segments,
    ...(batchId === undefined ? {} : { providerBatchId: batchId }),
    cost: batched.cost ?? { credits: 0 },
    warnings: send.warnings,
  };
}
