import type { AdminStore, MessageAttempt } from './admin-store';
import type { CallStore, NewVoiceJob } from './call-store';
import type { OrderEventType } from './order-event';

/** What caused a message: an order event, or `admin.test` for a test SMS sent from the admin console. */
export type MessageEventType = OrderEventType | 'admin.test';

/** A send attempt to record with the change that ends it (see {@link MessagePatch.attempt}). */
export type AttemptRecord = Omit<MessageAttempt, 'messageId'>;

/**
 * Where a message is in its life: `queued` (waiting for the dispatcher), `sending` (claimed by a worker),
 * `sent` (accepted by the provider), `delivered` (handset confirmed), `failed` (refused or undeliverable),
 * `dead` (retries exhausted), `unknown` (the provider may or may not have it; never resent blindly),
 * `skipped` (deliberately not sent: opt-out, unusable number...).
 */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'failed'
  | 'dead'
  | 'unknown'
  | 'skipped';

/** Every {@link MessageStatus}, in life order. */
export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'dead',
  'unknown',
  'skipped',
];

/** The key suffix under which an order's last tracking number is recorded next to its status. */
export const TRACKING_KEY_SUFFIX = '#tracking';

/** Who a message is for. */
export type RecipientRole = 'customer' | 'admin';

/** The message type asked of the provider. */
export type OutboxMessageType = 'auto' | 'normal' | 'turkish' | 'unicode';

/** The last error of a message, as stored (never a secret; phone numbers masked). */
export interface OutboxError {
  /** The error's `kind` (`'rate-limit'`, `'timeout'`...). */
  kind: string;
  /** The error's message. */
  message: string;
  /** The provider's own code, when known. */
  code?: string;
}

/** One message of the outbox. */
export interface OutboxMessage {
  /** Unique id; also the `reference` given to the provider and the idempotency key of every attempt. */
  id: string;
  /** Identity of the logical notification: (shop, order, event, status or note id, role, recipient). */
  dedupeKey: string;
  /** The shop. */
  shopId: string;
  /** The order, for order events. */
  orderId?: string;
  /** The event that caused the message. */
  eventType: MessageEventType;
  /** Customer or admin. */
  role: RecipientRole;
  /** The recipient in E.164 (masked in {@link AcceptResult}; a skipped unusable number is stored masked). */
  recipient: string;
  /** The text to send. */
  text: string;
  /** Sender id, when the shop names one. */
  sender?: string;
  /** Key of the provider in the engine's `providers`. */
  providerId: string;
  /** Message type asked of the provider. */
  messageType: OutboxMessageType;
  /** Segments the text takes. */
  segments: number;
  /** Where the message is. */
  status: MessageStatus;
  /** Send attempts made so far. */
  attempts: number;
  /** When the dispatcher may pick it up next. */
  nextAttemptAt: Date;
  /** When it was accepted. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** When the provider accepted it. */
  sentAt?: Date;
  /** When it was delivered. */
  deliveredAt?: Date;
  /** The provider's id of the message. */
  providerMessageId?: string;
  /** The provider's id of the send. */
  providerBatchId?: string;
  /** Credits charged, when the provider says. */
  credits?: number;
  /** Why it was skipped, failed or is unknown (`'opted-out'`, `'invalid-phone-number'`, `'lease-expired'`...). */
  reason?: string;
  /** The last error. */
  lastError?: OutboxError;
}

/**
 * A message to add to the outbox: the fields of {@link OutboxMessage} known at acceptance, with `status`
 * `queued`, or `skipped` with a `reason` (a skipped unusable number is stored masked).
 */
export type NewOutboxMessage = Pick<
  OutboxMessage,
  | 'id'
  | 'dedupeKey'
  | 'shopId'
  | 'orderId'
  | 'eventType'
  | 'role'
  | 'recipient'
  | 'text'
  | 'sender'
  | 'providerId'
  | 'messageType'
  | 'segments'
  | 'reason'
  | 'createdAt'
> & {
  status: 'queued' | 'skipped';
  /**
   * The order's number as the shop shows it, when it differs from `orderId` or not: kept with the message so
   * that a missed-call follow-up names the order the customer knows (not read back into {@link OutboxMessage}).
   */
  orderNumber?: string;
};

