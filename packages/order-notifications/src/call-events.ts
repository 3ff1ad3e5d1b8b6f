import { type CallEventV1, maskPhoneNumber } from '@x/messaging-core';
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
 * @throws ConfigError for a shop without voice settings
 */
export async function acceptCallEvent(
  context: VoiceContext,
  shopId: string,
  event: CallEventV1,
): Promise<CallEventOutcome> {
  const { shop, voice } = voiceShopOf(context, shopId);
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
    uuid: event.uuid,
    eventName: event.eventName,
    eventType: event.type,
    direction: event.direction,
    caller: maskedNumber(event.caller),
    callee: maskedNumber(event.callee),
    automatic: event.automatic,
    at: event.at,
    ...(event.talkSeconds === undefined ? {} : { talkSeconds: event.talkSeconds }),
    ...(event.hangupCause === undefined ? {} : { hangupCause: event.hangupCause }),
    ...(orderId === undefined ? {} : { orderId }),
  });
  let followUp = false;
  const caller = normalizeRecipient(event.caller, shop.defaultCountry);
  if (voice.missedCall.enabled && isMissedCall(event) && caller.ok) {
    const written = await calls.insertJobs([
      {
        id: context.newId(),
        dedupeKey: ['missed-call', shopId, event.uuid].join('|'),
        kind: 'missed-call',
        shopId,
        phone: caller.e164,
        state: { uuid: event.uuid },
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
