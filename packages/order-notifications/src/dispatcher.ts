import { backoffDelay, InvalidRecipientError, MessagingError, RateLimitError } from '@x/messaging-core';
import type { EngineContext } from './engine-context';
import type { MessagePatch, OutboxError, OutboxMessage, OutboxStore, SentOutcome } from './outbox-store';
import { maskPhone } from './phone-number';
import { RateLimiter } from './rate-limiter';

/** Options of {@link NotificationEngine.startDispatcher}. */
export interface DispatcherOptions {
  /** Most sends in flight at once (default 4). */
  concurrency?: number;
  /** How long to wait when nothing is due, in milliseconds (default 1000). */
  pollIntervalMs?: number;
  /** Most sends per second to each provider (default 20); `Infinity` for no limit. */
  ratePerSecond?: number | Record<string, number>;
  /** Attempts before a retryable failure becomes `dead` (default: the engine's, 5). */
  maxAttempts?: number;
  /**
   * How long a claim holds, in milliseconds (default 5 minutes). A message still `sending` after this is
   * taken as lost with its worker and becomes `unknown`; keep it well above the send timeout.
   */
  leaseMs?: number;
  /** How often expired claims are released and unknown outcomes reconciled, in milliseconds (default 30 s). */
  maintenanceIntervalMs?: number;
  /** How often delivery reports are polled, in milliseconds (default 5 minutes; 0 turns polling off). */
  reportIntervalMs?: number;
}

/** A running dispatcher. */
export interface Dispatcher {
  /** Whether the loop is running. */
  readonly running: boolean;
  /** Stops claiming; resolves once the sends in flight have finished and been recorded. */
  stop(): Promise<void>;
}

/**
 * Gathers accepted sends that finish in the same turn of the event loop and records them with one
 * {@link OutboxStore.markSent} call. A crash before the write leaves the claims to expire into `unknown`, which
 * reconciliation settles: never a blind resend.
 */
export class SentRecorder {
  readonly #store: OutboxStore;
  #pending: { outcome: SentOutcome; resolve(recorded: boolean): void; reject(error: unknown): void }[] = [];
  #scheduled = false;

  /** @param store - where to record */
  constructor(store: OutboxStore) {
    this.#store = store;
  }

  /** Queues one outcome; resolves with whether it was recorded (false: the claim was lost meanwhile). */
  record(outcome: SentOutcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ outcome, resolve, reject });
      if (this.#pending.length >= 200) void this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    try {
      const recorded = await this.#store.markSent(batch.map((entry) => entry.outcome));
      for (const entry of batch) entry.resolve(recorded.has(entry.outcome.id));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}

/** Rate limiters per provider key. */
export class ProviderLimiters {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #rate: number | Record<string, number>;

  /** @param rate - one rate for every provider, or one per provider key (default 20 for unnamed keys) */
  constructor(rate: number | Record<string, number> = 20) {
    this.#rate = rate;
  }

  /** The limiter of a provider. */
  of(providerId: string): RateLimiter {
    let limiter = this.#limiters.get(providerId);
    if (limiter === undefined) {
      const rate = typeof this.#rate === 'number' ? this.#rate : (this.#rate[providerId] ?? 20);
      limiter = new RateLimiter(rate);
      this.#limiters.set(providerId, limiter);
    }
    return limiter;
  }
}

function errorRecord(error: unknown): OutboxError {
  if (MessagingError.isInstance(error)) {
    const record: OutboxError = { kind: error.kind, message: error.message };
    if (error.providerCode !== undefined) record.code = error.providerCode;
    return record;
  }
  // A foreign error may carry anything in its message (a number, a text): keep only its name.
  const name = error instanceof Error ? error.name : typeof error;
  return { kind: 'unknown', message: `Unexpected ${name} from the provider` };
}

/** What a failed send becomes. Pure. */
export function classifyFailure(
  message: Pick<OutboxMessage, 'attempts'>,
  error: unknown,
  options: { maxAttempts: number; now: Date; retryDelay: { initialMs: number; maxMs: number } },
): MessagePatch {
  const lastError = errorRecord(error);
  if (!MessagingError.isInstance(error)) {
    return { status: 'unknown', reason: 'unexpected-error', lastError };
  }
  if (InvalidRecipientError.isInstance(error) && error.blacklisted) {
    return { status: 'skipped', reason: 'blacklisted', lastError };
  }
  if (error.maybeDelivered) return { status: 'unknown', reason: 'outcome-unknown', lastError };
  if (error.isRetryable) {
    if (message.attempts >= options.maxAttempts)
      return { status: 'dead', reason: 'retries-exhausted', lastError };
    const delay = backoffDelay({
      attempt: message.attempts,
      initialMs: options.retryDelay.initialMs,
      maxMs: options.retryDelay.maxMs,
      retryAfterMs: RateLimitError.isInstance(error) ? error.retryAfterMs : undefined,
    });
    return {
      status: 'queued',
      nextAttemptAt: new Date(options.now.getTime() + delay),
      reason: 'retry-scheduled',
      lastError,
    };
  }
  return { status: 'failed', reason: error.kind, lastError };
}