/** Fields a store update may change. `null` clears a field. */
export interface MessagePatch {
  /** The time of the change (default: the store's clock). */
  updatedAt?: Date;
  /** New status. */
  status?: MessageStatus;
  /** Next time the dispatcher may pick the message up. */
  nextAttemptAt?: Date;
  /** When the provider accepted it. */
  sentAt?: Date | null;
  /** When it was delivered. */
  deliveredAt?: Date | null;
  /** The provider's message id. */
  providerMessageId?: string | null;
  /** The provider's batch id. */
  providerBatchId?: string | null;
  /** Credits charged. */
  credits?: number | null;
  /** Segments billed. */
  segments?: number;
  /** Reason of the status. */
  reason?: string | null;
  /** Last error. */
  lastError?: OutboxError | null;
  /**
   * A send attempt to record in the same write. It is recorded even when the guard does not hold (the attempt
   * happened; only the message's state is not the worker's to change any more).
   */
  attempt?: AttemptRecord;
}

/** Only update when the message is still in this state. */
export interface MessageGuard {
  /** Allowed current statuses. */
  status?: readonly MessageStatus[];
  /** The worker that must still hold the claim. */
  workerId?: string;
}

/** A filter of the message log. Every field narrows; all are optional. */
export interface MessageFilter {
  /** One shop. */
  shopId?: string;
  /** One order (with or without `shopId`). */
  orderId?: string;
  /** One status or several. */
  status?: MessageStatus | readonly MessageStatus[];
  /** One provider key. */
  providerId?: string;
  /** Customer or admin messages. */
  role?: RecipientRole;
  /** Accepted at or after. */
  since?: Date;
  /** Accepted before. */
  until?: Date;
  /** Most rows returned by `list` (default 100, at most 1000). */
  limit?: number;
  /** Rows to skip (`list` only). */
  offset?: number;
}

/** What {@link OutboxStore.enqueue} did. */
export interface EnqueueResult {
  /** Messages written (queued, or skipped as opted out / unusable). */
  inserted: OutboxMessage[];
  /** Messages not written because their dedupe key was already there. */
  duplicates: number;
}

/** Which messages to claim. */
export interface ClaimOptions {
  /** The current time. */
  now: Date;
  /** Most messages to claim. */
  limit: number;
  /** How long the claim holds; a claim older than this is considered lost (the worker died mid-send). */
  leaseMs: number;
  /** Who claims. */
  workerId: string;
}

/** A send the provider accepted, to record with {@link OutboxStore.markSent}. */
export interface SentOutcome {
  /** The message. */
  id: string;
  /** The worker that claimed it; nothing is written when another worker holds the claim now. */
  workerId: string;
  /** When the provider accepted it. */
  sentAt: Date;
  /** Segments billed. */
  segments: number;
  /** The provider's message id. */
  providerMessageId?: string;
  /** The provider's batch id. */
  providerBatchId?: string;
  /** Credits charged. */
  credits?: number;
  /** The attempt to record in the same write (recorded even when the claim was lost meanwhile). */
  attempt?: AttemptRecord;
}

/** An opt-out: a number that must not receive messages. */
export interface OptOut {
  /** The number in E.164. */
  phone: string;
  /** Where it came from: `'local'` or a provider key (its blacklist). */
  source: string;
  /** When it was recorded. */
  createdAt: Date;
}

/**
 * A value kept per order and compared-and-recorded inside an accept: the order's status (key: the order id) or
 * its last tracking number (key: `<order id>#tracking`).
 */
export interface OrderStateRecord {
  /** The shop. */
  shopId: string;
  /** The order id, or `<order id>#tracking` for the tracking number. */
  key: string;
  /** The value to store. */
  value: string;
  /**
   * When the order last changed, as the platform reports it (`OrderInfo.updatedAt`). When both it and the time
   * stored with the value are known and it is older, the record is stale: nothing is written, and `plan` gets
   * the stored value with the record marked stale. Otherwise the value is written with this time (a record
   * without one keeps the stored time), so the stored time is the newest one seen.
   */
  modifiedAt?: Date;
}

/**
 * One caller's share of a grouped write ({@link OutboxStore.acceptBatch}): order states to record, then the
 * messages to insert, decided from the values those states had before.
 */
export interface AcceptUnit {
  /**
   * Compared with the stored state and recorded in order inside the transaction; `plan` receives the value
   * each had before (undefined: new) and whether it was stale (older than the stored one, so not written).
   * Records of the same order, in one unit or in units of one batch, are compared one after the other, each
   * with what the ones before it wrote: of two updates of an order, the later-modified one's state stays,
   * whatever order they arrive in.
   */
  records: readonly OrderStateRecord[];
  /**
   * Builds the messages from the previous values. Runs inside the transaction, possibly more than once (a
   * unit is retried alone when its batch fails), so it must be synchronous and free of side effects.
   * @param previous - the value each record had before it (undefined: none was stored)
   * @param stale - whether each record was older than the stored state, which it left as it was
   */
  plan(previous: readonly (string | undefined)[], stale: readonly boolean[]): readonly NewOutboxMessage[];
  /**
   * Voice jobs written in the same transaction, after `plan` (a cash-on-delivery order's confirmation call).
   * Like `plan`, it may run more than once and must be free of side effects.
   */
  jobs?(): readonly NewVoiceJob[];
}

