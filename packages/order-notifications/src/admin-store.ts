import type { StatusChangeWithTracking, TransliterationMode } from './notification-config';
import type { OptOutPage, OptOutQuery } from './opt-out-sql';
import type { CustomerInfo, OrderInfo } from './order-event';
import type {
  EnqueueResult,
  MessageEventType,
  MessagePatch,
  MessageStatus,
  NewOutboxMessage,
  OutboxMessage,
} from './outbox-store';

/** What one send attempt came to at the provider. */
export type AttemptResult = 'sent' | 'failed' | 'unknown' | 'skipped';

/**
 * One send attempt of a message, as recorded by the dispatcher in the same write as the message's new state.
 * The error fields are the ones of `lastError` (redacted and masked: never a secret, never a full number).
 */
export interface MessageAttempt {
  /** The message. */
  messageId: string;
  /** The attempt's number (the message's `attempts` once it was claimed for it). */
  attempt: number;
  /** When the attempt began (the claim). */
  at: Date;
  /** What came of it. */
  result: AttemptResult;
  /** The error's kind, for an attempt that did not end `sent`. */
  errorKind?: string;
  /** The provider's own code, when known. */
  errorCode?: string;
  /** The error's message (redacted). */
  errorMessage?: string;
  /** The provider's id of the message, when it gave one. */
  providerMessageId?: string;
  /** How long the provider call took, in milliseconds. */
  durationMs?: number;
}

/** An operator's action, recorded in the same transaction as the change it made. */
export interface AuditEntry {
  /** Unique id (sorts by time). */
  id: string;
  /** When. */
  at: Date;
  /** Who: the signed-in user's name (`admin` for the admin token). */
  user: string;
  /** What: `message.retry`, `message.cancel`, `message.resolve`, `message.test`, `templates.save`... */
  action: string;
  /** The shop concerned, when there is one. */
  shopId?: string;
  /** What it was done to: a message id, or a shop id for template changes. */
  target: string;
  /** Details of the action (never a full phone number or a secret). */
  details: Record<string, unknown>;
}

