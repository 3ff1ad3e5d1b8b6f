import { MessagingError, type SmsProviderV1 } from '@x/messaging-core';
import { ConfigError } from './config-error';
import type { NotificationConfig, ShopConfig } from './notification-config';
import type { OutboxStore } from './outbox-store';

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
 * A message left `sending` by a crash becomes `unknown` once its lease has passed, and is then settled by the
 * provider's report, or sent again once `reconcileAfterMs` has passed since its attempt began.
 */
export const TIMING_DEFAULTS = {
  /** Time limit of one provider call (a send, a report lookup). */
  sendTimeoutMs: 30_000,
  /** How long a claim holds; at least twice `sendTimeoutMs`. */
  leaseMs: 300_000,
  /** How long an `unknown` message waits for the provider's report before it is sent again. */
  reconcileAfterMs: 600_000,
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

/** An error as a log field: a messaging error's own fields, or only the text of anything else. */
export function errorField(error: unknown): unknown {
  return MessagingError.isInstance(error) ? error.toJSON() : String(error);
}
