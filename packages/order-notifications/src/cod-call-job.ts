import { type CallStatusV1, MessagingError } from '@x/messaging-core';
import type { NewVoiceJob, VoiceJob } from './call-store';
import { nextCallTime } from './call-windows';
import type { EngineContext } from './engine-context';
import type { OrderEvent } from './order-event';
import type { RecipientCheck } from './phone-number';
import {
  errorText,
  jobSaver,
  renderVoiceText,
  retryLater,
  type SaveJob,
  type VoiceContext,
  voiceShopOf,
  voiceSms,
} from './voice-context';

/**
 * The cash-on-delivery confirmation call: one job per order, written with the order's messages. Each attempt is
 * recorded (with its reference) before it is dialled; after a crash, the call is looked up by that reference
 * and never placed blindly again. The outcome is always read from the provider's API: an event only wakes the
 * job. Confirmation or cancellation writes a note (and a status) back to the shop; no answer after the last
 * attempt sends one SMS and writes a note.
 */

/** Where a confirmation call is. */
type CodPhase = 'pending' | 'dialling' | 'waiting' | 'done';

/** The final result of a confirmation call. */
export type CodCallResult = 'confirmed' | 'cancelled' | 'no-answer' | 'failed';

/** The state of a `cod-call` job. */
interface CodState {
  phase: CodPhase;
  /** Attempts placed (or being placed). */
  attempt: number;
  orderNumber: string;
  firstName?: string;
  lastName?: string;
  /** The reference of the current attempt (`<job id>-<attempt>`). */
  reference?: string;
  /** The provider's id of the current attempt's call. */
  callId?: string;
  /** Each finished attempt's outcome. */
  outcomes?: string[];
  result?: CodCallResult;
  pressedKey?: string;
}

/** Turkish words of outcomes, for `{call_result}`. */
const RESULT_WORDS: Record<string, string> = {
  confirmed: 'onaylandı',
  cancelled: 'iptal edildi',
  'no-answer': 'cevapsız',
  busy: 'meşgul',
  failed: 'aranamadı',
  answered: 'tuşlama yok',
};

/**
 * The confirmation-call job of an event, when it asks for one: a new order (`order.created`) paid by a method
 * the shop counts as cash on delivery, with a mobile number, in a shop whose confirmation calls are on.
 * @param context - the engine's shared parts
 * @param event - a validated event
 * @param customer - the check of the customer's number that the event's messages use (made once, when first
 *   asked for)
 * @param newId - the id generator
 */
export function codCallJobOf(
  context: EngineContext,
  event: OrderEvent,
  customer: (() => RecipientCheck) | undefined,
  newId: () => string,
): NewVoiceJob | undefined {
  const cod = context.config.shops[event.shopId]?.voice?.cod;
  const order = event.order;
  if (event.type !== 'order.created' || !cod?.enabled || order === undefined) return undefined;
  if (order.paymentMethodId === undefined || !cod.paymentMethods.includes(order.paymentMethodId))
    return undefined;
  const checked = customer?.();
  if (!checked?.ok) return undefined;
  const state: CodState = { phase: 'pending', attempt: 0, orderNumber: order.number };
  if (event.customer.firstName) state.firstName = event.customer.firstName;
  if (event.customer.lastName) state.lastName = event.customer.lastName;
  const at = context.now();
  return {
    id: newId(),
    dedupeKey: ['cod-call', event.shopId, order.id].join('|'),
    kind: 'cod-call',
    shopId: event.shopId,
    orderId: order.id,
    phone: checked.e164,
    state: state as unknown as Record<string, unknown>,
    nextAttemptAt: at,
    createdAt: at,
  };
}

/** One step of the job: keep going with a new state, or stop (the job was saved). */
type Step = { next: CodState } | { stop: true };

const STOP: Step = { stop: true };

/** What every step needs. */
interface StepInput {
  context: VoiceContext;
  job: VoiceJob;
  save: SaveJob;
}

function signalOf(context: VoiceContext): AbortSignal {
  return AbortSignal.timeout(context.timings.requestTimeoutMs);
}