/** What {@link OutboxStore.acceptBatch} did with one unit: committed, or failed alone with its error. */
export type AcceptUnitOutcome =
  | { ok: true; previous: (string | undefined)[]; result: EnqueueResult }
  | { ok: false; error: unknown };

/**
 * Durable storage of the outbox, order statuses and opt-outs. Two implementations ship:
 * {@link createSqliteStore} and {@link createPostgresStore}; both pass the same test suite.
 * Every method is atomic on its own.
 */
export interface OutboxStore {
  /** `'sqlite'` or `'postgres'`. */
  readonly kind: string;
  /** The voice side's jobs, calls log and follow-up limits, in the same database. */
  readonly calls: CallStore;
  /** Inserts messages in one transaction; a message whose recipient has opted out is stored as skipped. */
  enqueue(messages: readonly NewOutboxMessage[]): Promise<EnqueueResult>;
  /**
   * Records the states and inserts the messages of many units in ONE transaction (one commit, one disk flush).
   * Each unit is atomic on its own: a unit that fails is rolled back alone and reported with its error, the
   * others commit. When the transaction itself cannot commit, the units are retried one by one. The promise
   * resolves after the commit, so every `ok` outcome is durable.
   */
  acceptBatch(units: readonly AcceptUnit[]): Promise<AcceptUnitOutcome[]>;
  /**
   * Stores an order's status, without a modification time (the stored one stays); returns the previous status
   * (undefined the first time).
   */
  recordOrderStatus(shopId: string, orderId: string, status: string): Promise<string | undefined>;
  /**
   * Claims due queued messages for sending (`status` → `sending`, `attempts` + 1), oldest first. A due message
   * whose recipient opted out after it was queued is returned as `skipped` (reason `opted-out`) instead.
   */
  claim(options: ClaimOptions): Promise<OutboxMessage[]>;
  /**
   * Moves messages whose claim expired to `unknown` (reason `lease-expired`); returns how many. Their
   * `updatedAt` stays the time of the claim, when the lost attempt began, so that reconciliation's
   * `reconcileAfterMs` counts from the send and not from the moment the loss was noticed.
   */
  releaseExpired(now: Date): Promise<number>;
  /** Changes one message; returns false when the guard did not hold (nothing changed). */
  update(id: string, patch: MessagePatch, guard?: MessageGuard): Promise<boolean>;
  /**
   * Records accepted sends in one write: `sending` → `sent`, clearing reason and error. Only messages still
   * claimed by the given worker change; returns the ids that did.
   */
  markSent(outcomes: readonly SentOutcome[]): Promise<Set<string>>;
  /** Reads messages by id (missing ids are left out). */
  get(ids: readonly string[]): Promise<OutboxMessage[]>;
  /** Reads a provider's messages by the provider's message ids. */
  findByProviderMessageIds(
    providerId: string,
    providerMessageIds: readonly string[],
  ): Promise<OutboxMessage[]>;
  /** Lists messages, newest first. */
  list(filter: MessageFilter): Promise<OutboxMessage[]>;
  /** Counts messages per status (every status present, 0 when none). */
  counts(filter: MessageFilter): Promise<Record<MessageStatus, number>>;
  /** Sums segments and known credits of sent and delivered messages. */
  costTotals(filter: MessageFilter): Promise<{ segments: number; credits?: number }>;
  /** Adds opt-outs (existing ones are kept). */
  addOptOuts(phones: readonly string[], source: string): Promise<void>;
  /** Removes opt-outs of one source, or of every source. */
  removeOptOuts(phones: readonly string[], source?: string): Promise<void>;
  /** Replaces every opt-out of one source by `phones` (a provider blacklist sync). */
  replaceOptOuts(phones: readonly string[], source: string): Promise<void>;
  /** Lists opt-outs. */
  listOptOuts(): Promise<OptOut[]>;
  /** Returns the numbers of `phones` that have opted out. */
  optedOut(phones: readonly string[]): Promise<Set<string>>;
  /** Storage of the admin console. */
  readonly admin: AdminStore;
  /** The schema version after migrations. */
  schemaVersion(): Promise<number>;
  /** Closes the connection (or pool, when the store created it). */
  close(): Promise<void>;
}
