import {
  type AdminSessions,
  createAdminSessions,
  RecentOrders,
  WebhookActivity,
  type WebhookStats,
} from './admin-activity';
import {
  type AdminMessageActions,
  createAdminMessageActions,
  type MessageDetail,
  type Operator,
  type TestMessageInput,
  type TestMessageResult,
} from './admin-messages';
import { type OverviewFigures, type OverviewOptions, readOverview } from './admin-overview';
import type { AuditPage, AuditQuery, MessagePage, MessageQuery } from './admin-store';
import type { EngineContext } from './engine-context';
import type { OutboxMessage } from './outbox-store';
import { type Preview, type PreviewInput, previewMessage } from './preview';
import { type TemplateOverrides, TemplateState } from './template-overrides';

/** Where a preview's order comes from: the built-in sample, or the shop's latest real order. */
export type PreviewSample = 'sample' | 'recent';

/** The message log's queries and the operator's actions, for the admin console. */
export interface AdminMessageLog {
  /** A message with its measure, attempts, operators' actions and explanation; undefined when unknown. */
  get(id: string): Promise<MessageDetail | undefined>;
  /** A page of the log, newest first (keyset pagination: give `nextCursor` back as `cursor`). */
  query(query: MessageQuery): Promise<MessagePage>;
  /**
   * Sends a `failed` or `dead` message again: back to `queued` with the same id, so the provider receives the
   * same reference; its attempts are kept. Two concurrent retries queue it once.
   * @throws {@link AdminActionError} `not_found` or `not_retryable`
   */
  retry(id: string, operator: Operator): Promise<OutboxMessage>;
  /**
   * Cancels a `queued` message (→ `skipped`, reason `cancelled`); a message a dispatcher claimed meanwhile is
   * not cancelled.
   * @throws {@link AdminActionError} `not_found` or `not_cancellable`
   */
  cancel(id: string, operator: Operator): Promise<OutboxMessage>;
  /**
   * Decides an `unknown` message: `resend`, or what the operator found out (`sent`, `failed`).
   * @throws {@link AdminActionError} `not_found` or `not_unknown`
   */
  resolve(id: string, outcome: 'resend' | 'sent' | 'failed', operator: Operator): Promise<OutboxMessage>;
}

/** The admin console's part of the engine. */
export interface AdminConsole {
  /** The log's queries and actions. */
  messages: AdminMessageLog;
  /**
   * Queues a test SMS through the outbox (normalised number, opt-outs respected, measured as a real message,
   * event type `admin.test`); the same text to the same number submitted again within
   * {@link TEST_MESSAGE_WINDOW_MS} is not queued twice.
   * @throws ValidationError for an unusable number, an empty text or one too long; {@link ConfigError} for an
   *   unknown shop
   */
  sendTestMessage(input: TestMessageInput): Promise<TestMessageResult>;
  /** The operators' actions, newest first. */
  audit: { list(query: AuditQuery): Promise<AuditPage> };
  /** Template settings per shop, saved as versions. */
  templates: TemplateOverrides;
  /**
   * {@link NotificationEngine.preview} against the built-in sample (default) or the shop's latest real order
   * (`recent`; the sample when the shop has none yet). `sample` says which one was used.
   */
  previewTemplate(
    input: PreviewInput & { sample?: PreviewSample },
  ): Promise<Preview & { sample: PreviewSample }>;
  /** The overview page's figures. */
  overview(options?: OverviewOptions): Promise<OverviewFigures>;
  /** Notes a webhook delivery of a topic; written in the background, never waited for. */
  recordWebhookDelivery(shopId: string, topic: string, at?: Date): void;
  /** Notes a webhook refused for its signature; written in the background, never waited for. */
  recordSignatureFailure(shopId: string, at?: Date): void;
  /** The setup page's webhook figures of a shop. */
  webhookStats(shopId: string): Promise<WebhookStats>;
  /** Admin sessions, shared by every instance through the store. */
  sessions: AdminSessions;
}

/** Timings of the admin console's state in the engine. */
export interface AdminConsoleOptions {
  /** How often the engine looks for template versions saved by other engines, in milliseconds (default 3000). */
  templateRefreshMs?: number;
  /** The least time between two background writes of webhook statistics or recent orders (default 5000 ms). */
  activityWriteIntervalMs?: number;
}

/** The admin console's parts, and what the engine itself calls. */
export interface AdminConsoleParts {
  /** What the engine publishes. */
  console: AdminConsole;
  /** The templates' first load while it runs (an accept waits for it), else undefined. */
  ready(): Promise<void> | undefined;
  /** Told of every committed accept's events. */
  accepted(events: Parameters<RecentOrders['record']>[0]): void;
  /** Stops the background work and writes what is pending, at close. */
  close(): Promise<void>;
}

/**
 * Builds the engine's admin console over its context.
 * @param context - the engine's shared parts
 * @param newId - the engine's id generator
 * @param options - timings
 * @param running - whether a dispatcher of the engine is running
 */
export function createAdminConsole(
  context: EngineContext,
  newId: () => string,
  options: AdminConsoleOptions,
  running: () => boolean,
): AdminConsoleParts {
  const actions: AdminMessageActions = createAdminMessageActions(context, newId);
  const templates = new TemplateState(context, options.templateRefreshMs ?? 3000);
  templates.start();
  const interval = Math.max(0, options.activityWriteIntervalMs ?? 5000);
  const activity = new WebhookActivity(context, interval);
  const recent = new RecentOrders(context, interval);
  const console: AdminConsole = {
    messages: {
      get: actions.detail,
      query: actions.query,
      retry: actions.retry,
      cancel: actions.cancel,
      resolve: actions.resolve,
    },
    sendTestMessage: actions.sendTest,
    audit: { list: actions.audit },
    templates,
    async previewTemplate(input) {
      await templates.ready();
      const latest = input.sample === 'recent' ? await recent.latest(input.shopId) : undefined;
      if (latest === undefined) return { ...previewMessage(context, input), sample: 'sample' };
      const sampleInput = { ...input, order: latest.order, customer: latest.customer };
      return { ...previewMessage(context, sampleInput), sample: 'recent' };
    },
    overview: (overviewOptions = {}) => readOverview(context, overviewOptions, running()),
    recordWebhookDelivery: (shopId, topic, at) => activity.recordDelivery(shopId, topic, at),
    recordSignatureFailure: (shopId, at) => activity.recordSignatureFailure(shopId, at),
    webhookStats: (shopId) => activity.stats(shopId),
    sessions: createAdminSessions(context),
  };
  return {
    console,
    ready: () => templates.ready(),
    accepted: (events) => recent.record(events),
    close: async () => {
      await Promise.all([templates.stop(), activity.flush(), recent.flush()]);
    },
  };
}
