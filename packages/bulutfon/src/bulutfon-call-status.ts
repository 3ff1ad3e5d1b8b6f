import {
  type CallOptionsV1,
  type CallOutcomeV1,
  type CallStatusV1,
  NotFoundError,
  ValidationError,
} from '@x/messaging-core';
import type { BulutfonCdrDetail } from './bulutfon-cdr-response';
import type { BulutfonClient } from './bulutfon-client';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { checkCallReference, findCampaignId } from './bulutfon-place-call';
import type { BulutfonAutomaticCallDetail } from './bulutfon-schemas';
import { toBulutfonCallOptions } from './bulutfon-send-sms';

/**
 * Where an automatic call stands, read from Bulutfon's API (never from a webhook): the campaign's receiver says
 * whether it was dialled, answered and which key was pressed; the call's CDR, when the receiver names its uuid,
 * tells a busy line from one that rang out.
 */

type Receiver = BulutfonAutomaticCallDetail['recipients'][number];

/** Q.850 causes that mean the line was busy. */
const BUSY_CAUSES = new Set(['USER_BUSY']);
/** Q.850 causes that mean the number cannot be called at all. */
const FAILED_CAUSES = new Set(['INVALID_NUMBER_FORMAT', 'UNALLOCATED_NUMBER', 'NO_ROUTE_DESTINATION']);

/** Checks a call id (a campaign id) before it goes into a path. */
function campaignIdOf(callId: unknown): number {
  if (typeof callId === 'string' && /^[1-9]\d{0,14}$/.test(callId)) return Number(callId);
  throw new ValidationError({
    message: 'Bulutfon: invalid call id (the id placeCall returned, digits only)',
    issues: [{ path: ['callId'], message: 'has the wrong format', code: 'invalid_format' }],
    target: 'request',
    providerId: BULUTFON_PROVIDER_ID,
  });
}

/** The call's CDR, or `undefined` when Bulutfon has not written it yet. */
async function readCdr(
  client: BulutfonClient,
  uuid: string | undefined,
  options: CallOptionsV1 | undefined,
): Promise<BulutfonCdrDetail | undefined> {
  if (uuid === undefined) return undefined;
  try {
    return await client.cdrs.get(uuid, toBulutfonCallOptions(options));
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}

/**
 * The outcome of a receiver. Whether Bulutfon's receivers name the call's uuid is not documented (one SDK reads
 * it, another does not): without it, or before the CDR is written, a call that was dialled and not answered is
 * `no-answer` (a busy line cannot be told apart).
 */
function outcomeOf(receiver: Receiver | undefined, cdr: BulutfonCdrDetail | undefined): CallOutcomeV1 {
  if (!receiver?.hasCalled) return 'queued';
  if (receiver.answered) return 'answered';
  const cause = cdr?.hangupCause ?? '';
  if (BUSY_CAUSES.has(cause)) return 'busy';
  if (FAILED_CAUSES.has(cause)) return 'failed';
  return 'no-answer';
}

/**
 * The status of a campaign's call (its first receiver: the campaigns `placeCall` creates have one).
 * @param campaign - the campaign, read from the API
 * @param cdr - the call's CDR, when there is one
 */
export function toCallStatus(
  campaign: BulutfonAutomaticCallDetail,
  cdr: BulutfonCdrDetail | undefined,
): CallStatusV1 {
  const receiver = campaign.recipients[0];
  const outcome = outcomeOf(receiver, cdr);
  const reference = /\[([^\]]+)\]$/.exec(campaign.title ?? '')?.[1];
  const pressedKey =
    outcome === 'answered' && receiver?.gather !== undefined && Number.isInteger(receiver.gather)
      ? String(receiver.gather)
      : undefined;
  return {
    callId: String(campaign.id),
    to: receiver ? `+${receiver.number.replace(/^\+/, '')}` : '',
    outcome,
    ...(pressedKey === undefined ? {} : { pressedKey }),
    ...(receiver?.uuid ? { callUuid: receiver.uuid } : {}),
    ...(outcome === 'answered' && cdr?.answerTime ? { answeredAt: cdr.answerTime } : {}),
    ...(cdr?.hangupCause && outcome !== 'queued' ? { hangupCause: cdr.hangupCause } : {}),
    ...(reference === undefined ? {} : { reference }),
    raw: { automaticCall: campaign, ...(cdr ? { cdr } : {}) },
  };
}

/**
 * Creates the provider's `getCall` and `findCall`.
 * @param client - the Bulutfon client
 */
export function createBulutfonCallStatus(client: BulutfonClient): {
  getCall(callId: string, options?: CallOptionsV1): Promise<CallStatusV1>;
  findCall(reference: string, options?: CallOptionsV1): Promise<CallStatusV1 | undefined>;
} {
  async function getCall(callId: string, options?: CallOptionsV1): Promise<CallStatusV1> {
    options?.signal?.throwIfAborted();
    const campaign = await client.automaticCalls.get(campaignIdOf(callId), toBulutfonCallOptions(options));
    const receiver = campaign.recipients[0];
    const cdr = receiver?.hasCalled ? await readCdr(client, receiver.uuid, options) : undefined;
    return toCallStatus(campaign, cdr);
  }
  return {
    getCall,
    async findCall(reference, options) {
      options?.signal?.throwIfAborted();
      const id = await findCampaignId(client, checkCallReference(reference), options);
      return id === undefined ? undefined : getCall(String(id), options);
    },
  };
}
