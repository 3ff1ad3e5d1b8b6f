import {
  backoffDelay,
  InvalidRecipientError,
  MessagingError,
  maskPhoneNumber,
  RateLimitError,
  type SmsProviderV1,
} from '@x/messaging-core';
import type { EngineContext } from './engine-context';
import type {
  AttemptRecord,
  MessagePatch,
  OutboxError,
  OutboxMessage,
  OutboxStore,
  SentOutcome,
} from './outbox-store';
import { RateLimiter } from './rate-limiter';

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

/** Options of {@link sendClaimedMessage}. */
export interface SendClaimedOptions {
  /** The worker that holds the claim; the outcome is recorded only while it still does. */
  workerId: string;
  limiters: ProviderLimiters;
  maxAttempts: number;
  recorder: SentRecorder;
  /** Aborts the provider call (a shutdown that cannot wait any longer). */
  signal?: AbortSignal;
}

/** Calls the provider once and says what the message becomes. Never throws. */
async function attemptSend(
  context: EngineContext,
  provider: SmsProviderV1,
  message: OutboxMessage,
  options: SendClaimedOptions,
): Promise<MessagePatch> {
  const limiter = options.limiters.of(message.providerId);
  const failure = (error: unknown) =>
    classifyFailure(message, error, { ...context, maxAttempts: options.maxAttempts, now: context.now() });
  try {
    await limiter.acquire();
    const result = await provider.sendSms(
      {
        to: message.recipient,
        text: message.text,
        type: message.messageType,
        reference: message.id,
        ...(message.sender === undefined ? {} : { from: message.sender }),
      },
      {
        idempotencyKey: message.id,
        timeoutMs: context.sendTimeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    );
    const outcome = result.messages[0];
    if (outcome === undefined) {
      // The call succeeded but said nothing about the recipient: the provider may have the message.
      return {
        status: 'unknown',
        reason: 'no-result',
        lastError: { kind: 'unknown', message: 'The provider returned no result for the recipient' },
      };
    }
    if (outcome.status !== 'accepted') {
      return failure(
        outcome.error ??
          new MessagingError({
            message: 'The provider rejected the recipient',
            providerId: provider.providerId,
          }),
      );
    }
    return {
      status: 'sent',
      sentAt: context.now(),
      segments: result.segments,
      reason: null,
      lastError: null,
      providerMessageId: outcome.providerMessageId ?? null,
      providerBatchId: result.providerBatchId ?? null,
      credits: result.cost?.credits ?? null,
    };
  } catch (error) {
    if (RateLimitError.isInstance(error)) limiter.pause(error.retryAfterMs ?? 1000);
    return failure(error);
  }
}

/**
 * The record of one attempt from what it made of the message: `sent`, `unknown` and `skipped` as they are, any
 * other outcome (a retry, a failure, a dead letter) `failed`, with the stored (redacted) error.
 * @param message - the claimed message (its `updatedAt` is the claim: the attempt's start)
 * @param patch - what the attempt made of it
 * @param durationMs - how long the provider call took
 */
export function attemptOf(message: OutboxMessage, patch: MessagePatch, durationMs?: number): AttemptRecord {
  const status = patch.status;
  const result = status === 'sent' || status === 'unknown' || status === 'skipped' ? status : 'failed';
  const attempt: AttemptRecord = { attempt: message.attempts, at: message.updatedAt, result };
  if (patch.lastError) {
    attempt.errorKind = patch.lastError.kind;
    attempt.errorMessage = patch.lastError.message;
    if (patch.lastError.code !== undefined) attempt.errorCode = patch.lastError.code;
  }
  if (patch.providerMessageId) attempt.providerMessageId = patch.providerMessageId;
  if (durationMs !== undefined) attempt.durationMs = durationMs;
  return attempt;
}

/** Logs what became of a send, at the level it deserves. */
function logOutcome(
  context: EngineContext,
  fields: Record<string, unknown>,
  patch: MessagePatch,
  recorded: boolean,
): void {
  const details = { ...fields, status: patch.status, reason: patch.reason ?? undefined };
  const { logger } = context;
  if (!recorded) {
    logger.warn?.(
      details,
      'send outcome not recorded: the message changed meanwhile (a delivery report, or its claim expired)',
    );
  } else if (patch.status === 'sent') logger.debug?.(details, 'message sent');
  else if (patch.status === 'queued')
    logger.warn?.({ ...details, error: patch.lastError }, 'send failed, will retry');
  else logger.warn?.({ ...details, error: patch.lastError }, `message ${patch.status}`);
}

/**
 * Sends one claimed message and records the outcome. Never throws: every outcome (including a store failure,
 * which leaves the claim to expire into `unknown`) is logged.
 */
export async function sendClaimedMessage(
  context: EngineContext,
  message: OutboxMessage,
  options: SendClaimedOptions,
): Promise<void> {
  const guard = { status: ['sending'] as const, workerId: options.workerId };
  const fields = {
    messageId: message.id,
    shopId: message.shopId,
    orderId: message.orderId,
    providerId: message.providerId,
    recipient: maskPhoneNumber(message.recipient),
    attempt: message.attempts,
  };
  try {
    const provider = context.providers[message.providerId];
    if (provider === undefined) {
      const lastError = { kind: 'validation', message: `No provider "${message.providerId}" is configured` };
      const patch: MessagePatch = {
        status: 'failed',
        reason: 'unknown-provider',
        updatedAt: context.now(),
        lastError,
      };
      await context.store.update(message.id, { ...patch, attempt: attemptOf(message, patch) }, guard);
      context.logger.error?.(fields, 'message failed: its provider is not configured');
      return;
    }
    const started = performance.now();
    const patch = await attemptSend(context, provider, message, options);
    const attempt = attemptOf(message, patch, performance.now() - started);
    const recorded =
      patch.status === 'sent'
        ? await options.recorder.record({ ...sentOutcome(message.id, options.workerId, patch), attempt })
        : await context.store.update(message.id, { ...patch, updatedAt: context.now(), attempt }, guard);
    if (patch.status === 'skipped' && patch.reason === 'blacklisted') {
      await context.store.addOptOuts([message.recipient], message.providerId);
    }
    logOutcome(context, fields, patch, recorded);
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

/** Logs a message the claim skipped because its recipient opted out after it was queued. */
export function logOptedOut(context: EngineContext, message: OutboxMessage): void {
  context.logger.info?.(
    { messageId: message.id, shopId: message.shopId, recipient: maskPhoneNumber(message.recipient) },
    'message skipped: the recipient opted out',
  );
}