/**
 * Sends one claimed message and records the outcome. Never throws: every outcome (including a store failure,
 * which leaves the claim to expire into `unknown`) is logged.
 */
export async function sendClaimedMessage(
  context: EngineContext,
  message: OutboxMessage,
  options: { workerId: string; limiters: ProviderLimiters; maxAttempts: number; recorder: SentRecorder },
): Promise<void> {
  const guard = { status: ['sending'] as const, workerId: options.workerId };
  const fields = {
    messageId: message.id,
    shopId: message.shopId,
    orderId: message.orderId,
    providerId: message.providerId,
    recipient: maskPhone(message.recipient),
    attempt: message.attempts,
  };
  try {
    const provider = context.providers[message.providerId];
    if (provider === undefined) {
      await context.store.update(
        message.id,
        {
          status: 'failed',
          reason: 'unknown-provider',
          updatedAt: context.now(),
          lastError: { kind: 'validation', message: `No provider "${message.providerId}" is configured` },
        },
        guard,
      );
      context.logger.error?.(fields, 'message failed: its provider is not configured');
      return;
    }
    const limiter = options.limiters.of(message.providerId);
    await limiter.acquire();
    let patch: MessagePatch;
    try {
      const result = await provider.sendSms(
        {
          to: message.recipient,
          text: message.text,
          type: message.messageType,
          reference: message.id,
          ...(message.sender === undefined ? {} : { from: message.sender }),
        },
        { idempotencyKey: message.id, timeoutMs: context.sendTimeoutMs },
      );
      const outcome = result.messages[0];
      if (outcome === undefined) {
        // The call succeeded but said nothing about the recipient: the provider may have the message.
        patch = {
          status: 'unknown',
          reason: 'no-result',
          lastError: { kind: 'unknown', message: 'The provider returned no result for the recipient' },
        };
      } else if (outcome.status === 'accepted') {
        patch = {
          status: 'sent',
          sentAt: context.now(),
          segments: result.segments,
          reason: null,
          lastError: null,
          providerMessageId: outcome.providerMessageId ?? null,
          providerBatchId: result.providerBatchId ?? null,
          credits: result.cost?.credits ?? null,
        };
      } else {
        const error =
          outcome.error ??
          new MessagingError({
            message: 'The provider rejected the recipient',
            providerId: provider.providerId,
          });
        patch = classifyFailure(message, error, {
          ...context,
          maxAttempts: options.maxAttempts,
          now: context.now(),
        });
      }
    } catch (error) {
      if (RateLimitError.isInstance(error)) limiter.pause(error.retryAfterMs ?? 1000);
      patch = classifyFailure(message, error, {
        ...context,
        maxAttempts: options.maxAttempts,
        now: context.now(),
      });
    }
    const recorded =
      patch.status === 'sent'
        ? await options.recorder.record(sentOutcome(message.id, options.workerId, patch))
        : await context.store.update(message.id, { ...patch, updatedAt: context.now() }, guard);
    if (patch.status === 'skipped' && patch.reason === 'blacklisted') {
      await context.store.addOptOuts([message.recipient], message.providerId);
    }
    const details = { ...fields, status: patch.status, reason: patch.reason ?? undefined };
    if (!recorded)
      context.logger.warn?.(
        details,
        'send outcome not recorded: the message changed meanwhile (a delivery report, or its claim expired)',
      );
    else if (patch.status === 'sent') context.logger.debug?.(details, 'message sent');
    else if (patch.status === 'queued')
      context.logger.warn?.({ ...details, error: patch.lastError }, 'send failed, will retry');
    else context.logger.warn?.({ ...details, error: patch.lastError }, `message ${patch.status}`);
  } catch (error) {
    context.logger.error?.({ ...fields, error: errorRecord(error) }, 'could not record a send outcome');
  }
}

function sentOutcome(id: string, workerId: string, patch: MessagePatch): SentOutcome {
  const outcome: SentOutcome = {
    id,
    workerId,
    sentAt: patch.sentAt ?? new Date(),
    segments: patch.segments ?? 1,
  };
  if (patch.providerMessageId) outcome.providerMessageId = patch.providerMessageId;
  if (patch.providerBatchId) outcome.providerBatchId = patch.providerBatchId;
  if (typeof patch.credits === 'number') outcome.credits = patch.credits;
  return outcome;
}

