import {
  type CallEventTypeV1,
  type CallEventV1,
  type ParseCallEventOptionsV1,
  ValidationError,
} from '@x/messaging-core';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { toBulutfonNumber } from './bulutfon-phone';
import {
  type BulutfonWebhookEvent,
  type BulutfonWebhookEventType,
  parseBulutfonWebhook,
} from './bulutfon-webhooks';

/**
 * The voice provider's `parseCallEvent`: Bulutfon's webhook (JSON or form data, HTTP Basic credentials checked in
 * constant time, every `event_type` spelling) read into the provider-neutral event. The event is a hint: read the
 * call with `getCall` before acting on it.
 */

const EVENT_TYPES: Record<BulutfonWebhookEventType, CallEventTypeV1> = {
  'call-start': 'call-started',
  'call-end': 'call-ended',
  'missed-call': 'missed-call',
  'extension-call': 'call-routed',
  'group-call': 'call-routed',
  'menu-call': 'call-routed',
  fax: 'fax-received',
  unknown: 'other',
};

const DIRECTIONS: Record<string, CallEventV1['direction']> = {
  IN: 'inbound',
  OUT: 'outbound',
  LOCAL: 'internal',
};

/** A number in E.164 when it reads as a phone number; an extension (`1001`) or anything else as sent. */
function toEventNumber(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return `+${toBulutfonNumber(value)}`;
  } catch {
    return value.replace(/[^\d+*#]/g, '').slice(0, 32);
  }
}

/**
 * Maps a Bulutfon webhook event to the provider-neutral call event. Pure.
 * @param event - the event as `parseBulutfonWebhook` read it
 * @param receivedAt - the time to use when the event carries none
 * @throws ValidationError when the event has no call uuid
 */
export function toCallEvent(event: BulutfonWebhookEvent, receivedAt: Date): CallEventV1 {
  if (!event.uuid) {
    throw new ValidationError({
      message: 'Bulutfon: the call event has no uuid',
      issues: [{ path: ['uuid'], message: 'Required', code: 'invalid_type' }],
      target: 'webhook',
      providerId: BULUTFON_PROVIDER_ID,
    });
  }
  const at = event.timestamp && !Number.isNaN(event.timestamp.getTime()) ? event.timestamp : receivedAt;
  return {
    type: EVENT_TYPES[event.type],
    eventName: event.eventType,
    uuid: event.uuid,
    direction: DIRECTIONS[(event.direction ?? '').toUpperCase()] ?? 'unknown',
    caller: toEventNumber(event.caller),
    callee: toEventNumber(event.callee),
    at,
    automatic: event.autodial,
    // Bulutfon echoes `additional_data` (BFXM data) on automatic calls; placeCall keeps its reference in the
    // campaign title instead, so this is set only for campaigns made with BFXM data.
    ...(event.autodial && event.additionalData ? { reference: event.additionalData } : {}),
    ...(event.talkDuration === undefined ? {} : { talkSeconds: event.talkDuration }),
    ...(event.hangupCause === undefined ? {} : { hangupCause: event.hangupCause }),
    ...(event.destination === undefined ? {} : { destination: event.destination }),
    raw: event.raw,
  };
}

/**
 * Reads a call event Bulutfon posted to your server.
 * @param request - the incoming web `Request`
 * @param options - the HTTP Basic credentials set in Bulutfon's panel
 * @throws AuthenticationError when `credentials` are given and the request does not carry them
 * @throws ValidationError for a body that is not a call event
 */
export async function parseBulutfonCallEvent(
  request: Request,
  options: ParseCallEventOptionsV1 = {},
): Promise<CallEventV1> {
  const event = await parseBulutfonWebhook(request, { credentials: options.credentials });
  return toCallEvent(event, new Date());
}
