import { delay } from '../delay';
import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidRecipientError,
  InvalidSenderError,
  type MessagingError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '../errors';
import { type CountryCode, maskPhoneNumber, parsePhoneNumberDetails } from '../phone-number';
import { measureSmsText, prepareRecipients } from '../send-helpers';
import type {
  BalanceV1,
  BlacklistEntryV1,
  BlacklistV1,
  CallOptionsV1,
  CancelResultV1,
  DeliveryReportQueryV1,
  DeliveryReportV1,
  DeliveryStatusV1,
  SenderV1,
  SendSmsMessageResultV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsCapabilitiesV1,
  SmsProviderV1,
} from '../sms-provider/v1/sms-provider-v1';

/** A way the sandbox can be told to fail; see {@link SandboxProvider.failNext}. */
export type SandboxFailure =
  | 'auth'
  | 'insufficient-balance'
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'network'
  | 'invalid-sender'
  | 'not-found';

/** The sandbox's methods, as named in {@link SandboxCall} and {@link SandboxFailOptions.method}. */
export type SandboxMethod =
  | 'sendSms'
  | 'getBalance'
  | 'listSenders'
  | 'getDeliveryReports'
  | 'cancelScheduled'
  | 'blacklist.list'
  | 'blacklist.add'
  | 'blacklist.remove'
  | 'parseDeliveryWebhook';

/** Options of {@link createSandboxProvider}. */
export interface SandboxProviderOptions {
  /** The provider id (default `'sandbox'`); give two sandboxes different ids to tell them apart. */
  providerId?: string;
  /** Starting credits (default 10 000). One credit per segment per recipient. */
  balance?: number;
  /** Sender ids; the first active one is the default (default `['SANDBOX']`). */
  senders?: (string | { name: string; active?: boolean })[];
  /** Numbers on the blacklist at start. */
  blacklist?: string[];
  /** Country of numbers written without a country code (default `'TR'`). */
  defaultCountry?: CountryCode;
  /** Most segments per message (default 7). */
  maxSegments?: number;
  /** Most recipients per call (default 1000). */
  maxRecipientsPerCall?: number;
  /** Deliver immediately instead of waiting for {@link SandboxProvider.deliverAll} (default false). */
  autoDeliver?: boolean;
  /** The clock (default `() => new Date()`). */
  now?: () => Date;
}

/** A message the sandbox accepted, one per recipient. */
export interface SandboxMessage {
  providerMessageId: string;
  providerBatchId: string;
  /** The recipient in E.164. */
  to: string;
  text: string;
  from: string;
  type: 'normal' | 'turkish' | 'unicode';
  segments: number;
  sendAt?: Date;
  reference?: string;
  idempotencyKey?: string;
  /** Whether the number is a landline (it ends `undelivered`). */
  landline: boolean;
  /** Whether the send was cancelled while scheduled. */
  cancelled: boolean;
  status: DeliveryStatusV1;
  acceptedAt: Date;
  statusAt: Date;
}

/** One call made to the sandbox. */
export interface SandboxCall {
  method: SandboxMethod;
  at: Date;
  /** The idempotency key of the call, when given. */
  idempotencyKey?: string;
}

/** Options of {@link SandboxProvider.failNext}. */
export interface SandboxFailOptions {
  /** Fail only this method (default: whichever is called next). */
  method?: SandboxMethod;
  /** For `'rate-limit'`: the `retryAfterMs` of the error. */
  retryAfterMs?: number;
  /** How many calls fail this way (default 1). */
  times?: number;
}

/**
 * An in-memory {@link SmsProviderV1} with every optional method: a balance that decreases per segment, senders,
 * delivery reports that move to `delivered`, scheduling and cancelling, a blacklist, delivery webhooks. It records
 * what was sent and can be told to fail in each typed way. Use it for demos, for application tests and as the
 * default provider of examples.
 */
