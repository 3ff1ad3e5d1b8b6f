import type { SmsProviderV1 } from '@x/messaging-core';
import type { NotificationConfig } from './notification-config';
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

/** What the engine's parts share. */
export interface EngineContext {
  store: OutboxStore;
  config: NotificationConfig;
  providers: Record<string, SmsProviderV1>;
  logger: EngineLogger;
  now: () => Date;
  maxAttempts: number;
  retryDelay: { initialMs: number; maxMs: number };
  sendTimeoutMs: number;
  reconcileAfterMs: number;
  reportWindowMs: number;
}
