import type { VoiceJob } from './call-store';
import { jobSaver, retryLater, type VoiceContext, voiceShopOf, voiceSms } from './voice-context';

/**
 * The missed-call follow-up: a customer called and nobody answered. A number with a recent order gets that
 * order's status by SMS; one without gets the shop's "we will call you back" text, or nothing. At most one per
 * number per period (taken atomically, so two instances send one), deduplicated by the call's uuid, never to a
 * number that opted out.
 */

/** The state of a `missed-call` job. */
interface MissedCallState {
  uuid: string;
  /** The period's slot was taken (a retry after a crash sends without taking it again). */
  slotTaken?: boolean;
  result?: string;
  failures?: number;
}

/**
 * Runs a claimed `missed-call` job.
 * @param context - the voice context
 * @param job - the claimed job
 * @param workerId - the claim's worker
 */
export async function runMissedCall(context: VoiceContext, job: VoiceJob, workerId: string): Promise<void> {
  const save = jobSaver(context, job, workerId);
  const state = { ...(job.state as unknown as MissedCallState) };
  const done = (result: string) => save({ status: 'done', state: { ...state, result } });
  try {
    const { voice } = voiceShopOf(context, job.shopId);
    const settings = voice.missedCall;
    const phone = job.phone!;
    const { store } = context.engine;
    if (!settings.enabled) return void (await done('disabled'));
    if ((await store.optedOut([phone])).size > 0) return void (await done('opted-out'));
    const now = context.engine.now();
    const since = new Date(now.getTime() - settings.recentOrderDays * 86_400_000);
    const recent = await store.calls.recentOrderOf(job.shopId, phone, since);
    const orderId = recent?.id;
    const template = recent === undefined ? settings.noOrderTemplate : settings.template;
    if (template === undefined) return void (await done('no-order'));
    if (!state.slotTaken) {
      const taken = await store.calls.takeFollowUpSlot(
        job.shopId,
        phone,
        now,
        settings.periodHours * 3_600_000,
      );
      if (!taken) return void (await done('within-period'));
      state.slotTaken = true;
      if (!(await save({ state: { ...state } }))) return;
    }
    const recorded = recent === undefined ? {} : await store.calls.orderState(job.shopId, recent.id);
    const order =
      recent === undefined
        ? undefined
        : {
            id: recent.id,
            number: recent.number,
            ...(recorded.status === undefined ? {} : { status: recorded.status }),
            ...(recorded.trackingNumber === undefined ? {} : { trackingNumber: recorded.trackingNumber }),
          };
    await store.enqueue([
      voiceSms(context, {
        shopId: job.shopId,
        ...(orderId === undefined ? {} : { orderId }),
        phone,
        subject: `missed-call:${state.uuid}`,
        template,
        input: { ...(order === undefined ? {} : { order }), date: now },
      }),
    ]);
    if (orderId !== undefined) await store.calls.matchCallToOrder(job.shopId, state.uuid, orderId);
    await done(orderId === undefined ? 'callback-sms' : 'status-sms');
  } catch (error) {
    await retryLater(context, job, save, error, { ...state } as unknown as Record<string, unknown>);
  }
}
