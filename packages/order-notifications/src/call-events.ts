import { type CallEventV1, maskPhoneNumber, ValidationError } from '@x/messaging-core';
import { normalizeLine, TEXT_LIMITS } from './inbound-text';
import { normalizeRecipient } from './phone-number';
import { type VoiceContext, voiceShopOf } from './voice-context';

/**
 * Call events pushed by a PBX: each is logged (numbers masked), wakes the confirmation call it is about, and a
 * missed call from a customer queues its follow-up. Nothing here trusts the event: a woken call reads its
 * outcome from the provider's API, and a follow-up is at most one per number per period.
 */

/** What {@link acceptCallEvent} did. */
export interface CallEventOutcome {
  /** False when the same event of the same call was logged before (a duplicate delivery). */
  logged: boolean;
  /** Confirmation calls woken to read their outcome. */
  woken: number;
  /** Whether a missed-call follow-up job was written (false for a duplicate). */
  followUp: boolean;
}

/** The number as the log keeps it: masked; an extension or an unreadable value as a few characters. */
function maskedNumber(value: string): string {
  if (value === '') return '';
  try {
    return maskPhoneNumber(value);
  } catch {
    return value.replace(/[^\d*#+]/g, '').slice(0, 8);
  }
}

/**
 * The event's texts as the log keeps them: a PBX's webhook comes from the internet, so its uuid, event name and
 * hang-up cause are normalised and bounded like every inbound text (no NUL reaches the store).
 * @throws ValidationError when the uuid is empty once normalised
 */
function eventTexts(event: CallEventV1): { uuid: string; eventName: string; hangupCause?: string } {
  const uuid = normalizeLine(event.uuid, TEXT_LIMITS.id);
  if (uuid === '') {
    throw new ValidationError({
      message: 'The call event has no usable uuid',
      target: 'request',
      issues: [{ path: ['uuid'], message: 'Required' }],
    });
  }
  const hangupCause =
    event.hangupCause === undefined ? undefined : normalizeLine(event.hangupCause, TEXT_LIMITS.status);
  return {
    uuid,
    eventName: normalizeLine(event.eventName, TEXT_LIMITS.status),
    ...(hangupCause ? { hangupCause } : {}),
  };
}

/** Whether an event says a customer's call to the PBX went unanswered. */
function isMissedCall(event: CallEventV1): boolean {
  if (event.direction !== 'inbound' || event.automatic) return false;
  return event.type === 'missed-call' || (event.type === 'call-ended' && (event.talkSeconds ?? 0) === 0);
}

/**
 * Logs a call event of a shop's PBX and queues the work it causes; answers quickly (database writes only).
 * @param context - the voice context
 * @param shopId - the shop whose PBX sent it
 * @param event - the event, parsed and authenticated by the voice provider
 * @throws ConfigError for a shop without voice settings, ValidationError for an event whose uuid is empty once
 *   normalised
 */
export async function acceptCallEvent(
  context: VoiceContext,
  shopId: string,
  event: CallEventV1,
): Promise<CallEventOutcome> {
  const { shop, voice } = voiceShopOf(context, shopId);
  const texts = eventTexts(event);
  const { calls } = context.engine.store;
  const now = context.engine.now();
  let woken = 0;
  let orderId: string | undefined;
  if (event.automatic || event.direction === 'outbound') {
    const customer = normalizeRecipient(event.callee, shop.defaultCountry);
    if (customer.ok) {
      const jobs = await calls.wakeJobs(shopId, 'cod-call', customer.e164, now);
      woken = jobs.length;
      orderId = jobs[0]?.orderId;
    }
  }
  const logged = await calls.recordCall({
    shopId,
    uuid: texts.uuid,
    eventName: texts.eventName,
    eventType: event.type,
    direction: event.direction,
    caller: maskedNumber(event.caller),
    callee: maskedNumber(event.callee),
    automatic: event.automatic,
    at: event.at,
    ...(event.talkSeconds === undefined ? {} : { talkSeconds: event.talkSeconds }),
    ...(texts.hangupCause === undefined ? {} : { hangupCause: texts.hangupCause }),
    ...(orderId === undefined ? {} : { orderId }),
  });
  let followUp = false;
  // The caller's number is parsed only for a missed call the shop follows up.
  const caller =
    voice.missedCall.enabled && isMissedCall(event)
      ? normalizeRecipient(event.caller, shop.defaultCountry)
      : undefined;
  if (caller?.ok) {
    const written = await calls.insertJobs([
      {
        id: context.newId(),
        dedupeKey: ['missed-call', shopId, texts.uuid].join('|'),
        kind: 'missed-call',
        shopId,
        phone: caller.e164,
        state: { uuid: texts.uuid },
        nextAttemptAt: now,
        createdAt: now,
      },
    ]);
    followUp = written.size > 0;
  }
  context.engine.logger.debug?.(
    { shopId, eventType: event.type, direction: event.direction, logged, woken, followUp },
    'call event accepted',
  );
  return { logged, woken, followUp };
}