/** Waits for the window, then records the attempt and places the call. */
async function dial({ context, job, save }: StepInput, state: CodState): Promise<Step> {
  const { shop, voice } = voiceShopOf(context, job.shopId);
  const now = context.engine.now();
  const when = nextCallTime(now, voice.cod.windows, shop.timeZone) ?? now;
  if (when.getTime() > now.getTime()) {
    await save({ status: 'queued', state: { ...state }, nextAttemptAt: when });
    return STOP;
  }
  const attempt = state.attempt + 1;
  const dialling: CodState = { ...state, phase: 'dialling', attempt, reference: `${job.id}-${attempt}` };
  delete dialling.callId;
  // Recorded before dialling: a crash from here on is reconciled by the reference, never by a second call.
  if (!(await save({ state: { ...dialling } }))) return STOP;
  const provider = context.voiceProviders[voice.provider]!;
  try {
    const placed = await provider.placeCall(
      {
        to: job.phone!,
        from: voice.pbxNumber!,
        audio: voice.cod.audio!,
        gatherKey: true,
        reference: dialling.reference!,
        title: `Sipariş ${state.orderNumber} onayı`,
        ...(voice.cod.ringSeconds === undefined ? {} : { ringTimeoutSeconds: voice.cod.ringSeconds }),
      },
      { signal: signalOf(context) },
    );
    const waiting: CodState = { ...dialling, phase: 'waiting', callId: placed.callId };
    await save({ status: 'queued', state: { ...waiting }, nextAttemptAt: pollTime(context) });
    return STOP;
  } catch (error) {
    if (MessagingError.isInstance(error) && !error.maybeDelivered) {
      // The provider never queued it: the attempt is not spent.
      const back: CodState = { ...dialling, phase: 'pending', attempt: state.attempt };
      if (!error.isRetryable) return finish({ context, job, save }, back, 'failed', undefined, error);
      await retryLater(context, job, save, error, { ...back });
      return STOP;
    }
    // It may have been queued: the next claim looks it up by its reference.
    await retryLater(context, job, save, error, { ...dialling });
    return STOP;
  }
}

function pollTime(context: VoiceContext): Date {
  return new Date(context.engine.now().getTime() + context.timings.outcomePollMs);
}

/** After a crash or an unknown outcome of placing: finds the attempt's call by its reference. */
async function reconcile({ context, job, save }: StepInput, state: CodState): Promise<Step> {
  const { voice } = voiceShopOf(context, job.shopId);
  const provider = context.voiceProviders[voice.provider]!;
  if (provider.findCall === undefined) {
    const error = new Error(
      'the voice provider cannot look a call up by its reference; check the call by hand',
    );
    await save({ status: 'failed', state: { ...state }, lastError: error.message });
    return STOP;
  }
  try {
    const found = await provider.findCall(state.reference!, { signal: signalOf(context) });
    if (found === undefined) return { next: { ...state, phase: 'pending', attempt: state.attempt - 1 } };
    return { next: { ...state, phase: 'waiting', callId: found.callId } };
  } catch (error) {
    await retryLater(context, job, save, error, { ...state });
    return STOP;
  }
}

