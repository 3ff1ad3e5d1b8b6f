import {
  type DeliveryReport,
  type DeliveryStatus,
  MessagingError,
  type SmsProviderV1,
  ValidationError,
} from '@x/messaging-core';
import { calculate, toGsm } from '@x/sms-segments';
import { ConfigError } from './config-error';
import {
  type Dispatcher,
  DispatcherLoop,
  type DispatcherOptions,
  logOptedOut,
  ProviderLimiters,
  SentRecorder,
  sendClaimedMessage,
} from './dispatcher';
import type { EngineContext, EngineLogger } from './engine-context';
import { type CommittedUnit, type GroupCommitOptions, GroupCommitter } from './group-commit';
import { measure, renderMessage } from './message-text';
import { type NotificationConfig, type ShopConfig, toValidationIssues } from './notification-config';
import { type CustomerInfo, type OrderEvent, type OrderInfo, orderEventSchema } from './order-event';
import type {
  AcceptUnit,
  MessageFilter,
  MessageGuard,
  MessagePatch,
  MessageStatus,
  NewOutboxMessage,
  OptOut,
  OrderStateRecord,
  OutboxMessage,
  OutboxStore,
  RecipientRole,
} from './outbox-store';
import { fingerprint, maskPhone, normalizeRecipient } from './phone-number';
import { pairStatusWithShipment, planNotifications } from './plan-notifications';
import {
  findUnknownVariables,
  previewTemplateInput,
  renderTemplate,
  templateInputOf,
  templateValues,
} from './template';

/** Options of {@link createNotificationEngine}. */
export interface NotificationEngineOptions {
  /** The outbox: {@link createSqliteStore} or {@link createPostgresStore}. The engine closes it on `close()`. */
  store: OutboxStore;
  /** The resolved configuration ({@link parseNotificationConfig}). */
  config: NotificationConfig;
  /** Providers by the key shops name in `provider`. */
  providers: Record<string, SmsProviderV1>;
  /** Where to log; silent when absent. */
  logger?: EngineLogger;
  /** The clock (tests). */
  now?: () => Date;
  /** Attempts before a retryable failure becomes `dead` (default 5). */
  maxAttempts?: number;
  /** Backoff between attempts: first delay and cap, in milliseconds (default 2 s and 5 min). */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** Time limit of one send call, in milliseconds (default 30 s). */
  sendTimeoutMs?: number;
  /**
   * How long an `unknown` message waits before the provider's reports are trusted to say it never arrived
   * (then it is sent again, with the same reference), in milliseconds (default 10 minutes).
   */
  reconcileAfterMs?: number;
  /** How far back `sent` messages are polled for delivery reports, in milliseconds (default 72 hours). */
  reportWindowMs?: number;
  /**
   * Group commit of concurrent accepts (on by default): accepts that arrive in the same turn of the event loop
   * are written in one transaction, and each resolves after that commit. `false` writes each accept alone.
   */
  groupCommit?: GroupCommitOptions | false;
}

/** Options of {@link NotificationEngine.accept} and {@link NotificationEngine.acceptAll}. */
export interface AcceptOptions {
  /**
   * Compare-and-record the order's state in the same transaction as the messages:
   * - `order.created` and `order.status_changed` store the order's status (`status.to`, else `order.status`);
   *   a status change to the status already stored queues nothing (counted in `unchanged`), and one without
   *   `status.from` gets the stored status as its previous status;
   * - `order.shipment_added` stores the tracking number; the number already stored queues nothing.
   * Either the status and the messages are both stored, or neither is: a failed accept leaves the platform's
   * retry to find the change again.
   */
  recordStatus?: boolean;
}

/** A notification that was deliberately not queued. */
export interface SkippedNotification {
  /** The recipient, masked, when there was one. */
  recipient?: string;
  /** Customer or admin. */
  role: RecipientRole;
  /** Why: `opted-out`, `invalid-phone-number:<reason>`, `no-phone`, `rule-disabled`, `not-a-new-order-status`... */
  reason: string;
}

