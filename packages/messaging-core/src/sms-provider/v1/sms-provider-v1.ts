import type { MessagingError } from '../../errors';

/**
 * The message type, as Turkish providers bill it. `auto` picks the cheapest of `normal` (GSM-7), `turkish`
 * (GSM-7 + Turkish single shift) and `unicode` (UCS-2) that can carry the text.
 */
export type SmsMessageTypeV1 = 'auto' | 'normal' | 'turkish' | 'unicode';

/** Options every call accepts. */
export interface CallOptionsV1 {
  /** Aborts the call (and any retry wait). */
  signal?: AbortSignal;
  /** Limit for the whole call, reading the response body included. */
  timeoutMs?: number;
  /**
   * A key that identifies one logical send across attempts (e.g. `order-1001/processing/customer`). Providers
   * that support a client reference use it to deduplicate; others may ignore it.
   */
  idempotencyKey?: string;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
}

/** One SMS (the same text) to one or more recipients. */
export interface SendSmsRequestV1 {
  /** Recipient(s): any common notation; providers normalise to E.164. */
  to: string | string[];
  /** The message text. */
  text: string;
  /** Sender id (başlık / title); the provider's default when omitted. */
  from?: string;
  /** Schedule the send for this time instead of now. */
  sendAt?: Date;
  /** Message type; `auto` (default) picks the cheapest that can carry the text. */
  type?: SmsMessageTypeV1;
  /** Your own reference for this send (returned in delivery reports where the provider supports it). */
  reference?: string;
  /** Provider-specific settings under the provider's id: `{ organik: { timeoutHours: 24 } }`. */
  providerOptions?: Record<string, unknown>;
}

/** A setting the provider ignored or could not honour, returned instead of failing silently. */
export type WarningV1 =
  | { type: 'unsupported-setting'; setting: string; details?: string }
  | { type: 'landline'; recipient: string; details?: string }
  | { type: 'other'; message: string };

/**
 * What became of one recipient of a send:
 * - `accepted`: the provider took the message for delivery;
 * - `rejected`: certainly not sent (see `error`, whose `maybeDelivered` is false);
 * - `unknown`: the request for this recipient may have reached the provider, but no answer says so (see `error`,
 *   whose `maybeDelivered` is true). Never send to this recipient again before a delivery report or the
 *   provider's records settle it.
 */
export type SendSmsMessageStatusV1 = 'accepted' | 'rejected' | 'unknown';

/** The outcome of a send for one recipient. */
export interface SendSmsMessageResultV1 {
  /** The recipient in E.164 (`+905321234567`); the input as given when it could not be normalised. */
  to: string;
  /** See {@link SendSmsMessageStatusV1}. */
  status: SendSmsMessageStatusV1;
  /** The provider's id of this message, for reports. */
  providerMessageId?: string;
  /** Why the recipient was rejected, or why its outcome is unknown. */
  error?: MessagingError;
  /** The provider that handled this recipient, when a strategy spread the send over several members. */
  providerId?: string;
}

/** The outcome of {@link SmsProviderV1.sendSms}. */
export interface SendSmsResultV1 {
  /** One entry per distinct recipient, in request order. */
  messages: SendSmsMessageResultV1[];
  /** The message type used (never `auto`). */
  type: 'normal' | 'turkish' | 'unicode';
  /** Segments per recipient. */
  segments: number;
  /** The provider's id of the whole send (a transaction or batch id), for reports and cancelling. */
  providerBatchId?: string;
  /** What the send cost, when the provider says. */
  cost?: CostV1;
  /** Settings that were ignored or adjusted. */
  warnings: WarningV1[];
  /**
   * The id of the provider that accepted the send, when it is not the one called: strategies (`fallback`,
   * `roundRobin`) set it to the member that sent.
   */
  providerId?: string;
}

/** A cost in the provider's units. */
export interface CostV1 {
  /** Provider credits. */
  credits?: number;
  /** Money, with its ISO currency (Organik charges TL for foreign numbers). */
  amount?: number;
  /** ISO 4217 currency of `amount`. */
  currency?: string;
}

/** The account's balance. */
export interface BalanceV1 {
  /** SMS credits left, when the provider counts in credits. */
  credits?: number;
  /** Money left, when the provider keeps a money balance. */
  amount?: number;
  /** ISO 4217 currency of `amount`. */
  currency?: string;
  /** The provider's response, for fields this shape does not model. */
  raw: unknown;
}

/** A sender id (başlık / title) the account may send with. */
export interface SenderV1 {
  /** The provider's id of the sender. */
  id: string;
  /** The text shown as the sender. */
  name: string;
  /** Whether it can be used now (approved, enabled). */
  active: boolean;
  /** The provider's state name, when it has one (`CONFIRMED`, `DRAFT`...). */
  state?: string;
}

/** The status of one message, normalised across providers. */
export type DeliveryStatusV1 =
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'rejected'
  | 'expired';

/** The delivery state of one message to one recipient. */
export interface DeliveryReportV1 {
  /** The provider's id of the message. */
  providerMessageId?: string;
  /** The provider's id of the batch the message belongs to. */
  providerBatchId?: string;
  /** Your reference, as given in {@link SendSmsRequestV1.reference}. */
  reference?: string;
  /** The recipient in E.164. */
  to: string;
  /** The normalised status. */
  status: DeliveryStatusV1;
  /** When the status was reached, when known. */
  at?: Date;
  /** Segments billed, when known. */
  segments?: number;
  /** The provider's record, for fields this shape does not model. */
  raw: unknown;
}

