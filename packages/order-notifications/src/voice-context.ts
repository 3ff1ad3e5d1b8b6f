import { backoffDelay, MessagingError, type VoiceProviderV1 } from '@x/messaging-core';
import type { VoiceJob, VoiceJobPatch } from './call-store';
import { ConfigError } from './config-error';
import { type EngineContext, maxSegmentsOf, shopOf, shopTemplateContext } from './engine-context';
import { outboxTextFields, renderMessage, skipReason } from './message-text';
import type { ShopConfig } from './notification-config';
import type { NewOutboxMessage } from './outbox-store';
import { renderTemplate, type TemplateInput, templateValues } from './template';
import type { VoiceShopConfig } from './voice-config';

/** A note or a status written back to the shop's order, once per `key`. */
export interface OrderWriteBack {
  /** The shop. */
  shopId: string;
  /** The order's id on the platform. */
  orderId: string;
  /**
   * The idempotency key of this write (the job's id and the step): a platform that can remember it writes once
   * per key; `retry` says an earlier try may have written it.
   */
  key: string;
  /** True when an earlier try of the same write may have reached the shop. */
  retry: boolean;
  /** The time limit of this write, in ms (the signal's): a writer reports it when the write times out. */
  timeoutMs: number;
}

/**
 * Writes notes and statuses back to a shop's orders (WooCommerce's REST API, OpenCart's callback route). Each
 * method makes one attempt and throws on failure; the engine retries with backoff.
 */
export interface OrderWriter {
  /** Adds a note to the order (private to the shop). */
  addNote(request: OrderWriteBack & { note: string }, signal: AbortSignal): Promise<void>;
  /** Sets the order's status (a slug such as `cancelled`). */
  setStatus(request: OrderWriteBack & { status: string }, signal: AbortSignal): Promise<void>;
}

/** The timings of the voice worker; every one can be changed (tests make them short). */
export interface VoiceTimings {
  /** How often a placed call is read back when no event wakes it (the polling fallback), ms (default 120 s). */
  outcomePollMs: number;
  /** How long a claim on a job holds, ms (default 60 s). */
  leaseMs: number;
  /** Time limit of one provider or shop call, ms (default 15 s). */
  requestTimeoutMs: number;
  /** Backoff of a failed step: first delay and cap, ms (default 5 s and 10 min). */
  retry: { initialMs: number; maxMs: number };
  /** Claims of one job before it gives up on errors (default 20). */
  maxAttempts: number;
}

/** The default {@link VoiceTimings}. */
export const VOICE_TIMING_DEFAULTS: VoiceTimings = Object.freeze({
  outcomePollMs: 120_000,
  leaseMs: 60_000,
  requestTimeoutMs: 15_000,
  retry: Object.freeze({ initialMs: 5_000, maxMs: 600_000 }),
  maxAttempts: 20,
});

/** What the voice side's parts share. */
export interface VoiceContext {
  /** The engine's shared parts (stores, configuration, SMS providers, logger, clock). */
  engine: EngineContext;
  /** Voice providers by the key shops name in `voice.provider`. */
  voiceProviders: Record<string, VoiceProviderV1>;
  /** Order writers by shop id. */
  orderWriters: Record<string, OrderWriter>;
  /** Timings. */
  timings: VoiceTimings;
  /** A new id. */
  newId(): string;
}

/** A shop and its voice settings. @throws ConfigError when the shop has none */
export function voiceShopOf(
  context: VoiceContext,
  shopId: string,
): { shop: ShopConfig; voice: VoiceShopConfig } {
  const shop = shopOf(context.engine.config, shopId);
  if (shop.voice === undefined) {
    throw new ConfigError({
      issues: [
        { path: ['shops', shopId, 'voice'], message: 'the shop has no voice settings', code: 'no_voice' },
      ],
    });
  }
  return { shop, voice: shop.voice };
}

/** What a job handler does with its claim: saves a patch, guarded by the claim. */
export type SaveJob = (patch: VoiceJobPatch) => Promise<boolean>;

/** A saver of one claimed job. */
export function jobSaver(context: VoiceContext, job: VoiceJob, workerId: string): SaveJob {
  return (patch) => context.engine.store.calls.updateJob(job.id, workerId, patch, context.engine.now());
}

/** An error as stored on a job: its message only (errors of this project carry no secret and mask numbers). */
export function errorText(error: unknown): string {
  const text = MessagingError.isInstance(error) || error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}

/**
 * Puts a job back after a failed step: queued again after a backoff, or `failed` once it used its attempts.
 * @param context - the voice context
 * @param job - the job
 * @param save - the job's saver
 * @param error - what failed
 * @param state - the job's state to keep
 */
export async function retryLater(
  context: VoiceContext,
  job: VoiceJob,
  save: SaveJob,
  error: unknown,
  state: Record<string, unknown>,
): Promise<void> {
  const lastError = errorText(error);
  const { retry, maxAttempts } = context.timings;
  // Failed steps are counted in the state: a call that waits for its outcome is claimed many times without one.
  const failures = (typeof state.failures === 'number' ? state.failures : 0) + 1;
  if (failures >= maxAttempts) {
    context.engine.logger.error?.({ jobId: job.id, kind: job.kind, error: lastError }, 'voice job gave up');
    await save({ status: 'failed', state: { ...state, failures }, lastError });
    return;
  }
  const wait = backoffDelay({ attempt: failures, initialMs: retry.initialMs, maxMs: retry.maxMs });
  context.engine.logger.warn?.({ jobId: job.id, kind: job.kind, error: lastError }, 'voice job will retry');
  await save({
    status: 'queued',
    state: { ...state, failures },
    nextAttemptAt: new Date(context.engine.now().getTime() + wait),
    lastError,
  });
}

/** Renders a note or an SMS template of a shop's voice settings. */
export function renderVoiceText(
  context: VoiceContext,
  shop: ShopConfig,
  template: string,
  input: TemplateInput,
) {
  return renderTemplate(template, templateValues(input, shopTemplateContext(context.engine, shop)));
}

/** What {@link voiceSms} needs: the shop, the recipient and the text's facts. */
export interface VoiceSmsInput {
  shopId: string;
  orderId?: string;
  /** The recipient in E.164. */
  phone: string;
  /** The part of the dedupe key that names the notification (`missed-call:<uuid>`). */
  subject: string;
  template: string;
  input: TemplateInput;
}

/**
 * An outbox message of the voice side (a no-answer SMS, a missed-call follow-up), rendered and measured like
 * every SMS, deduplicated by its subject and recipient.
 */
export function voiceSms(context: VoiceContext, sms: VoiceSmsInput): NewOutboxMessage {
  const shop = shopOf(context.engine.config, sms.shopId);
  const values = templateValues(sms.input, shopTemplateContext(context.engine, shop));
  const measured = renderMessage(sms.template, values, [], shop, maxSegmentsOf(context.engine, shop));
  const message: NewOutboxMessage = {
    id: context.newId(),
    dedupeKey: [sms.shopId, sms.subject, 'customer', sms.phone].join('|'),
    shopId: sms.shopId,
    eventType: 'order.status_changed',
    role: 'customer',
    recipient: sms.phone,
    providerId: shop.provider,
    ...outboxTextFields(measured, skipReason({ ok: true, e164: sms.phone }, measured)),
    createdAt: context.engine.now(),
  };
  if (sms.orderId !== undefined) message.orderId = sms.orderId;
  if (sms.input.order?.number !== undefined) message.orderNumber = sms.input.order.number;
  if (shop.sender !== undefined) message.sender = shop.sender;
  return message;
}