export interface SandboxProvider extends SmsProviderV1 {
  getBalance(options?: CallOptionsV1): Promise<BalanceV1>;
  listSenders(options?: CallOptionsV1): Promise<SenderV1[]>;
  getDeliveryReports(query: DeliveryReportQueryV1, options?: CallOptionsV1): Promise<DeliveryReportV1[]>;
  cancelScheduled(ids: string[], options?: CallOptionsV1): Promise<CancelResultV1[]>;
  blacklist: Required<BlacklistV1>;
  parseDeliveryWebhook(request: Request): Promise<DeliveryReportV1[]>;
  /** Every message accepted, in order (one per recipient). */
  readonly sent: readonly SandboxMessage[];
  /** Every call made, in order, failed ones included. */
  readonly calls: readonly SandboxCall[];
  /** Current credits. */
  readonly balance: number;
  /**
   * Makes the next call (of `options.method`, or of any method) fail with `failure`. A `'timeout'` hangs for the
   * call's `timeoutMs` (default 30 s; the caller's signal ends it early) and then rejects with `TimeoutError`; on
   * `sendSms` it behaves like a real lost response: the message is accepted and recorded first, and the error is
   * `maybeDelivered: true`. `'server-error'` on `sendSms` is `maybeDelivered: true` too, but records nothing.
   */
  failNext(failure: SandboxFailure | MessagingError, options?: SandboxFailOptions): void;
  /** Moves every sent (and every due scheduled) message to `delivered` (landlines to `undelivered`). */
  deliverAll(): DeliveryReportV1[];
  /** Sets the status of one message. */
  setDeliveryStatus(providerMessageId: string, status: DeliveryStatusV1): void;
  /** Sets the credits. */
  setBalance(credits: number): void;
  /**
   * Builds the `Request` the sandbox would POST to your webhook for these messages (default: all), which
   * {@link SandboxProvider.parseDeliveryWebhook} reads back.
   */
  createDeliveryWebhookRequest(providerMessageIds?: string[]): Request;
  /** Forgets sent messages, calls, queued failures and idempotency keys; restores balance and blacklist. */
  reset(): void;
}

const DELIVERY_STATUSES: readonly DeliveryStatusV1[] = [
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'rejected',
  'expired',
];

interface QueuedFailure {
  failure: SandboxFailure | MessagingError;
  method?: SandboxMethod;
  retryAfterMs?: number;
  remaining: number;
  timeoutMs?: number;
}

function requestIssue(path: PropertyKey[], message: string, code: string): ValidationError {
  return new ValidationError({
    message: `Invalid send request: ${message}.`,
    target: 'request',
    issues: [{ path, message, code }],
  });
}

/**
 * Creates an in-memory SMS provider for demos and tests; see {@link SandboxProvider}.
 *
 * @param options - balance, senders, blacklist, limits and clock; see {@link SandboxProviderOptions}
 *
 * @example
 * const sms = createSandboxProvider({ balance: 100 });
 * const result = await sms.sendSms({ to: '0532 123 45 67', text: 'Siparişiniz kargoda.' });
 * sms.sent[0]?.to; // '+905321234567'
 */