/** The dispatcher loop behind {@link NotificationEngine.startDispatcher}. */
export class DispatcherLoop implements Dispatcher {
  readonly #context: EngineContext;
  readonly #options: Required<Omit<DispatcherOptions, 'ratePerSecond'>>;
  readonly #limiters: ProviderLimiters;
  readonly #recorder: SentRecorder;
  readonly #workerId: string;
  readonly #inFlight = new Set<Promise<void>>();
  #background: Promise<void> = Promise.resolve();
  readonly #releaseExpired: () => Promise<void>;
  readonly #reconcile: () => Promise<void>;
  readonly #reports: () => Promise<void>;
  #running = true;
  #wake: (() => void) | undefined;
  #done: Promise<void>;

  constructor(
    context: EngineContext,
    options: DispatcherOptions,
    hooks: {
      workerId: string;
      releaseExpired: () => Promise<void>;
      reconcile: () => Promise<void>;
      reports: () => Promise<void>;
    },
  ) {
    this.#context = context;
    this.#options = {
      concurrency: Math.max(1, Math.trunc(options.concurrency ?? 4)),
      pollIntervalMs: Math.max(1, options.pollIntervalMs ?? 1000),
      maxAttempts: Math.max(1, Math.trunc(options.maxAttempts ?? context.maxAttempts)),
      leaseMs: options.leaseMs ?? 5 * 60_000,
      maintenanceIntervalMs: options.maintenanceIntervalMs ?? 30_000,
      reportIntervalMs: options.reportIntervalMs ?? 5 * 60_000,
    };
    this.#limiters = new ProviderLimiters(options.ratePerSecond);
    this.#recorder = new SentRecorder(context.store);
    this.#workerId = hooks.workerId;
    this.#releaseExpired = hooks.releaseExpired;
    this.#reconcile = hooks.reconcile;
    this.#reports = hooks.reports;
    this.#done = this.#loop();
  }

  get running(): boolean {
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#done;
  }

  #sleep(ms: number, alsoWakeOn?: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
      alsoWakeOn?.then(done, done);
    });
  }

  async #loop(): Promise<void> {
    const { logger } = this.#context;
    logger.info?.({ workerId: this.#workerId, ...this.#options }, 'dispatcher started');
    let nextMaintenance = 0;
    let nextReports =
      this.#options.reportIntervalMs > 0 ? Date.now() + this.#options.reportIntervalMs : Infinity;
    while (this.#running) {
      try {
        const clock = Date.now();
        if (clock >= nextMaintenance) {
          nextMaintenance = clock + this.#options.maintenanceIntervalMs;
          await this.#releaseExpired();
          // Provider calls run beside the sends, never in their way.
          this.#background = this.#background.then(this.#reconcile).catch(() => undefined);
        }
        if (clock >= nextReports) {
          nextReports = clock + this.#options.reportIntervalMs;
          this.#background = this.#background.then(this.#reports).catch(() => undefined);
        }
        const free = this.#options.concurrency - this.#inFlight.size;
        // Claim in batches: wait until at least half of the slots are free (one claim per message would cost a
        // database round trip each).
        if (free <= 0 || (free < this.#options.concurrency / 2 && this.#inFlight.size > 0)) {
          await Promise.race(this.#inFlight);
          continue;
        }
        const claimed = await this.#context.store.claim({
          now: this.#context.now(),
          limit: free,
          leaseMs: this.#options.leaseMs,
          workerId: this.#workerId,
        });
        if (claimed.length === 0) {
          const anyDone = this.#inFlight.size > 0 ? Promise.race(this.#inFlight) : undefined;
          await this.#sleep(this.#options.pollIntervalMs, anyDone);
          continue;
        }
        for (const message of claimed) {
          if (message.status === 'skipped') {
            logOptedOut(this.#context, message);
            continue;
          }
          void this.#track(
            sendClaimedMessage(this.#context, message, {
              workerId: this.#workerId,
              limiters: this.#limiters,
              maxAttempts: this.#options.maxAttempts,
              recorder: this.#recorder,
            }),
          );
        }
      } catch (error) {
        logger.error?.(
          {
            workerId: this.#workerId,
            error: MessagingError.isInstance(error) ? error.toJSON() : String(error),
          },
          'dispatcher pass failed; retrying after the poll interval',
        );
        await this.#sleep(this.#options.pollIntervalMs);
      }
    }
    await Promise.all(this.#inFlight);
    await this.#background;
    logger.info?.({ workerId: this.#workerId }, 'dispatcher stopped');
  }

  #track(work: Promise<void>): Promise<void> {
    const tracked = work.catch(() => undefined).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
    return tracked;
  }
}

/** Logs a message the claim skipped because its recipient opted out after it was queued. */
export function logOptedOut(context: EngineContext, message: OutboxMessage): void {
  context.logger.info?.(
    { messageId: message.id, shopId: message.shopId, recipient: maskPhone(message.recipient) },
    'message skipped: the recipient opted out',
  );
}