/** Which reports to fetch. At least one field must be given. */
export interface DeliveryReportQueryV1 {
  /** Batch ids returned as {@link SendSmsResultV1.providerBatchId}. */
  providerBatchIds?: string[];
  /** Message ids returned as {@link SendSmsMessageResultV1.providerMessageId}. */
  providerMessageIds?: string[];
  /** Your references. */
  references?: string[];
  /**
   * The provider that sent the messages (`SendSmsResultV1.providerId` or a message's `providerId`). A strategy
   * asks only that member; without it, every member that keeps reports is asked.
   */
  providerId?: string;
}

/** The outcome of cancelling one scheduled send. */
export interface CancelResultV1 {
  /** The batch id that was asked for. */
  id: string;
  /** Whether the provider cancelled it. */
  cancelled: boolean;
  /** Why it was not cancelled, when known. */
  error?: MessagingError;
}

/** A number on the provider's blacklist (opt-out list). */
export interface BlacklistEntryV1 {
  /** The number in E.164. */
  number: string;
  /** When it was added, when known. */
  addedAt?: Date;
  /** The sender the opt-out applies to, when the provider keeps one list per sender. */
  sender?: string;
}

/** Blacklist (opt-out) management. */
export interface BlacklistV1 {
  /** Lists the numbers on the blacklist. */
  list(options?: CallOptionsV1): Promise<BlacklistEntryV1[]>;
  /** Adds numbers to the blacklist (present when `capabilities.blacklistAdd`). */
  add?(numbers: string[], options?: CallOptionsV1): Promise<void>;
  /** Removes numbers from the blacklist (present when `capabilities.blacklistRemove`). */
  remove?(numbers: string[], options?: CallOptionsV1): Promise<void>;
}

/** What a provider can do. Optional methods exist exactly when their flag is true. */
export interface SmsCapabilitiesV1 {
  /** `getBalance` exists. */
  balance: boolean;
  /** `listSenders` exists. */
  senders: boolean;
  /** `getDeliveryReports` exists. */
  deliveryReports: boolean;
  /** `parseDeliveryWebhook` exists. */
  deliveryWebhooks: boolean;
  /** `cancelScheduled` exists. */
  cancelScheduled: boolean;
  /** `blacklist` and `blacklist.list` exist. */
  blacklist: boolean;
  /** `blacklist.add` exists (Bulutfon, for one, can list and remove opt-outs but not add them). */
  blacklistAdd: boolean;
  /** `blacklist.remove` exists. */
  blacklistRemove: boolean;
  /** `sendAt` is honoured. */
  scheduling: boolean;
  /** Message types the provider can send. */
  messageTypes: ReadonlyArray<'normal' | 'turkish' | 'unicode'>;
  /** Most segments a message may have. */
  maxSegments: number;
  /** Most recipients one `sendSms` call accepts (the provider packs them into requests as needed). */
  maxRecipientsPerCall: number;
  /** `reference` is sent to the provider and comes back in reports. */
  references: boolean;
  /** The provider deduplicates by {@link CallOptionsV1.idempotencyKey} or reference. */
  idempotency: boolean;
}

/**
 * The provider-neutral SMS contract, version 1. A provider package's factory (`createOrganik()`, or a third
 * party's) returns an object of this shape; applications depend only on this interface.
 *
 * Providers make exactly one attempt per recipient; retries live in `retryProvider` / `withRetry` and the
 * strategies.
 */
export interface SmsProviderV1 {
  /** The version of this contract the provider implements. */
  readonly specificationVersion: 'v1';
  /** Short, stable id: `'organik'`, `'bulutfon'`, `'sandbox'`... */
  readonly providerId: string;
  /** What the provider can do. */
  readonly capabilities: SmsCapabilitiesV1;
  /**
   * Sends one text to one or more recipients. Resolves with one result per distinct recipient, in request
   * order: `accepted`, `rejected` (certainly not sent, with a typed error) or `unknown` (the request may have
   * reached the provider; never send to it again before its outcome is known).
   *
   * Rejects, with a {@link MessagingError}, only when no recipient can have the message by this call
   * (`maybeDelivered: false`), or when the call was a single request whose outcome is unknown
   * (`maybeDelivered: true`: then every recipient's outcome is unknown). A provider that splits a send into
   * several requests uses `sendInBatches`, so a send that fails half way resolves and says, per recipient, who
   * may have the message.
   */
  sendSms(request: SendSmsRequestV1, options?: CallOptionsV1): Promise<SendSmsResultV1>;
  /** Reads the account's balance. */
  getBalance?(options?: CallOptionsV1): Promise<BalanceV1>;
  /** Lists the sender ids the account may use. */
  listSenders?(options?: CallOptionsV1): Promise<SenderV1[]>;
  /** Fetches delivery reports. */
  getDeliveryReports?(query: DeliveryReportQueryV1, options?: CallOptionsV1): Promise<DeliveryReportV1[]>;
  /** Cancels scheduled sends by batch id. */
  cancelScheduled?(ids: string[], options?: CallOptionsV1): Promise<CancelResultV1[]>;
  /** Blacklist (opt-out list) management. */
  blacklist?: BlacklistV1;
  /** Reads a delivery report pushed by the provider to your server. */
  parseDeliveryWebhook?(request: Request): Promise<DeliveryReportV1[]>;
}