export function createSandboxProvider(options: SandboxProviderOptions = {}): SandboxProvider {
  const providerId = options.providerId ?? 'sandbox';
  const defaultCountry = options.defaultCountry ?? 'TR';
  const maxSegments = options.maxSegments ?? 7;
  const maxRecipientsPerCall = options.maxRecipientsPerCall ?? 1000;
  const now = options.now ?? (() => new Date());
  const initialBalance = options.balance ?? 10_000;
  const senders: SenderV1[] = (options.senders ?? ['SANDBOX']).map((sender, index) => {
    const name = typeof sender === 'string' ? sender : sender.name;
    const active = typeof sender === 'string' ? true : (sender.active ?? true);
    return { id: String(index + 1), name, active, state: active ? 'CONFIRMED' : 'DRAFT' };
  });
  const initialBlacklist = (options.blacklist ?? []).map(
    (number) => parsePhoneNumberDetails(number, { defaultCountry }).e164,
  );

  let balance = initialBalance;
  let sequence = 0;
  const sent: SandboxMessage[] = [];
  const calls: SandboxCall[] = [];
  const failures: QueuedFailure[] = [];
  const idempotentResults = new Map<string, SendSmsResultV1>();
  const blacklisted = new Map<string, Date>();
  const restoreBlacklist = () => {
    blacklisted.clear();
    for (const number of initialBlacklist) blacklisted.set(number, now());
  };
  restoreBlacklist();

  const url = (method: SandboxMethod) => `sandbox://${providerId}/${method}`;

  const simulatedError = (queued: QueuedFailure, method: SandboxMethod): MessagingError => {
    if (typeof queued.failure !== 'string') return queued.failure;
    const common = { providerId, url: url(method), method: 'POST' };
    switch (queued.failure) {
      case 'auth':
        return new AuthenticationError({
          ...common,
          message: `${providerId}: the API key was refused.`,
          statusCode: 401,
        });
      case 'insufficient-balance':
        return new InsufficientBalanceError({
          ...common,
          message: `${providerId}: insufficient balance.`,
          statusCode: 402,
        });
      case 'rate-limit':
        return new RateLimitError({
          ...common,
          message: `${providerId}: too many requests.`,
          statusCode: 429,
          retryAfterMs: queued.retryAfterMs,
        });
      case 'server-error':
        return new ApiCallError({
          ...common,
          message: `${providerId}: server error (HTTP 500).`,
          statusCode: 500,
          isRetryable: true,
          maybeDelivered: method === 'sendSms',
        });
      case 'timeout':
        return new TimeoutError({
          providerId,
          url: url(method),
          message: `${providerId}: ${method} did not complete in time.`,
          timeoutMs: queued.timeoutMs ?? 30_000,
          maybeDelivered: method === 'sendSms',
        });
      case 'network':
        return new NetworkError({
          providerId,
          url: url(method),
          code: 'ECONNREFUSED',
          message: `${providerId}: could not connect (ECONNREFUSED).`,
          maybeDelivered: false,
        });
      case 'invalid-sender':
        return new InvalidSenderError({
          ...common,
          message: `${providerId}: the sender is not approved.`,
          statusCode: 400,
        });
      case 'not-found':
        return new NotFoundError({ ...common, message: `${providerId}: not found.`, statusCode: 404 });
    }
  };

  /** Records the call, honours the signal and returns the failure queued for it, if any. */
  const begin = (
    method: SandboxMethod,
    callOptions: CallOptionsV1 | undefined,
  ): QueuedFailure | undefined => {
    callOptions?.signal?.throwIfAborted();
    calls.push({
      method,
      at: now(),
      ...(callOptions?.idempotencyKey === undefined ? {} : { idempotencyKey: callOptions.idempotencyKey }),
    });
    const index = failures.findIndex((queued) => queued.method === undefined || queued.method === method);
    if (index === -1) return undefined;
    const queued = failures[index]!;
    queued.remaining--;
    if (queued.remaining <= 0) failures.splice(index, 1);
    return queued;
  };

  /**
   * Throws the queued failure. A `'timeout'` first waits out the call's `timeoutMs` (default 30 s) like a provider
   * that never answers; the caller's signal ends the wait with its reason.
   */
  const raise = async (
    queued: QueuedFailure,
    method: SandboxMethod,
    callOptions: CallOptionsV1 | undefined,
  ) => {
    if (queued.failure === 'timeout') {
      const timeoutMs = callOptions?.timeoutMs ?? 30_000;
      await delay(timeoutMs, callOptions?.signal);
      throw simulatedError({ ...queued, timeoutMs }, method);
    }
    throw simulatedError(queued, method);
  };

  const failIfQueued = async (
    method: SandboxMethod,
    callOptions: CallOptionsV1 | undefined,
  ): Promise<void> => {
    const queued = begin(method, callOptions);
    if (queued) await raise(queued, method, callOptions);
  };

  const toReport = (message: SandboxMessage): DeliveryReportV1 => ({
    providerMessageId: message.providerMessageId,
    providerBatchId: message.providerBatchId,
    ...(message.reference === undefined ? {} : { reference: message.reference }),
    to: message.to,
    status: message.status,
    at: message.statusAt,
    segments: message.segments,
    raw: {
      id: message.providerMessageId,
      batch: message.providerBatchId,
      status: message.status,
      cancelled: message.cancelled,
    },
  });

  const normalizeList = (numbers: string[]): string[] => {
    if (!Array.isArray(numbers)) throw requestIssue([], 'numbers must be an array', 'invalid_type');
    return numbers.map((number) => parsePhoneNumberDetails(number, { defaultCountry }).e164);
  };

  const capabilities: SmsCapabilitiesV1 = {
    balance: true,
    senders: true,
    deliveryReports: true,
    deliveryWebhooks: true,
    cancelScheduled: true,
    blacklist: true,
    blacklistAdd: true,
    blacklistRemove: true,
    scheduling: true,
    messageTypes: ['normal', 'turkish', 'unicode'],
    maxSegments,
    maxRecipientsPerCall,
    references: true,
    idempotency: true,
  };

  async function sendSms(request: SendSmsRequestV1, callOptions?: CallOptionsV1): Promise<SendSmsResultV1> {
    const queued = begin('sendSms', callOptions);
    const key = callOptions?.idempotencyKey;
    if (key !== undefined && idempotentResults.has(key) && !queued) return idempotentResults.get(key)!;
    if (queued && queued.failure !== 'timeout') throw simulatedError(queued, 'sendSms');

    if (typeof request !== 'object' || request === null)
      throw requestIssue([], 'the request must be an object', 'invalid_type');
    if (
      request.sendAt !== undefined &&
      !(request.sendAt instanceof Date && !Number.isNaN(request.sendAt.getTime()))
    ) {
      throw requestIssue(['sendAt'], 'sendAt must be a valid Date', 'invalid_type');
    }
    const from = request.from ?? senders.find((sender) => sender.active)?.name;
    const sender = senders.find((candidate) => candidate.name === from);
    if (!from || !sender?.active) {
      throw new InvalidSenderError({
        providerId,
        url: url('sendSms'),
        method: 'POST',
        statusCode: 400,
        message: `${providerId}: the sender id is unknown or not approved.`,
      });
    }
    const measured = measureSmsText(request.text, {
      type: request.type,
      maxSegments,
      messageTypes: capabilities.messageTypes,
      providerId,
    });
    const { recipients, warnings } = prepareRecipients(request.to, {
      defaultCountry,
      maxRecipients: maxRecipientsPerCall,
    });

    const results: SendSmsMessageResultV1[] = [];
    const accepted: { result: SendSmsMessageResultV1; landline: boolean }[] = [];
    for (const recipient of recipients) {
      if (recipient.error) {
        results.push({ to: recipient.input, status: 'rejected', error: recipient.error });
      } else if (blacklisted.has(recipient.e164)) {
        const error = new InvalidRecipientError({
          providerId,
          url: url('sendSms'),
          method: 'POST',
          message: `${providerId}: the recipient is on the blacklist.`,
          recipient: maskPhoneNumber(recipient.e164),
          blacklisted: true,
        });
        results.push({ to: recipient.e164, status: 'rejected', error });
      } else {
        const result: SendSmsMessageResultV1 = { to: recipient.e164, status: 'accepted' };
        results.push(result);
        accepted.push({ result, landline: !recipient.isMobile });
      }
    }

    const credits = measured.segments * accepted.length;
    if (credits > balance) {
      throw new InsufficientBalanceError({
        providerId,
        url: url('sendSms'),
        method: 'POST',
        statusCode: 402,
        message: `${providerId}: the send needs ${credits} credits; ${balance} left.`,
      });
    }

    const at = now();
    const scheduled = request.sendAt !== undefined && request.sendAt.getTime() > at.getTime();
    const batchId = accepted.length > 0 ? `${providerId}-batch-${++sequence}` : undefined;
    balance -= credits;
    for (const entry of accepted) {
      const providerMessageId = `${providerId}-msg-${++sequence}`;
      entry.result.providerMessageId = providerMessageId;
      const status: DeliveryStatusV1 = scheduled
        ? 'queued'
        : options.autoDeliver
          ? entry.landline
            ? 'undelivered'
            : 'delivered'
          : 'sent';
      sent.push({
        providerMessageId,
        providerBatchId: batchId!,
        to: entry.result.to,
        text: request.text,
        from,
        type: measured.type,
        segments: measured.segments,
        ...(request.sendAt === undefined ? {} : { sendAt: request.sendAt }),
        ...(request.reference === undefined ? {} : { reference: request.reference }),
        ...(key === undefined ? {} : { idempotencyKey: key }),
        landline: entry.landline,
        cancelled: false,
        status,
        acceptedAt: at,
        statusAt: at,
      });
    }

    const result: SendSmsResultV1 = {
      messages: results,
      type: measured.type,
      segments: measured.segments,
      ...(batchId === undefined ? {} : { providerBatchId: batchId }),
      cost: { credits },
      warnings,
    };
    if (key !== undefined && accepted.length > 0) idempotentResults.set(key, result);
    if (queued) await raise(queued, 'sendSms', callOptions);
    return result;
  }

  const provider: SandboxProvider = {
    specificationVersion: 'v1',
    providerId,
    capabilities,
    sendSms,

    async getBalance(callOptions) {
      await failIfQueued('getBalance', callOptions);
      return { credits: balance, raw: { credits: balance } };
    },

    async listSenders(callOptions) {
      await failIfQueued('listSenders', callOptions);
      return senders.map((sender) => ({ ...sender }));
    },

    async getDeliveryReports(query, callOptions) {
      await failIfQueued('getDeliveryReports', callOptions);
      const batchIds = new Set(query?.providerBatchIds ?? []);
      const messageIds = new Set(query?.providerMessageIds ?? []);
      const references = new Set(query?.references ?? []);
      if (batchIds.size + messageIds.size + references.size === 0) {
        throw new ValidationError({
          message: 'Give at least one batch id, message id or reference.',
          target: 'request',
          issues: [{ path: [], message: 'empty query', code: 'too_small' }],
        });
      }
      return sent
        .filter(
          (message) =>
            batchIds.has(message.providerBatchId) ||
            messageIds.has(message.providerMessageId) ||
            (message.reference !== undefined && references.has(message.reference)),
        )
        .map(toReport);
    },

    async cancelScheduled(ids, callOptions) {
      await failIfQueued('cancelScheduled', callOptions);
      return ids.map((id): CancelResultV1 => {
        const batch = sent.filter((message) => message.providerBatchId === id);
        if (batch.length === 0) {
          return {
            id,
            cancelled: false,
            error: new NotFoundError({
              providerId,
              url: url('cancelScheduled'),
              statusCode: 404,
              message: `${providerId}: no such send.`,
            }),
          };
        }
        if (batch.some((message) => message.status !== 'queued')) {
          return {
            id,
            cancelled: false,
            error: new ApiCallError({
              providerId,
              url: url('cancelScheduled'),
              statusCode: 409,
              message: `${providerId}: the send is no longer scheduled.`,
            }),
          };
        }
        const at = now();
        for (const message of batch) {
          message.status = 'rejected';
          message.cancelled = true;
          message.statusAt = at;
          balance += message.segments;
        }
        return { id, cancelled: true };
      });
    },

    blacklist: {
      async list(callOptions) {
        await failIfQueued('blacklist.list', callOptions);
        return [...blacklisted].map(([number, addedAt]): BlacklistEntryV1 => ({ number, addedAt }));
      },
      async add(numbers, callOptions) {
        await failIfQueued('blacklist.add', callOptions);
        for (const number of normalizeList(numbers))
          if (!blacklisted.has(number)) blacklisted.set(number, now());
      },
      async remove(numbers, callOptions) {
        await failIfQueued('blacklist.remove', callOptions);
        for (const number of normalizeList(numbers)) blacklisted.delete(number);
      },
    },

    async parseDeliveryWebhook(request) {
      await failIfQueued('parseDeliveryWebhook', undefined);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        throw new ValidationError({
          message: `${providerId}: the webhook body is not JSON.`,
          target: 'webhook',
          issues: [{ path: [], message: 'not JSON', code: 'invalid_type' }],
        });
      }
      const entries = (body as { reports?: unknown })?.reports;
      if (!Array.isArray(entries)) {
        throw new ValidationError({
          message: `${providerId}: the webhook body has no reports list.`,
          target: 'webhook',
          issues: [{ path: ['reports'], message: 'expected an array', code: 'invalid_type' }],
        });
      }
      return entries.map((entry: unknown, index): DeliveryReportV1 => {
        const record = (entry ?? {}) as Record<string, unknown>;
        const status = record.status as DeliveryStatusV1;
        if (typeof record.to !== 'string' || !DELIVERY_STATUSES.includes(status)) {
          throw new ValidationError({
            message: `${providerId}: webhook report ${index} is malformed.`,
            target: 'webhook',
            issues: [
              { path: ['reports', index], message: 'expected to and a known status', code: 'invalid_type' },
            ],
          });
        }
        const at = typeof record.at === 'string' ? new Date(record.at) : undefined;
        return {
          ...(typeof record.providerMessageId === 'string'
            ? { providerMessageId: record.providerMessageId }
            : {}),
          ...(typeof record.providerBatchId === 'string' ? { providerBatchId: record.providerBatchId } : {}),
          ...(typeof record.reference === 'string' ? { reference: record.reference } : {}),
          to: record.to,
          status,
          ...(at && !Number.isNaN(at.getTime()) ? { at } : {}),
          raw: entry,
        };
      });
    },

    get sent() {
      return sent;
    },
    get calls() {
      return calls;
    },
    get balance() {
      return balance;
    },

    failNext(failure, failOptions = {}) {
      failures.push({
        failure,
        ...(failOptions.method === undefined ? {} : { method: failOptions.method }),
        ...(failOptions.retryAfterMs === undefined ? {} : { retryAfterMs: failOptions.retryAfterMs }),
        remaining: Math.max(1, failOptions.times ?? 1),
      });
    },

    deliverAll() {
      const at = now();
      const changed: DeliveryReportV1[] = [];
      for (const message of sent) {
        const due =
          message.status === 'sent' ||
          (message.status === 'queued' && (message.sendAt?.getTime() ?? 0) <= at.getTime());
        if (!due) continue;
        message.status = message.landline ? 'undelivered' : 'delivered';
        message.statusAt = at;
        changed.push(toReport(message));
      }
      return changed;
    },

    setDeliveryStatus(providerMessageId, status) {
      const message = sent.find((candidate) => candidate.providerMessageId === providerMessageId);
      if (!message)
        throw new NotFoundError({
          providerId,
          url: url('getDeliveryReports'),
          message: `${providerId}: no such message.`,
        });
      message.status = status;
      message.statusAt = now();
    },

    setBalance(credits) {
      balance = credits;
    },

    createDeliveryWebhookRequest(providerMessageIds) {
      const wanted = providerMessageIds ? new Set(providerMessageIds) : undefined;
      const reports = sent
        .filter((message) => !wanted || wanted.has(message.providerMessageId))
        .map((message) => ({
          providerMessageId: message.providerMessageId,
          providerBatchId: message.providerBatchId,
          reference: message.reference,
          to: message.to,
          status: message.status,
          at: message.statusAt.toISOString(),
        }));
      return new Request(`https://${providerId}.invalid/webhooks/delivery`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reports }),
      });
    },

    reset() {
      balance = initialBalance;
      sequence = 0;
      sent.length = 0;
      calls.length = 0;
      failures.length = 0;
      idempotentResults.clear();
      restoreBlacklist();
    },
  };
  return provider;
}
