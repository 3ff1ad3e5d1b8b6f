import type { DeliveryReport, DeliveryReportQuery, SmsProviderV1 } from '@x/messaging-core';
import { type AcceptOptions, type AcceptResult, createAcceptAll } from './accept-events';
import {
  type AdminConsole,
  type AdminConsoleOptions,
  type AdminMessageLog,
  createAdminConsole,
} from './admin-console';
import { ConfigError } from './config-error';
import {
  applyDeliveryReports,
  pollSent,
  reconcileUnknown,
  refreshDeliveryReports,
  resolveUnknown,
} from './delivery-reports';
import {
  type Dispatcher,
  DispatcherLoop,
  type DispatcherOptions,
  type DispatchOnceOptions,
  dispatchOnce,
  type StopOptions,
} from './dispatcher';
import { type EngineContext, type EngineLogger, TIMING_DEFAULTS } from './engine-context';
import { type CommittedUnit, type GroupCommitOptions, GroupCommitter } from './group-commit';
import { createIdGenerator } from './message-id';
import type { NotificationConfig } from './notification-config';
import { createOptOutList, type OptOutList } from './opt-out-list';
import type { OrderEvent } from './order-event';
import type { AcceptUnit, MessageFilter, MessageStatus, OutboxMessage, OutboxStore } from './outbox-store';
import { type Preview, type PreviewInput, previewMessage } from './preview';
import { createDateFormatter } from './template';
import {
  checkVoiceProviders,
  createVoiceEngine,
  type VoiceEngine,
  type VoiceEngineOptions,
} from './voice-engine';