/** What {@link NotificationEngine.accept} did. */
export interface AcceptResult {
  /** Messages queued for sending (recipients masked). */
  queued: OutboxMessage[];
  /** Messages already in the outbox from an earlier delivery of the same notification. */
  duplicates: number;
  /** Notifications not sent, with the reason (recorded in the outbox when they had a recipient). */
  skipped: SkippedNotification[];
  /**
   * Events that queued nothing because, with `recordStatus`, the status or tracking number they carry was
   * already the stored one.
   */
  unchanged: number;
}

/** What {@link NotificationEngine.preview} shows. */
export interface Preview {
  /** The text as it would be sent (after the shop's transliteration). */
  text: string;
  /** The message type it would use. */
  type: 'normal' | 'turkish' | 'unicode';
  /** Segments (SMS) it takes. */
  segments: number;
  /** Payload length in the type's units (septets or UTF-16 units). */
  units: number;
  /** Segments × the shop's `pricePerSegment`, when set. */
  cost?: number;
  /** The text with Turkish letters replaced, when that changes it, and the segments it saves. */
  transliterated?: { text: string; segments: number; saving: number };
}

/** The message log, for the apps' screens. Recipients and texts are personal data: show them with care. */
export interface MessageLog {
  /** Messages, newest first (default 100, at most 1000 per call). */
  list(filter: MessageFilter): Promise<OutboxMessage[]>;
  /** Messages per status. */
  counts(filter: MessageFilter): Promise<Record<MessageStatus, number>>;
  /** Segments and known credits of sent and delivered messages. */
  costTotals(filter: MessageFilter): Promise<{ segments: number; credits?: number }>;
}

/** The local opt-out list (and the provider blacklists mirrored into it). */
export interface OptOutList {
  /** Adds numbers (any notation); returns how many were usable. */
  add(phones: readonly string[]): Promise<number>;
  /** Removes numbers from the local list. */
  remove(phones: readonly string[]): Promise<void>;
  /** Every opt-out, local and mirrored. */
  list(): Promise<OptOut[]>;
  /** Mirrors each provider's blacklist (providers with `blacklist`); returns the numbers mirrored. */
  syncProviderBlacklists(): Promise<number>;
}

/** The engine behind the shop apps: order events in, SMS out, exactly once per notification. */
export interface NotificationEngine {
  /**
   * Turns an event into outbox messages with ONE durable write; never calls a provider. Delivering the same
   * event twice (or by two hooks, or two app instances) queues each notification once.
   *
   * Concurrent accepts share one transaction (group commit); the promise resolves once the event's messages
   * (and, with `recordStatus`, the order's status) are committed.
   *
   * @throws {@link ValidationError} for a malformed event, {@link ConfigError} for an unknown shop
   */
  accept(event: OrderEvent, options?: AcceptOptions): Promise<AcceptResult>;
  /**
   * Accepts the events of one webhook atomically: every message and recorded status of all of them is
   * committed together, or none is. Events are validated before anything is written.
   *
   * @throws {@link ValidationError} for a malformed event, {@link ConfigError} for an unknown shop
   */
  acceptAll(events: readonly OrderEvent[], options?: AcceptOptions): Promise<AcceptResult>;
  /** Stores an order's status atomically; returns the previous one (undefined the first time seen). */
  recordOrderStatus(shopId: string, orderId: string, status: string): Promise<string | undefined>;
  /** Starts the worker loop that sends queued messages. */
  startDispatcher(options?: DispatcherOptions): Dispatcher;
  /** One pass: releases lost claims, then sends every due message (up to `limit`, default 1000); returns how many. */
  dispatchOnce(options?: { limit?: number; concurrency?: number }): Promise<number>;
  /** Reconciles `unknown` messages and polls reports of `sent` ones; returns how many messages changed. */
  syncDeliveryReports(): Promise<number>;
  /** Applies reports pushed by a provider (webhook); returns how many messages changed. */
  applyDeliveryReports(providerId: string, reports: readonly DeliveryReport[]): Promise<number>;
  /**
   * Decides an `unknown` message a provider cannot reconcile: `resend` queues it again, `sent` and `failed`
   * record what the operator found out. Returns false when the message is not `unknown`.
   */
  resolveUnknown(messageId: string, outcome: 'resend' | 'sent' | 'failed'): Promise<boolean>;
  /**
   * Renders a template for an order (a built-in sample order and customer when none is given) and measures it.
   * @throws {@link ConfigError} on unknown variables
   */
  preview(input: {
    shopId: string;
    template: string;
    order?: Partial<OrderInfo>;
    customer?: CustomerInfo;
  }): Preview;
  /** Message log queries. */
  messages: MessageLog;
  /** The opt-out list. */
  optOuts: OptOutList;
  /** Stops every dispatcher (finishing sends in flight) and closes the store. */
  close(): Promise<void>;
}

