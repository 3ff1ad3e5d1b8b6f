import { MessagingError, maskPhoneNumbersInText, type SmsProviderV1 } from '@x/messaging-core';
import { ConfigError } from './config-error';
import type { NotificationConfig, ShopConfig } from './notification-config';
import type { OutboxStore } from './outbox-store';
import type { DateFormatter, TemplateShopContext } from './template';

/** A log function in the pino style: fields first, then the message. */
export type LogFunction = (fields: Record<string, unknown>, message: string) => void;

/**
 * Where the engine reports what it does. Any pino or console-like logger with `(fields, message)` methods
 * fits. Fields never hold a full phone number, a message text or a secret: recipients are masked.
 */
export interface EngineLogger {
  /** Routine detail (each send). */
  debug?: LogFunction;
  /** Notable events (dispatcher start and stop, reconciliations). */
  info?: LogFunction;
  /** Something failed but is handled (a retry, a dead letter, an unknown outcome). */
  warn?: LogFunction;
  /** Something failed and needs attention. */
  error?: LogFunction;
}

/**
 * The default timings of sending and crash recovery, shared by the engine and the service's configuration.
 * A message left `sending` by a crash becomes `unknown` once its lease has passed (the dispatcher looks every
 * third of a lease), and is then settled by the provider's report, or sent again once `reconcileAfterMs` has
 * passed since its attempt began: with these defaults, within about 80 s of the restart.
 *
 * The trade-off: a shorter lease notices a crash sooner but must still outlast every send (a worker whose send
 * outlives its lease loses the claim, and the message is settled by reconciliation instead); a shorter
 * `reconcileAfterMs` resends sooner, but a provider whose reports lag behind it may not yet show a message it
 * did receive, which is then sent twice.
 */
export const TIMING_DEFAULTS = {
  /** Time limit of one provider call (a send, a report lookup): 10 s. */
  sendTimeoutMs: 10_000,
  /** How long a claim holds: 30 s, three times the send's time limit. */
  leaseMs: 30_000,
  /** How long an `unknown` message waits, from its last attempt, for the provider's report before it is sent again: 60 s. */
  reconcileAfterMs: 60_000,
} as const;

/** What the engine's parts share. */
export interface EngineContext {
  store: OutboxStore;
  config: NotificationConfig;
  providers: Record<string, SmsProviderV1>;
  logger: EngineLogger;
  now: () => Date;
  maxAttempts: number;
  retryDelay: { initialMs: number; maxMs: number };
  /** Time limit of one provider call. */
  sendTimeoutMs: number;
  /** How long a claim holds before its message is taken as lost with its worker. */
  leaseMs: number;
  /** How long an `unknown` message waits, from its last attempt, before it may be sent again. */
  reconcileAfterMs: number;
  reportWindowMs: number;
  /** The engine's `{date}` formatter (one `Intl.DateTimeFormat` per time zone). */
  formatDate: DateFormatter;
}

/**
 * The shop of an event or a preview.
 * @throws {@link ConfigError} for a shop the configuration does not name
 */
export function shopOf(config: NotificationConfig, shopId: string): ShopConfig {
  const shop = config.shops[shopId];
  if (shop === undefined) {
    throw new ConfigError({
      issues: [{ path: ['shops', shopId], message: 'unknown shop', code: 'unknown_shop' }],
    });
  }
  return shop;
}

/** The most segments the shop's provider takes in one message (7 when the provider does not say). */
export function maxSegmentsOf(context: EngineContext, shop: ShopConfig): number {
  return context.providers[shop.provider]?.capabilities.maxSegments ?? 7;
}

/**
 * What the shop gives every template it renders: its name, its status labels, its time zone and the engine's
 * `{date}` formatter (see {@link templateValues}).
 * @param context - the engine's shared parts (its date formatter)
 * @param shop - the shop
 */
export function shopTemplateContext(
  context: Pick<EngineContext, 'formatDate'>,
  shop: ShopConfig,
): TemplateShopContext {
  return {
    name: shop.name,
    statusLabels: shop.statusLabels,
    timeZone: shop.timeZone,
    formatDate: context.formatDate,
  };
}

/**
 * An error as a log field: a messaging error's own fields, or only the text of anything else, its phone numbers
 * masked (a store's error may quote the values it was given).
 */
export function errorField(error: unknown): unknown {
  return MessagingError.isInstance(error) ? error.toJSON() : maskPhoneNumbersInText(String(error));
}