/** A page of the audit log, newest first. */
export interface AuditQuery {
  /** One shop. */
  shopId?: string;
  /** One target (a message id). */
  target?: string;
  /** Most entries returned (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** What {@link AdminStore.listAudit} returns. */
export interface AuditPage {
  /** Entries, newest first. */
  entries: AuditEntry[];
  /** Give it back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** A filter of the message log for the admin console: every field narrows; all are optional. */
export interface MessageQuery {
  /** One shop. */
  shopId?: string;
  /** One status or several. */
  status?: MessageStatus | readonly MessageStatus[];
  /** One event type or several. */
  eventType?: MessageEventType | readonly MessageEventType[];
  /** Accepted at or after. */
  since?: Date;
  /** Accepted before. */
  until?: Date;
  /** One order. */
  orderId?: string;
  /** The last digits of the recipient's number, 2 to 10 digits (anything else in the string is ignored). */
  phoneDigits?: string;
  /** Most rows returned (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page (keyset pagination). */
  cursor?: string;
}

/** A page of the message log, newest first. */
export interface MessagePage {
  /** The messages (recipients as stored: mask them before showing). */
  messages: OutboxMessage[];
  /** Give it back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** An audit entry to write. */
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** A guarded change of one message by an operator, with its audit entry. */
export interface AuditedChange {
  /** The message. */
  messageId: string;
  /** The statuses it must be in; nothing is written otherwise. */
  from: readonly MessageStatus[];
  /** What changes. */
  patch: MessagePatch;
  /** Written in the same transaction, only when the change is. */
  audit: NewAuditEntry;
}

/**
 * Opt-outs added or removed by an operator, with the audit entry written in the same transaction when anything
 * changed (its `details` gain the `count` of numbers changed).
 */
export interface OptOutChange {
  /** Add the numbers, or remove them. */
  change: 'add' | 'remove';
  /** Numbers in E.164. */
  phones: readonly string[];
  /** The list they belong to: `'local'` for the operator's own. */
  source: string;
  /** When (the `created_at` of added numbers). */
  at: Date;
  /** The operator's entry; none for a change made by the engine itself. */
  audit?: NewAuditEntry;
}

/** A rule as the console edits it. `adminPhones` absent: the shop's `adminPhones`. */
export interface TemplateRule {
  /** Whether the rule sends anything. */
  enabled: boolean;
  /** Template of the customer message; none is sent when absent. */
  customerTemplate?: string;
  /** Template of the admin message; none is sent when absent. */
  adminTemplate?: string;
  /** Admin phones of this rule. */
  adminPhones?: string[];
}

/** The settings of a shop the console edits; the rest of the shop's configuration stays in the file. */
export interface TemplateSettings {
  /** See {@link TransliterationMode}. */
  transliterate: TransliterationMode;
  /** Phones that receive admin messages. */
  adminPhones: string[];
  /** Statuses that make an order "new". */
  newOrderStatuses: string[];
  /** See `ShopConfig.statusChangeWithTracking`. */
  statusChangeWithTracking: StatusChangeWithTracking;
  /** One rule per event, and one per status slug (custom statuses included). */
  rules: { events: Record<string, TemplateRule>; status: Record<string, TemplateRule> };
}

/** One saved version of a shop's template settings. */
export interface TemplateVersion {
  /** The shop. */
  shopId: string;
  /** 1, 2, 3... per shop. */
  version: number;
  /** Who saved it. */
  user: string;
  /** When. */
  at: Date;
  /** The full settings of this version. */
  settings: TemplateSettings;
}

/** A version to save: written only when the shop's latest version is `baseVersion` (0: none yet). */
export interface NewTemplateVersion {
  /** The shop. */
  shopId: string;
  /** The version the settings were edited from. */
  baseVersion: number;
  /** Who saves. */
  user: string;
  /** When. */
  at: Date;
  /** The full settings. */
  settings: TemplateSettings;
  /** Written in the same transaction. */
  audit: NewAuditEntry;
}

/** Counts, segments and credits of one day (or span) and one status, as the overview query returns them. */
export interface OverviewBucket {
  /** Index of the span in {@link OverviewQuery.boundaries} (span i runs from boundary i to boundary i + 1). */
  span: number;
  /** The status. */
  status: MessageStatus;
  /** Messages. */
  count: number;
  /** Segments of those messages. */
  segments: number;
  /** Credits of those messages, when known. */
  credits?: number;
}

/** What the overview reads. */
export interface OverviewQuery {
  /** One shop, or every shop. */
  shopId?: string;
  /** Increasing instants; messages created in [first, last) are counted per span. */
  boundaries: readonly Date[];
}

/** The raw figures of the overview, from one store. */
export interface OverviewRows {
  /** One entry per span and status that has messages. */
  buckets: OverviewBucket[];
  /** Messages `failed`, `dead` and `unknown`, all time. */
  attention: { failed: number; dead: number; unknown: number };
  /** Messages `queued` now, the oldest one's acceptance and the latest send. */
  dispatcher: { queued: number; oldestQueuedAt?: Date; lastSentAt?: Date };
}

/** A webhook topic's last delivery. */
export interface WebhookDelivery {
  /** The topic (`order.created`, `order.updated`...). */
  topic: string;
  /** When it last arrived. */
  at: Date;
}

/** A stored admin session: the id itself is never stored, only its SHA-256. */
export interface AdminSessionRecord {
  /** SHA-256 of the session id, hex. */
  idHash: string;
  /** The signed-in user's name. */
  user: string;
  /** The CSRF token state-changing requests must carry. */
  csrfToken: string;
  /** When it was created. */
  createdAt: Date;
  /** When it ends. */
  expiresAt: Date;
}

/** A client's sign-in attempts in its current window (see {@link AdminStore.countSignInAttempt}). */
export interface SignInWindow {
  /** Attempts counted in the window, the one just counted included. */
  attempts: number;
  /** When the window started: its first attempt. */
  startedAt: Date;
}

/** A shop's recent order, kept (normalised, without the customer's phone and e-mail) for previews. */
export interface RecentOrder {
  /** The shop. */
  shopId: string;
  /** When the event was accepted. */
  at: Date;
  /** The order as the engine read it (at most {@link RECENT_ORDER_ITEMS} lines). */
  order: OrderInfo;
  /** The customer's id and names. */
  customer: Pick<CustomerInfo, 'id' | 'firstName' | 'lastName'>;
}

/** Order lines kept of a {@link RecentOrder}. */
export const RECENT_ORDER_ITEMS = 20;

/**
 * Storage of the admin console: attempts, the log's queries, operator actions with their audit, template
 * versions, overview figures, webhook statistics, sessions and recent orders. Both shipped stores implement
 * it (`store.admin`) and pass the same test suite on SQLite and PostgreSQL.
 */
export interface AdminStore {
  /** The attempts of a message, oldest first. */
  listAttempts(messageId: string): Promise<MessageAttempt[]>;
  /** A page of the message log, newest first, by keyset pagination. */
  queryMessages(query: MessageQuery): Promise<MessagePage>;
  /**
   * Changes one message if it is in one of `from`, and writes the audit entry, in one transaction.
   * @returns the message as changed, or undefined when it was not in one of `from` (nothing written)
   */
  changeMessage(change: AuditedChange): Promise<OutboxMessage | undefined>;
  /** Inserts messages as {@link OutboxStore.enqueue} does and writes the audit entry, in one transaction. */
  enqueueAudited(messages: readonly NewOutboxMessage[], audit: NewAuditEntry): Promise<EnqueueResult>;
  /** A page of the opt-out list (local and mirrored), newest first, by keyset pagination. */
  queryOptOuts(query: OptOutQuery): Promise<OptOutPage>;
  /**
   * Adds or removes opt-outs and writes the audit entry, when there is one and anything changed, in one
   * transaction.
   * @returns how many numbers were added (not listed by the source before) or removed
   */
  changeOptOuts(change: OptOutChange): Promise<number>;
  /** A page of the audit log, newest first. */
  listAudit(query: AuditQuery): Promise<AuditPage>;
  /**
   * Saves a version of a shop's template settings (numbered `baseVersion + 1`) with its audit entry, in one
   * transaction, when `baseVersion` is still the latest.
   * @returns the new version's number, or undefined when another version was saved meanwhile
   */
  saveTemplateVersion(version: NewTemplateVersion): Promise<number | undefined>;
  /** One version of a shop's settings; undefined when it does not exist. */
  getTemplateVersion(shopId: string, version: number): Promise<TemplateVersion | undefined>;
  /** Every version of a shop's settings, newest first. */
  listTemplateVersions(shopId: string): Promise<TemplateVersion[]>;
  /** The latest version number of every shop that has one: one small query, for a cheap change check. */
  latestTemplateVersions(): Promise<Map<string, number>>;
  /** Counts per span and status, attention counts and the dispatcher's health, by index. */
  overview(query: OverviewQuery): Promise<OverviewRows>;
  /** Records the last delivery of webhook topics (a later `at` wins). */
  recordWebhookDeliveries(deliveries: readonly (WebhookDelivery & { shopId: string })[]): Promise<void>;
  /** Adds signature failures to their hour's count. */
  addSignatureFailures(failures: readonly { shopId: string; at: Date; count: number }[]): Promise<void>;
  /** A shop's last delivery per topic, and its signature failures since `since` (counted per hour). */
  webhookStats(
    shopId: string,
    since: Date,
  ): Promise<{ lastDeliveries: WebhookDelivery[]; signatureFailures: number }>;
  /** Stores a session. */
  createSession(session: AdminSessionRecord): Promise<void>;
  /** A session by the hash of its id, when it exists and has not expired at `now`. */
  getSession(idHash: string, now: Date): Promise<AdminSessionRecord | undefined>;
  /** Deletes a session. */
  deleteSession(idHash: string): Promise<void>;
  /** Deletes the sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
  /**
   * Counts one sign-in attempt of a client, in one atomic statement that every instance sharing the store sees:
   * a window that started after `now - windowMs` gains an attempt, an older one (or none) starts again at `now`
   * with this one.
   * @param clientHash - the SHA-256 of the client's address (addresses themselves are not stored)
   * @returns the window after counting
   */
  countSignInAttempt(clientHash: string, now: Date, windowMs: number): Promise<SignInWindow>;
  /**
   * Counts one attempt of a client only in a window still open at `now` (started after `now - windowMs`), in one
   * atomic statement as {@link AdminStore.countSignInAttempt}; a client without one is left as it is, and nothing
   * is written. For credentials that only count when the client has failed lately (a right bearer token).
   * @param clientHash - the SHA-256 of the client's address
   * @returns the window after counting, or undefined when the client has no open window
   */
  countSignInAttemptInWindow(
    clientHash: string,
    now: Date,
    windowMs: number,
  ): Promise<SignInWindow | undefined>;
  /** Forgets a client's attempts (after a successful sign-in). */
  clearSignInAttempts(clientHash: string): Promise<void>;
  /** Deletes the windows that started at or before `before`; returns how many. */
  deleteStaleSignInAttempts(before: Date): Promise<number>;
  /** Keeps a shop's recent orders: adds these, then keeps the newest `keep` of each shop. */
  saveRecentOrders(orders: readonly RecentOrder[], keep: number): Promise<void>;
  /** A shop's recent orders, newest first. */
  recentOrders(shopId: string, limit: number): Promise<RecentOrder[]>;
}