/** Options of {@link createNotificationEngine}. */
export interface NotificationEngineOptions extends AdminConsoleOptions, VoiceEngineOptions {
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
  /** Time limit of one provider call (a send, a report lookup), in milliseconds (default 10 s). */
  sendTimeoutMs?: number;
  /**
   * How long a claim on a message holds, in milliseconds (default 30 s; a dispatcher's own `leaseMs` wins).
   * A message still `sending` after this is taken as lost with its worker (a crash) and becomes `unknown`; keep
   * it at least twice `sendTimeoutMs`.
   */
  leaseMs?: number;
  /**
   * How long an `unknown` message waits, from the start of its last attempt, before the provider's reports are
   * trusted to say it never arrived (then it is sent again, with the same reference), in milliseconds
   * (default 60 s). See {@link TIMING_DEFAULTS} for the trade-offs.
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

/**
 * The message log, for the apps' screens and the admin console. Recipients and texts are personal data: show
 * them with care ({@link toAdminMessage} masks the recipient).
 */
export interface MessageLog extends AdminMessageLog {
  /** Messages, newest first (default 100, at most 1000 per call). */
  list(filter: MessageFilter): Promise<OutboxMessage[]>;
  /** Messages per status. */
  counts(filter: MessageFilter): Promise<Record<MessageStatus, number>>;
  /** Segments and known credits of sent and delivered messages. */
  costTotals(filter: MessageFilter): Promise<{ segments: number; credits?: number }>;
}

/**
 * The engine behind the shop apps: order events in, SMS out, exactly once per notification; and what the admin
 * console reads and does ({@link AdminConsole}).
 */
export interface NotificationEngine extends Omit<AdminConsole, 'messages'> {
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
  dispatchOnce(options?: DispatchOnceOptions): Promise<number>;
  /** Reconciles `unknown` messages and polls reports of `sent` ones; returns how many messages changed. */
  syncDeliveryReports(): Promise<number>;
  /**
   * Applies reports as given; returns how many messages changed. The reports are trusted: give it only what
   * came from the provider's own API (a push that anyone can forge goes to {@link refreshDeliveryReports}).
   */
  applyDeliveryReports(providerId: string, reports: readonly DeliveryReport[]): Promise<number>;
  /**
   * Asks the provider for the reports of the given messages (at most 100 ids of each kind) and applies its
   * answer; returns how many messages changed. Made for pushed reports, which are not trusted: a push only
   * names which messages to look up, and only the provider's answer changes them. Returns 0 for a provider
   * without reports, and ignores `references` for one that cannot find messages by reference.
   * @throws the provider's error when the lookup fails
   */
  refreshDeliveryReports(providerId: string, query: DeliveryReportQuery): Promise<number>;
  /**
   * Decides an `unknown` message a provider cannot reconcile: `resend` queues it again, `sent` and `failed`
   * record what the operator found out. Returns false when the message is not `unknown`.
   */
  resolveUnknown(messageId: string, outcome: 'resend' | 'sent' | 'failed'): Promise<boolean>;
  /**
   * Renders a template for an order (a built-in sample order and customer when none is given) and measures it as
   * a send would (normalised order, transliteration, `{items}` shortened to fit); unknown variables are listed
   * with their positions. For the shop's latest real order, see {@link AdminConsole.previewTemplate}.
   * @throws {@link ConfigError} for an unknown shop; {@link ValidationError} for a template longer than
   *   `TEMPLATE_TEXT_LIMIT` (2,000) characters, the most a shop's settings take, or a malformed order or customer
   */
  preview(input: PreviewInput): Preview;
  /** Message log queries. */
  messages: MessageLog;
  /** The opt-out list. */
  optOuts: OptOutList;
  /** Cash-on-delivery confirmation calls, call events, write-backs and missed-call follow-ups. */
  voice: VoiceEngine;
  /**
   * Stops every dispatcher (finishing sends in flight, or abandoning them at the deadline: see
   * {@link StopOptions}) and closes the store.
   */
  close(options?: StopOptions): Promise<void>;
}

/** Refuses a configuration whose shops name a provider the engine was not given. */
function checkProviders(options: NotificationEngineOptions): void {
  const issues = Object.entries(options.config.shops)
    .filter(([, shop]) => options.providers[shop.provider] === undefined)
    .map(([shopId, shop]) => ({
      path: ['shops', shopId, 'provider'],
      message: `no provider "${shop.provider}" was given to the engine`,
      code: 'unknown_provider',
    }));
  if (issues.length > 0) throw new ConfigError({ issues });
}

/** The engine's shared parts, with the defaults filled in. */
function contextOf(options: NotificationEngineOptions): EngineContext {
  return {
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
    sendTimeoutMs: options.sendTimeoutMs ?? TIMING_DEFAULTS.sendTimeoutMs,
    leaseMs: options.leaseMs ?? TIMING_DEFAULTS.leaseMs,
    reconcileAfterMs: options.reconcileAfterMs ?? TIMING_DEFAULTS.reconcileAfterMs,
    reportWindowMs: options.reportWindowMs ?? 72 * 3_600_000,
    formatDate: createDateFormatter(),
  };
}

/** Writes one accept unit: through the group committer, or alone. */
function commitWith(
  store: OutboxStore,
  committer: GroupCommitter | undefined,
): (unit: AcceptUnit) => Promise<CommittedUnit> {
  if (committer !== undefined) return (unit) => committer.submit(unit);
  return async (unit) => {
    const [outcome] = await store.acceptBatch([unit]);
    if (outcome === undefined) throw new Error('The store returned no outcome for an accept');
    if (!outcome.ok) throw outcome.error;
    return { previous: outcome.previous, result: outcome.result };
  };
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
  checkProviders(options);
  const context = contextOf(options);
  checkVoiceProviders(context, options);
  // Each shop's date format is created now: the first one of a process loads the locale's data (tens of
  // milliseconds), which would otherwise stall the event loop during the first webhook.
  for (const shop of Object.values(options.config.shops)) context.formatDate(new Date(0), shop.timeZone);
  const { store } = context;
  const newId = createIdGenerator();
  const instanceId = newId().slice(0, 12);
  const dispatchers = new Set<DispatcherLoop>();
  let passes = 0;
  const committer =
    options.groupCommit === false ? undefined : new GroupCommitter(store, options.groupCommit ?? {});
  const admin = createAdminConsole(context, newId, options, () =>
    [...dispatchers].some((loop) => loop.running),
  );
  const acceptEvents = createAcceptAll(context, {
    commit: commitWith(store, committer),
    newId,
    accepted: admin.accepted,
  });
  // Only the first accepts of the engine wait, for the saved template versions' first load.
  const acceptAll: NotificationEngine['acceptAll'] = (events, acceptOptions) => {
    const loading = admin.ready();
    if (loading === undefined) return acceptEvents(events, acceptOptions);
    return loading.then(() => acceptEvents(events, acceptOptions));
  };
  const voice = createVoiceEngine(context, options, { newId, instanceId });

  function startDispatcher(dispatcherOptions: DispatcherOptions = {}): Dispatcher {
    const loop = new DispatcherLoop(context, dispatcherOptions, {
      workerId: `${instanceId}-${dispatchers.size + 1}`,
      reconcile: async (signal) => {
        await reconcileUnknown(context, signal);
      },
      reports: async (signal) => {
        await pollSent(context, signal);
      },
    });
    dispatchers.add(loop);
    return {
      get running() {
        return loop.running;
      },
      async stop(stopOptions) {
        await loop.stop(stopOptions);
        dispatchers.delete(loop);
      },
    };
  }

  return {
    accept: (event, acceptOptions) => acceptAll([event], acceptOptions),
    acceptAll,
    recordOrderStatus: (shopId, orderId, status) => store.recordOrderStatus(shopId, orderId, status),
    startDispatcher,
    dispatchOnce: (passOptions) => dispatchOnce(context, `${instanceId}-once-${++passes}`, passOptions),
    syncDeliveryReports: async () => (await reconcileUnknown(context)) + (await pollSent(context)),
    applyDeliveryReports: (providerId, reports) => applyDeliveryReports(context, providerId, reports),
    refreshDeliveryReports: (providerId, query) => refreshDeliveryReports(context, providerId, query),
    resolveUnknown: (messageId, outcome) => resolveUnknown(context, messageId, outcome),
    preview: (input) => previewMessage(context, input),
    ...admin.console,
    messages: {
      list: (filter) => store.list(filter),
      counts: (filter) => store.counts(filter),
      costTotals: (filter) => store.costTotals(filter),
      ...admin.console.messages,
    },
    optOuts: createOptOutList(context),
    voice,
    async close(closeOptions) {
      await admin.ready();
      await committer?.drain();
      await voice.stop();
      await Promise.all([...dispatchers].map((loop) => loop.stop(closeOptions)));
      dispatchers.clear();
      await admin.close();
      await store.close();
    },
  };
}
