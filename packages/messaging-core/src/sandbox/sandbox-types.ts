import type { MessagingError } from '../errors';
import type { CountryCode } from '../phone-number';
import type {
  BalanceV1,
  BlacklistV1,
  CallOptionsV1,
  CancelResultV1,
  DeliveryReportQueryV1,
  DeliveryReportV1,
  DeliveryStatusV1,
  SenderV1,
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
  /**
   * Most recipients per simulated request (default: `maxRecipientsPerCall`, so one request per call). A call
   * with more recipients is split into requests by `sendInBatches`, each of which can fail on its own
   * ({@link SandboxProvider.failNext}), like a provider API that takes a limited number of numbers per request.
   */
  recipientsPerRequest?: number;
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

/** One call made to the sandbox; a `sendSms` makes one per simulated request. */
export interface SandboxCall {
  method: SandboxMethod;
  at: Date;
  /** The idempotency key of the call, when given. */
  idempotencyKey?: string;
  /** For a `sendSms` request: its recipients, in E.164. */
  to?: readonly string[];
}

/** Options of {@link SandboxProvider.failNext}. */
export interface SandboxFailOptions {
  /** Fail only this method (default: whichever is called next). */
  method?: SandboxMethod;
  /** For `'rate-limit'`: the `retryAfterMs` of the error. */
  retryAfterMs?: number;
  /** How many calls fail this way (default 1). */
  times?: number;
  /**
   * Fail only calls this accepts (default: any). With `to`, a failure can hit the request of one recipient in
   * the middle of a send: `failNext('server-error', { match: (call) => call.to?.includes('+905321234567') })`.
   */
  match?(call: SandboxCall): boolean;
}

/**
 * An in-memory {@link SmsProviderV1} with every optional method: a balance that decreases per segment, senders,
 * delivery reports that move to `delivered`, scheduling and cancelling, a blacklist, delivery webhooks, and
 * idempotency keys (a recipient already sent under a key is not sent again under it). It records what was sent
 * and can be told to fail in each typed way, request by request. Use it for demos, for application tests and as
 * the default provider of examples.
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
  /** Every call made, in order, failed ones included; a `sendSms` call counts once per request it made. */
  readonly calls: readonly SandboxCall[];
  /** Current credits. */
  readonly balance: number;
  /**
   * Makes the next call (of `options.method`, or of any method) fail with `failure`; for `sendSms`, the next
   * request, so a send split into several requests (`recipientsPerRequest`) can fail half way. A `'timeout'`
   * hangs for the call's `timeoutMs` (default 30 s; the caller's signal ends it early) and then rejects with
   * `TimeoutError`; on `sendSms` it behaves like a real lost response: the request's messages are accepted and
   * recorded first, and the error is `maybeDelivered: true`. `'server-error'` on `sendSms` is
   * `maybeDelivered: true` too, but records nothing.
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