/** Reads the call's outcome from the provider's API and acts on it. */
async function check(input: StepInput, state: CodState): Promise<Step> {
  const { context, job, save } = input;
  const { shop, voice } = voiceShopOf(context, job.shopId);
  const provider = context.voiceProviders[voice.provider]!;
  let status: CallStatusV1;
  try {
    if (provider.getCall === undefined) throw new Error('the voice provider cannot read a call back');
    status = await provider.getCall(state.callId!, { signal: signalOf(context) });
  } catch (error) {
    await retryLater(context, job, save, error, { ...state });
    return STOP;
  }
  if (status.callUuid !== undefined && job.orderId !== undefined) {
    await context.engine.store.calls.matchCallToOrder(job.shopId, status.callUuid, job.orderId);
  }
  if (status.outcome === 'queued') {
    await save({ status: 'queued', state: { ...state }, nextAttemptAt: pollTime(context) });
    return STOP;
  }
  // The key comes from the provider's answer; only a single keypad key is kept (it reaches the order's note).
  const pressed = status.outcome === 'answered' ? status.pressedKey : undefined;
  const key = pressed !== undefined && /^[0-9*#]$/.test(pressed) ? pressed : undefined;
  if (key !== undefined && key === voice.cod.confirmKey) return finish(input, state, 'confirmed', key);
  if (key !== undefined && key === voice.cod.cancelKey) return finish(input, state, 'cancelled', key);
  const outcomes = [...(state.outcomes ?? []), status.outcome];
  if (state.attempt >= voice.cod.attempts) return finish(input, { ...state, outcomes }, 'no-answer', key);
  const spaced = new Date(context.engine.now().getTime() + voice.cod.spacingMinutes * 60_000);
  const when = nextCallTime(spaced, voice.cod.windows, shop.timeZone) ?? spaced;
  const next: CodState = { ...state, phase: 'pending', outcomes };
  await save({ status: 'queued', state: { ...next }, nextAttemptAt: when });
  return STOP;
}

/**
 * Settles the order: the write-back job (a note, and a status on confirmation or cancellation), the no-answer
 * SMS, then the job is done. Every write is deduplicated, so a crash in between repeats nothing.
 */
async function finish(
  { context, job, save }: StepInput,
  state: CodState,
  result: CodCallResult,
  pressedKey?: string,
  error?: unknown,
): Promise<Step> {
  const { shop, voice } = voiceShopOf(context, job.shopId);
  const lastOutcome = state.outcomes?.at(-1) ?? result;
  const call = {
    result: RESULT_WORDS[result === 'no-answer' ? lastOutcome : result] ?? result,
    ...(pressedKey ? { pressedKey } : {}),
  };
  const input = {
    order: { id: job.orderId!, number: state.orderNumber },
    customer: {
      ...(state.firstName ? { firstName: state.firstName } : {}),
      ...(state.lastName ? { lastName: state.lastName } : {}),
    },
    date: context.engine.now(),
    call,
  };
  const note = renderVoiceText(
    context,
    shop,
    result === 'confirmed'
      ? voice.cod.confirmNote
      : result === 'cancelled'
        ? voice.cod.cancelNote
        : voice.cod.noAnswerNote,
    input,
  );
  const status =
    result === 'confirmed'
      ? voice.cod.confirmStatus
      : result === 'cancelled'
        ? voice.cod.cancelStatus
        : undefined;
  const at = context.engine.now();
  await context.engine.store.calls.insertJobs([
    {
      id: context.newId(),
      dedupeKey: ['write-back', job.shopId, job.orderId, `cod-call:${job.id}`].join('|'),
      kind: 'write-back',
      shopId: job.shopId,
      orderId: job.orderId!,
      state: { note, ...(status === undefined ? {} : { status }) },
      nextAttemptAt: at,
      createdAt: at,
    },
  ]);
  if (result === 'no-answer' && voice.cod.noAnswerTemplate.trim() !== '') {
    await context.engine.store.enqueue([
      voiceSms(context, {
        shopId: job.shopId,
        orderId: job.orderId!,
        phone: job.phone!,
        subject: `cod-no-answer:${job.orderId}`,
        template: voice.cod.noAnswerTemplate,
        input,
      }),
    ]);
  }
  const done: CodState = { ...state, phase: 'done', result, ...(pressedKey ? { pressedKey } : {}) };
  await save({
    status: 'done',
    state: { ...done },
    ...(error === undefined ? {} : { lastError: errorText(error) }),
  });
  context.engine.logger.info?.(
    { jobId: job.id, shopId: job.shopId, orderId: job.orderId, result },
    'confirmation call settled',
  );
  return STOP;
}

/**
 * Runs a claimed `cod-call` job as far as it can go now.
 * @param context - the voice context
 * @param job - the claimed job
 * @param workerId - the claim's worker
 */
export async function runCodCall(context: VoiceContext, job: VoiceJob, workerId: string): Promise<void> {
  const input: StepInput = { context, job, save: jobSaver(context, job, workerId) };
  let state = job.state as unknown as CodState;
  for (let step = 0; step < 4; step++) {
    let outcome: Step;
    if (state.phase === 'pending') outcome = await dial(input, state);
    else if (state.phase === 'dialling') outcome = await reconcile(input, state);
    else if (state.phase === 'waiting') outcome = await check(input, state);
    else {
      await input.save({ status: 'done' });
      return;
    }
    if ('stop' in outcome) return;
    state = outcome.next;
  }
}