/** The key suffix under which an order's last tracking number is recorded next to its status. */
const TRACKING_KEY_SUFFIX = '#tracking';

let lastIdTime = 0;
let idSequence = 0;
/** Random words drawn 512 at a time: one call into the system's generator per 256 ids instead of one per id. */
const randomPool = new Uint32Array(512);
let randomIndex = randomPool.length;

function randomWord(): number {
  if (randomIndex === randomPool.length) {
    globalThis.crypto.getRandomValues(randomPool);
    randomIndex = 0;
  }
  return randomPool[randomIndex++]!;
}

/**
 * A 32-hex-character id that sorts by creation time: 12 digits of milliseconds, 4 of a sequence within the
 * millisecond, 16 random. Time order keeps index inserts at the end of the b-tree (cheaper commits), and the
 * random part keeps ids of different processes apart.
 */
function newId(): string {
  const now = Date.now();
  if (now === lastIdTime) idSequence = (idSequence + 1) & 0xffff;
  else {
    lastIdTime = now;
    idSequence = 0;
  }
  return (
    now.toString(16).padStart(12, '0') +
    idSequence.toString(16).padStart(4, '0') +
    randomWord().toString(16).padStart(8, '0') +
    randomWord().toString(16).padStart(8, '0')
  );
}

function shopOf(config: NotificationConfig, shopId: string): ShopConfig {
  const shop = config.shops[shopId];
  if (shop === undefined) {
    throw new ConfigError({
      issues: [{ path: ['shops', shopId], message: 'unknown shop', code: 'unknown_shop' }],
    });
  }
  return shop;
}

/**
 * What a delivery report moves a message to, and from which statuses. A report may overtake the answer of the
 * send itself (a fast webhook), so `sending` is accepted too; a late `sent` never undoes `delivered`.
 */
const REPORT_TARGET: Record<DeliveryStatus, { status: MessageStatus; from: readonly MessageStatus[] }> = {
  queued: { status: 'sent', from: ['queued', 'sending', 'unknown'] },
  sent: { status: 'sent', from: ['queued', 'sending', 'unknown'] },
  delivered: { status: 'delivered', from: ['queued', 'sending', 'sent', 'unknown', 'failed'] },
  undelivered: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  failed: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  rejected: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
  expired: { status: 'failed', from: ['sending', 'sent', 'unknown'] },
};

function chunk<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Creates the engine: rules and templates turn events into outbox messages; a dispatcher sends them with
 * bounded concurrency, per-provider rate limits and retries; reports and reconciliation settle the outcome.
 *
 * @param options - store, configuration, providers and tuning
 * @throws {@link ConfigError} when a shop names a provider that is not in `providers`
 * @example
 * ```ts
 * const engine = createNotificationEngine({
 *   store: await createSqliteStore(),
 *   config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'organik' } } }),
 *   providers: { organik: createOrganik() },
 * });
 * await engine.accept(event);
 * const dispatcher = engine.startDispatcher({ concurrency: 4, ratePerSecond: 20 });
 * ```
 */
