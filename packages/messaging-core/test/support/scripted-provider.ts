import {
  ApiCallError,
  createCapabilities,
  InvalidRecipientError,
  prepareRecipients,
  RateLimitError,
  type SendSmsMessageResult,
  type SmsCapabilities,
  type SmsProviderV1,
  sendInBatches,
  TimeoutError,
} from '../../src/index';

/**
 * How the fake API answers one request:
 * - `ok`: every recipient accepted;
 * - `refused`: HTTP 400, nothing sent (`maybeDelivered: false`, not retryable);
 * - `rate-limit`: HTTP 429, nothing sent, retryable;
 * - `server-error`: HTTP 500 after the request arrived: the API did send (`maybeDelivered: true`);
 * - `timeout`: no answer in time, and the API did send (`maybeDelivered: true`);
 * - `blacklisted-first`: the first recipient of the request is on the blacklist, the others accepted.
 */
export type Fault = 'ok' | 'refused' | 'rate-limit' | 'server-error' | 'timeout' | 'blacklisted-first';

/** What the fake API did with one recipient in one request. */
export type Seen = 'accepted' | 'sent-without-answer' | 'refused' | 'blacklisted';

/** One thing the fake API did, for a log shared by several providers. */
export interface SeenEvent {
  providerId: string;
  /** The provider's request number, 1 for its first request. */
  request: number;
  to: string;
  what: Seen;
}

/** A provider over a fake API that takes `recipientsPerRequest` numbers per request, built on sendInBatches. */
export interface ScriptedProvider extends SmsProviderV1 {
  /** The recipients of every request, in order. */
  readonly requests: string[][];
  /** The recipients of every `sendSms` call, in order. */
  readonly calls: string[][];
  /** What the API did with each recipient, request after request. */
  readonly seen: Map<string, Seen[]>;
  /** How many times the API sent an SMS to `to` (answered or not). */
  deliveries(to: string): number;
}

export interface ScriptedProviderOptions {
  recipientsPerRequest: number;
  /** The answer to each request, in order; `ok` after the end. */
  faults?: Fault[];
  /** Called before each request is answered (a test aborts its signal here). */
  onRequest?(to: string[]): void;
  capabilities?: Partial<SmsCapabilities>;
  /** A log shared with other providers, in the order things happened. */
  log?: SeenEvent[];
}

function faultError(providerId: string, fault: Exclude<Fault, 'ok' | 'blacklisted-first'>) {
  const common = { providerId, url: `https://${providerId}.test/sms`, method: 'POST' };
  switch (fault) {
    case 'refused':
      return new ApiCallError({ ...common, message: `${providerId}: HTTP 400`, statusCode: 400 });
    case 'rate-limit':
      return new RateLimitError({ ...common, message: `${providerId}: HTTP 429`, statusCode: 429 });
    case 'server-error':
      return new ApiCallError({
        ...common,
        message: `${providerId}: HTTP 500`,
        statusCode: 500,
        isRetryable: true,
        maybeDelivered: true,
      });
    case 'timeout':
      return new TimeoutError({
        providerId,
        message: `${providerId}: no answer`,
        timeoutMs: 10,
        maybeDelivered: true,
      });
  }
}

/** Creates a {@link ScriptedProvider}. */
export function createScriptedProvider(
  providerId: string,
  options: ScriptedProviderOptions,
): ScriptedProvider {
  const faults = [...(options.faults ?? [])];
  const requests: string[][] = [];
  const calls: string[][] = [];
  const seen = new Map<string, Seen[]>();
  const record = (to: string, what: Seen) => {
    seen.set(to, [...(seen.get(to) ?? []), what]);
    options.log?.push({ providerId, request: requests.length, to, what });
  };

  const answer = (to: string[], fault: Fault): SendSmsMessageResult[] => {
    if (fault === 'ok' || fault === 'blacklisted-first') {
      return to.map((number, index) => {
        if (fault === 'blacklisted-first' && index === 0) {
          record(number, 'blacklisted');
          const error = new InvalidRecipientError({
            providerId,
            url: `https://${providerId}.test/sms`,
            message: `${providerId}: blacklisted`,
            blacklisted: true,
          });
          return { to: number, status: 'rejected', error };
        }
        record(number, 'accepted');
        return { to: number, status: 'accepted', providerMessageId: `${providerId}:${number}` };
      });
    }
    const error = faultError(providerId, fault);
    for (const number of to) record(number, error.maybeDelivered ? 'sent-without-answer' : 'refused');
    throw error;
  };

  return {
    specificationVersion: 'v1',
    providerId,
    capabilities: createCapabilities({ maxRecipientsPerCall: 1000, ...options.capabilities }),
    requests,
    calls,
    seen,
    deliveries: (to) =>
      (seen.get(to) ?? []).filter((what) => what === 'accepted' || what === 'sent-without-answer').length,
    async sendSms(request, callOptions) {
      const { recipients, warnings } = prepareRecipients(request.to);
      calls.push(recipients.flatMap((recipient) => (recipient.e164 === undefined ? [] : [recipient.e164])));
      const { messages, providerBatchIds } = await sendInBatches({
        recipients,
        batchSize: options.recipientsPerRequest,
        signal: callOptions?.signal,
        providerId,
        async send(to) {
          requests.push(to);
          options.onRequest?.(to);
          return {
            messages: answer(to, faults.shift() ?? 'ok'),
            providerBatchId: `${providerId}-${requests.length}`,
          };
        },
      });
      return { messages, type: 'normal', segments: 1, providerBatchId: providerBatchIds[0], warnings };
    },
  };
}
