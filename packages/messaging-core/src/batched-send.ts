import { MessagingError } from './errors';
import { addCosts, failureOutcome, notAttemptedError, unansweredError } from './recipient-outcomes';
import type { PreparedRecipient } from './send-helpers';
import type { CostV1, SendSmsMessageResultV1 } from './sms-provider/v1/sms-provider-v1';

/** What one request of {@link sendInBatches} reports: the answer of the provider to that request. */
export interface BatchResult {
  /**
   * One result per recipient of the request, with `to` exactly as it was passed to `send` (E.164). A recipient
   * that is not mentioned becomes `unknown`: the request reached the provider, so it may have been sent.
   */
  messages: readonly SendSmsMessageResultV1[];
  /** The provider's id of this request (a transaction or batch id), when it gives one. */
  providerBatchId?: string;
  /** What this request cost, when the provider says. */
  cost?: CostV1;
}

/** Where a request stands in the send, for {@link SendInBatchesOptions.send}. */
export interface BatchInfo {
  /** The request's position, 0 for the first. */
  index: number;
  /** How many requests the send needs. */
  count: number;
}

/** Options of {@link sendInBatches}. */
export interface SendInBatchesOptions {
  /**
   * Every recipient of the send, as `prepareRecipients(...).recipients` returns them: the invalid ones too,
   * which are reported `rejected` with their `InvalidPhoneNumberError` and never sent.
   */
  recipients: readonly PreparedRecipient[];
  /** The most recipients one request may carry (at least 1). */
  batchSize: number;
  /**
   * Makes one request to the provider for `to` (E.164 numbers). Resolves with the provider's answer, or throws:
   * a {@link MessagingError} whose `maybeDelivered` says whether the request may have reached the provider.
   * Any other error (the caller's abort reason, a bug) counts as "may have reached it".
   */
  send(to: string[], batch: BatchInfo): Promise<BatchResult>;
  /** The caller's signal: once it aborts, no further request is made. */
  signal?: AbortSignal;
  /** The provider's id, set on the errors this function creates. */
  providerId?: string;
}

/** What {@link sendInBatches} resolves with, for the provider to put in its `SendSmsResultV1`. */
export interface BatchedSendResult {
  /** One result per recipient, in request order: `accepted`, `rejected` or `unknown`. */
  messages: SendSmsMessageResultV1[];
  /** The providers' ids of the requests that were answered, in order. */
  providerBatchIds: string[];
  /** The sum of the requests' costs, when any request reported one. */
  cost?: CostV1;
}

/**
 * Sends a text to many recipients in several requests: the one batched-send policy of every provider whose API
 * takes a limited number of recipients per request. It decides what each recipient's outcome is, so that
 * `fallback`, `roundRobin` and `retryProvider` never send twice to anyone:
 *
 * 1. Requests go out one after another, in request order, `batchSize` recipients each.
 * 2. A request that resolves gives each of its recipients the status the provider reported (`unknown` when not
 *    mentioned). A request that throws a {@link MessagingError} makes its recipients `rejected` when the error
 *    says nothing was delivered (`maybeDelivered: false`), `unknown` otherwise; any other error makes them
 *    `unknown`.
 * 3. After the first request that throws, and once the caller's signal aborts, no further request is made: the
 *    remaining recipients are `rejected` with a "not sent" {@link MessagingError} (`maybeDelivered: false`,
 *    `isRetryable: true`, `cause` = the failure or the abort reason).
 * 4. The call rejects, with the first request's error unchanged, only when that first request threw and either
 *    it was the only request, or its error says nothing was delivered (so no recipient was sent). An abort
 *    before the first request rejects with the signal's reason. Otherwise it resolves, so a send that fails half
 *    way reports exactly which recipients may have the message.
 * 5. Recipients that failed local validation are `rejected` with their `InvalidPhoneNumberError`, never sent.
 *
 * @param options - recipients, batch size, the request function and the caller's signal; see
 *   {@link SendInBatchesOptions}
 * @returns per-recipient results in request order, the batch ids and the summed cost
 * @throws the first request's error, or the abort reason, as described in rule 4
 *
 * @example
 * async sendSms(request, options) {
 *   const measure = measureSmsText(request.text, { type: request.type, providerId: 'acme' });
 *   const { recipients, warnings } = prepareRecipients(request.to, { maxRecipients: 10_000 });
 *   const { messages, providerBatchIds, cost } = await sendInBatches({
 *     recipients,
 *     batchSize: 100, // what one Acme request takes
 *     signal: options?.signal,
 *     providerId: 'acme',
 *     async send(to) {
 *       const answer = await postMessages({ to, text: request.text }, options); // throws typed errors
 *       return {
 *         providerBatchId: answer.batchId,
 *         messages: to.map((number) => ({ to: number, status: 'accepted', providerMessageId: answer.ids[number] })),
 *       };
 *     },
 *   });
 *   return { messages, ...measure, providerBatchId: providerBatchIds[0], cost, warnings };
 * }
 */
export async function sendInBatches(options: SendInBatchesOptions): Promise<BatchedSendResult> {
  const { recipients, signal, providerId } = options;
  const batchSize = Math.floor(options.batchSize);
  if (!(batchSize >= 1)) throw new TypeError('sendInBatches: batchSize must be a number of at least 1.');
  const valid = recipients.flatMap((recipient) => (recipient.e164 === undefined ? [] : [recipient.e164]));
  const count = Math.ceil(valid.length / batchSize);
  const outcomes = new Map<string, SendSmsMessageResultV1>();
  const providerBatchIds: string[] = [];
  let cost: CostV1 | undefined;
  let stop: { cause: unknown; aborted: boolean } | undefined;

  for (let index = 0; index < count; index++) {
    const batch = valid.slice(index * batchSize, (index + 1) * batchSize);
    if (stop === undefined && signal?.aborted) {
      if (index === 0) throw signal.reason;
      stop = { cause: signal.reason, aborted: true };
    }
    if (stop !== undefined) {
      const error = notAttemptedError(stop.cause, stop.aborted, providerId);
      for (const to of batch) outcomes.set(to, { to, status: 'rejected', error });
      continue;
    }
    try {
      const answer = await options.send(batch, { index, count });
      const answered = new Map(answer.messages.map((message) => [message.to, message]));
      for (const to of batch) {
        outcomes.set(to, answered.get(to) ?? { to, status: 'unknown', error: unansweredError(providerId) });
      }
      if (answer.providerBatchId !== undefined) providerBatchIds.push(answer.providerBatchId);
      cost = addCosts(cost, answer.cost);
    } catch (error) {
      const nothingSent = MessagingError.isInstance(error) && !error.maybeDelivered;
      if (index === 0 && (count === 1 || nothingSent)) throw error;
      const outcome = failureOutcome(error, providerId);
      for (const to of batch) outcomes.set(to, { to, ...outcome });
      stop = { cause: error, aborted: false };
    }
  }

  const messages = recipients.map(
    (recipient): SendSmsMessageResultV1 =>
      recipient.e164 === undefined
        ? { to: recipient.input, status: 'rejected', error: recipient.error }
        : outcomes.get(recipient.e164)!,
  );
  return { messages, providerBatchIds, ...(cost === undefined ? {} : { cost }) };
}