export function createNotificationEngine(options: NotificationEngineOptions): NotificationEngine {
  const issues = Object.entries(options.config.shops)
    .filter(([, shop]) => options.providers[shop.provider] === undefined)
    .map(([shopId, shop]) => ({
      path: ['shops', shopId, 'provider'],
      message: `no provider "${shop.provider}" was given to the engine`,
      code: 'unknown_provider',
    }));
  if (issues.length > 0) throw new ConfigError({ issues });

  const context: EngineContext = {
    store: options.store,
    config: options.config,
    providers: options.providers,
    logger: options.logger ?? {},
    now: options.now ?? (() => new Date()),
    maxAttempts: Math.max(1, Math.trunc(options.maxAttempts ?? 5)),
    retryDelay: {
      initialMs: options.retryDelay?.initialMs ?? 2000,
      maxMs: options.retryDelay?.maxMs ?? 300_000,
    },
    sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
    reconcileAfterMs: options.reconcileAfterMs ?? 600_000,
    reportWindowMs: options.reportWindowMs ?? 72 * 3_600_000,
  };
  const { store, logger } = context;
  const instanceId = newId().slice(0, 12);
  const dispatchers = new Set<DispatcherLoop>();
  let passes = 0;

  const committer =
    options.groupCommit === false ? undefined : new GroupCommitter(store, options.groupCommit ?? {});

  async function commit(unit: AcceptUnit): Promise<CommittedUnit> {
    if (committer !== undefined) return committer.submit(unit);
    const [outcome] = await store.acceptBatch([unit]);
    if (outcome === undefined) throw new Error('The store returned no outcome for an accept');
    if (!outcome.ok) throw outcome.error;
    return { previous: outcome.previous, result: outcome.result };
  }

  function validate(event: OrderEvent): OrderEvent {
    const parsed = orderEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new ValidationError({
        message: `Invalid order event: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ')}`,
        issues: toValidationIssues(parsed.error),
        target: 'event',
      });
    }
    shopOf(context.config, event.shopId);
    return parsed.data;
  }

  /** Renders the messages one event asks for (pure: no store access). */
  function buildRows(event: OrderEvent): { rows: NewOutboxMessage[]; skipped: SkippedNotification[] } {
    const shop = shopOf(context.config, event.shopId);
    const plan = planNotifications(event, shop);
    const skipped: SkippedNotification[] = plan.skipped.map((skip) => ({
      role: skip.role,
      reason: skip.reason,
    }));
    const values = templateValues(templateInputOf(event), {
      name: shop.name,
      statusLabels: shop.statusLabels,
      timeZone: shop.timeZone,
    });
    const maxSegments = context.providers[shop.provider]?.capabilities.maxSegments ?? 7;
    const createdAt = context.now();
    const rows: NewOutboxMessage[] = [];
    const keys = new Set<string>();
    for (const planned of plan.messages) {
      const phone = planned.phone?.trim() ?? '';
      const checked =
        phone === ''
          ? ({ ok: false, reason: 'no-phone' } as const)
          : normalizeRecipient(phone, shop.defaultCountry);
      const e164 = checked.ok ? checked.e164 : 'e164' in checked ? checked.e164 : undefined;
      const recipientKey = e164 ?? (phone === '' ? 'none' : `invalid:${fingerprint(phone)}`);
      const dedupeKey = [event.shopId, plan.subject, planned.key, planned.role, recipientKey].join('|');
      if (keys.has(dedupeKey)) continue;
      keys.add(dedupeKey);
      const measured = renderMessage(planned.template, values, event.order?.items ?? [], shop, maxSegments);
      let status: 'queued' | 'skipped' = 'queued';
      let reason: string | undefined;
      if (!checked.ok) {
        status = 'skipped';
        reason = checked.reason === 'no-phone' ? 'no-phone' : `invalid-phone-number:${checked.reason}`;
      } else if (measured.text.trim() === '') {
        status = 'skipped';
        reason = 'empty-text';
      } else if (!measured.result.fits) {
        status = 'skipped';
        reason = 'message-too-long';
      }
      const row: NewOutboxMessage = {
        id: newId(),
        dedupeKey,
        shopId: event.shopId,
        eventType: event.type,
        role: planned.role,
        recipient: e164 ?? (phone === '' ? '' : maskPhone(phone)),
        text: measured.text,
        providerId: shop.provider,
        messageType: measured.messageType,
        segments: measured.result.segments ?? 0,
        status,
        createdAt,
      };
      if (event.order !== undefined) row.orderId = event.order.id;
      if (shop.sender !== undefined) row.sender = shop.sender;
      if (reason !== undefined) row.reason = reason;
      rows.push(row);
    }
    return { rows, skipped };
  }

  /** The state an event records with `recordStatus`, and whether an equal stored value makes it a no-op. */
  function stateRecordOf(
    event: OrderEvent,
  ): { record: OrderStateRecord; skipWhenEqual: boolean } | undefined {
    if (event.order === undefined) return undefined;
    if (event.type === 'order.created') {
      return {
        record: { shopId: event.shopId, key: event.order.id, value: event.order.status },
        skipWhenEqual: false,
      };
    }
    if (event.type === 'order.status_changed') {
      return {
        record: { shopId: event.shopId, key: event.order.id, value: event.status?.to ?? event.order.status },
        skipWhenEqual: true,
      };
    }
    if (event.type === 'order.shipment_added' && event.shipment !== undefined) {
      return {
        record: {
          shopId: event.shopId,
          key: `${event.order.id}${TRACKING_KEY_SUFFIX}`,
          value: event.shipment.trackingNumber,
        },
        skipWhenEqual: true,
      };
    }
    return undefined;
  }

  async function acceptAll(
    received: readonly OrderEvent[],
    acceptOptions: AcceptOptions = {},
  ): Promise<AcceptResult> {
    // Everything that can be refused is refused before the events join a batch; the parsed events carry the
    // normalised text, and only they are used from here on.
    const events = received.map(validate);
    const records: OrderStateRecord[] = [];
    const steps = events.map((event) => {
      const state = acceptOptions.recordStatus ? stateRecordOf(event) : undefined;
      if (state !== undefined) records.push(state.record);
      const dependsOnPrevious =
        state?.skipWhenEqual === true && !(event.type === 'order.status_changed' && event.status?.from);
      return {
        event,
        state,
        recordIndex: state === undefined ? -1 : records.length - 1,
        built: dependsOnPrevious ? undefined : buildRows(event),
      };
    });
    let planned: { rows: NewOutboxMessage[]; skipped: SkippedNotification[] }[] = [];
    let unchanged = 0;
    const unit: AcceptUnit = {
      records,
      plan(previous) {
        unchanged = 0;
        const due = (step: (typeof steps)[number]) =>
          !(step.state?.skipWhenEqual === true && previous[step.recordIndex] === step.state.record.value);
        // A shipment that comes with a status change may be told in the status message (statusChangeWithTracking).
        const pairs = pairStatusWithShipment(
          steps.map((step) => (due(step) ? step.event : undefined)),
          context.config,
        );
        const folded = new Set(pairs.values());
        planned = steps.map((step, index) => {
          if (folded.has(index)) return { rows: [], skipped: [] };
          const shipment = steps[pairs.get(index) ?? -1]?.event.shipment;
          if (step.state === undefined && shipment === undefined) return step.built!;
          if (!due(step)) {
            unchanged++;
            return { rows: [], skipped: [] };
          }
          if (step.built !== undefined && shipment === undefined) return step.built;
          const before = step.state === undefined ? undefined : previous[step.recordIndex];
          let event = shipment === undefined ? step.event : { ...step.event, shipment };
          if (step.built === undefined && event.type === 'order.status_changed' && event.status && before) {
            event = { ...event, status: { ...event.status, from: before } };
          }
          return buildRows(event);
        });
        return planned.flatMap((part) => part.rows);
      },
    };
    const { result } = await commit(unit);
    const skipped = planned.flatMap((part) => part.skipped);
    const queued: OutboxMessage[] = [];
    for (const message of result.inserted) {
      const masked = message.recipient === '' ? '' : maskPhone(message.recipient);
      if (message.status === 'queued') queued.push({ ...message, recipient: masked });
      else {
        const skip: SkippedNotification = { role: message.role, reason: message.reason ?? 'skipped' };
        if (masked !== '') skip.recipient = masked;
        skipped.push(skip);
      }
    }
    if (logger.debug !== undefined) {
      logger.debug(
        {
          shopId: events[0]?.shopId,
          eventTypes: events.map((event) => event.type),
          orderId: events[0]?.order?.id,
          queued: queued.length,
          duplicates: result.duplicates,
          skipped: skipped.length,
          unchanged,
        },
        'events accepted',
      );
    }
    return { queued, duplicates: result.duplicates, skipped, unchanged };
  }

  async function releaseExpired(): Promise<void> {
    const released = await store.releaseExpired(context.now());
    if (released > 0) {
      logger.warn?.({ released }, 'claims expired with their worker; those messages are now unknown');
    }
  }

  async function updateFromReport(message: OutboxMessage, report: DeliveryReport): Promise<boolean> {
    const target = REPORT_TARGET[report.status];
    if (target === undefined || target.status === message.status) return false;
    const patch: MessagePatch = {
      status: target.status,
      reason: `report:${report.status}`,
      updatedAt: context.now(),
    };
    if (target.status === 'delivered') patch.deliveredAt = report.at ?? context.now();
    if (message.sentAt === undefined) patch.sentAt = report.at ?? context.now();
    if (report.providerMessageId !== undefined) patch.providerMessageId = report.providerMessageId;
    if (report.providerBatchId !== undefined) patch.providerBatchId = report.providerBatchId;
    if (report.segments !== undefined) patch.segments = report.segments;
    const guard: MessageGuard = { status: target.from };
    return store.update(message.id, patch, guard);
  }

  async function reconcileUnknown(): Promise<number> {
    const unknown = await store.list({ status: 'unknown', limit: 1000 });
    let changed = 0;
    const byProvider = new Map<string, OutboxMessage[]>();
    for (const message of unknown) {
      const group = byProvider.get(message.providerId);
      if (group === undefined) byProvider.set(message.providerId, [message]);
      else group.push(message);
    }
    for (const [providerId, messages] of byProvider) {
      const provider = context.providers[providerId];
      if (provider?.getDeliveryReports === undefined || !provider.capabilities.references) continue;
      for (const part of chunk(messages, 100)) {
        let reports: DeliveryReport[];
        try {
          reports = await provider.getDeliveryReports(
            { references: part.map((message) => message.id) },
            { timeoutMs: context.sendTimeoutMs },
          );
        } catch (error) {
          logger.warn?.(
            { providerId, error: MessagingError.isInstance(error) ? error.toJSON() : String(error) },
            'could not reconcile unknown messages',
          );
          continue;
        }
        const byReference = new Map(
          reports.filter((report) => report.reference).map((r) => [r.reference!, r]),
        );
        const now = context.now();
        for (const message of part) {
          const report = byReference.get(message.id);
          if (report !== undefined) {
            if (await updateFromReport(message, report)) changed++;
            continue;
          }
          if (now.getTime() - message.updatedAt.getTime() < context.reconcileAfterMs) continue;
          const exhausted = message.attempts >= context.maxAttempts;
          const patch: MessagePatch = exhausted
            ? { status: 'dead', reason: 'retries-exhausted', updatedAt: now }
            : { status: 'queued', nextAttemptAt: now, reason: 'reconciled-not-received', updatedAt: now };
          if (await store.update(message.id, patch, { status: ['unknown'] })) {
            changed++;
            logger.info?.(
              { messageId: message.id, providerId, status: patch.status },
              'unknown message not found at the provider',
            );
          }
        }
      }
    }
    return changed;
  }

  async function pollSent(): Promise<number> {
    let changed = 0;
    const since = new Date(context.now().getTime() - context.reportWindowMs);
    for (const [providerId, provider] of Object.entries(context.providers)) {
      if (provider.getDeliveryReports === undefined) continue;
      const sent = await store.list({ providerId, status: 'sent', since, limit: 1000 });
      const withId = sent.filter((message) => message.providerMessageId !== undefined);
      const byReference = provider.capabilities.references
        ? sent.filter((message) => message.providerMessageId === undefined)
        : [];
      const queries = [
        ...chunk(withId, 100).map((part) => ({
          part,
          query: { providerMessageIds: part.map((message) => message.providerMessageId!) },
        })),
        ...chunk(byReference, 100).map((part) => ({
          part,
          query: { references: part.map((message) => message.id) },
        })),
      ];
      for (const { query } of queries) {
        try {
          const reports = await provider.getDeliveryReports(query, { timeoutMs: context.sendTimeoutMs });
          changed += await applyDeliveryReports(providerId, reports);
        } catch (error) {
          logger.warn?.(
            { providerId, error: MessagingError.isInstance(error) ? error.toJSON() : String(error) },
            'could not poll delivery reports',
          );
        }
      }
    }
    return changed;
  }

  async function applyDeliveryReports(
    providerId: string,
    reports: readonly DeliveryReport[],
  ): Promise<number> {
    if (reports.length === 0) return 0;
    const ids = reports
      .map((report) => report.providerMessageId)
      .filter((id): id is string => id !== undefined);
    const references = reports
      .map((report) => report.reference)
      .filter((id): id is string => id !== undefined);
    const [byProviderId, byReference] = await Promise.all([
      ids.length > 0 ? store.findByProviderMessageIds(providerId, ids) : [],
      references.length > 0 ? store.get(references) : [],
    ]);
    const providerIndex = new Map(byProviderId.map((message) => [message.providerMessageId!, message]));
    const referenceIndex = new Map(
      byReference
        .filter((message) => message.providerId === providerId)
        .map((message) => [message.id, message]),
    );
    let changed = 0;
    for (const report of reports) {
      const message =
        (report.providerMessageId === undefined ? undefined : providerIndex.get(report.providerMessageId)) ??
        (report.reference === undefined ? undefined : referenceIndex.get(report.reference));
      if (message === undefined) continue;
      if (await updateFromReport(message, report)) changed++;
    }
    return changed;
  }

  async function dispatchOnce(passOptions: { limit?: number; concurrency?: number } = {}): Promise<number> {
    await store.releaseExpired(context.now());
    const limit = Math.max(1, Math.trunc(passOptions.limit ?? 1000));
    const concurrency = Math.max(1, Math.trunc(passOptions.concurrency ?? 4));
    const workerId = `${instanceId}-once-${++passes}`;
    const limiters = new ProviderLimiters(Number.POSITIVE_INFINITY);
    const recorder = new SentRecorder(store);
    let handled = 0;
    while (handled < limit) {
      const claimed = await store.claim({
        now: context.now(),
        limit: Math.min(limit - handled, 100),
        leaseMs: 5 * 60_000,
        workerId,
      });
      if (claimed.length === 0) break;
      let next = 0;
      const worker = async () => {
        while (next < claimed.length) {
          const message = claimed[next++]!;
          if (message.status === 'skipped') logOptedOut(context, message);
          else
            await sendClaimedMessage(context, message, {
              workerId,
              limiters,
              maxAttempts: context.maxAttempts,
              recorder,
            });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
      handled += claimed.length;
    }
    return handled;
  }

  function preview(input: {
    shopId: string;
    template: string;
    order?: Partial<OrderInfo>;
    customer?: CustomerInfo;
  }): Preview {
    const shop = shopOf(context.config, input.shopId);
    const unknown = findUnknownVariables(input.template);
    if (unknown.length > 0) {
      throw new ConfigError({
        issues: unknown.map((name) => ({
          path: ['template'],
          message: `unknown variable {${name}}`,
          code: 'unknown_variable',
        })),
      });
    }
    const values = templateValues(previewTemplateInput(input, context.now()), {
      name: shop.name,
      statusLabels: shop.statusLabels,
      timeZone: shop.timeZone,
    });
    const rendered = renderTemplate(input.template, values);
    const measured = measure(rendered, shop, context.providers[shop.provider]?.capabilities.maxSegments ?? 7);
    const result = measured.result;
    const preview: Preview = {
      text: measured.text,
      type: result.type,
      segments: result.segments ?? 0,
      units: result.units ?? 0,
    };
    if (shop.pricePerSegment !== undefined) {
      preview.cost = Number(((result.segments ?? 0) * shop.pricePerSegment).toPrecision(12));
    }
    const replaced = toGsm(rendered, { transliterateTurkish: true }).text;
    if (replaced !== rendered) {
      const original = calculate(rendered);
      const transliterated = calculate(replaced);
      preview.transliterated = {
        text: replaced,
        segments: transliterated.segments ?? 0,
        saving: (original.segments ?? 0) - (transliterated.segments ?? 0),
      };
    }
    return preview;
  }

  const optOuts: OptOutList = {
    async add(phones) {
      const usable = phones
        .map((phone) => normalizeRecipient(phone))
        .filter((checked) => checked.ok)
        .map((checked) => checked.e164);
      await store.addOptOuts(usable, 'local');
      return usable.length;
    },
    async remove(phones) {
      const usable = phones
        .map((phone) => normalizeRecipient(phone))
        .filter((checked) => checked.ok)
        .map((checked) => checked.e164);
      await store.removeOptOuts(usable, 'local');
    },
    list: () => store.listOptOuts(),
    async syncProviderBlacklists() {
      let total = 0;
      for (const [providerId, provider] of Object.entries(context.providers)) {
        if (provider.blacklist === undefined) continue;
        const entries = await provider.blacklist.list({ timeoutMs: context.sendTimeoutMs });
        const numbers = entries
          .map((entry) => normalizeRecipient(entry.number))
          .filter((checked) => checked.ok)
          .map((checked) => checked.e164);
        await store.replaceOptOuts(numbers, providerId);
        total += numbers.length;
      }
      return total;
    },
  };

  return {
    accept: (event, acceptOptions) => acceptAll([event], acceptOptions),
    acceptAll,
    recordOrderStatus: (shopId, orderId, status) => store.recordOrderStatus(shopId, orderId, status),
    startDispatcher(dispatcherOptions = {}) {
      const loop: DispatcherLoop = new DispatcherLoop(context, dispatcherOptions, {
        workerId: `${instanceId}-${dispatchers.size + 1}`,
        releaseExpired,
        reconcile: async () => {
          await reconcileUnknown();
        },
        reports: async () => {
          await pollSent();
        },
      });
      dispatchers.add(loop);
      return {
        get running() {
          return loop.running;
        },
        async stop() {
          await loop.stop();
          dispatchers.delete(loop);
        },
      };
    },
    dispatchOnce,
    async syncDeliveryReports() {
      return (await reconcileUnknown()) + (await pollSent());
    },
    applyDeliveryReports,
    async resolveUnknown(messageId, outcome) {
      const now = context.now();
      const patch: MessagePatch =
        outcome === 'resend'
          ? { status: 'queued', nextAttemptAt: now, reason: 'resent-by-operator', updatedAt: now }
          : outcome === 'sent'
            ? { status: 'sent', sentAt: now, reason: 'confirmed-by-operator', updatedAt: now }
            : { status: 'failed', reason: 'failed-by-operator', updatedAt: now };
      return store.update(messageId, patch, { status: ['unknown'] });
    },
    preview,
    messages: {
      list: (filter) => store.list(filter),
      counts: (filter) => store.counts(filter),
      costTotals: (filter) => store.costTotals(filter),
    },
    optOuts,
    async close() {
      await committer?.drain();
      await Promise.all([...dispatchers].map((loop) => loop.stop()));
      dispatchers.clear();
      await store.close();
    },
  };
}
