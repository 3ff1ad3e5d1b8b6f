import { delay } from '@x/messaging-core';
import { toBulutfonNumber } from '../bulutfon-phone';
import { toIstanbulIso } from './bulutfon-fake-data';
import type { FakeEnvironment } from './bulutfon-fake-routes';
import type {
  BulutfonFakeCallOutcome,
  BulutfonFakeIncomingCall,
  BulutfonFakePlacedCall,
  BulutfonFakeState,
} from './bulutfon-fake-types';

/**
 * How the fake dials automatic calls: one after another (as Bulutfon does), each within its campaign's window,
 * with the outcome scripted for its number; the call's receiver and CDR are updated and its webhooks posted to
 * the configured URL with the panel's Basic credentials. Customers' calls to the PBX post their webhooks too.
 */

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** What each outcome leaves in the CDR. */
const HANGUP: Record<Exclude<BulutfonFakePlacedCall['status'], 'queued'>, [cause: string, detail: string]> = {
  answered: ['NORMAL_CLEARING', 'send_bye'],
  'no-answer': ['NO_ANSWER', 'send_cancel'],
  busy: ['USER_BUSY', 'send_refuse'],
};

/** The scripts of `options.calls.outcomes`, by international digits. */
export function initialCallScripts(env: FakeEnvironment): Map<string, BulutfonFakeCallOutcome[]> {
  const scripts = new Map<string, BulutfonFakeCallOutcome[]>();
  for (const [number, outcomes] of Object.entries(env.options.calls?.outcomes ?? {})) {
    scripts.set(toBulutfonNumber(number), Array.isArray(outcomes) ? [...outcomes] : [outcomes]);
  }
  return scripts;
}

/** The outcome of the next call to `number`: its script's next step (the last one repeats), else `press-1`. */
function nextOutcome(state: BulutfonFakeState, number: string): BulutfonFakeCallOutcome {
  const script = state.callScripts.get(number);
  if (!script || script.length === 0) return 'press-1';
  return script.length > 1 ? script.shift()! : script[0]!;
}

/** Whether a call may be dialled now: always, unless its campaign honours windows and today's is closed. */
function windowOpen(call: BulutfonFakePlacedCall, now: number): boolean {
  if (!call.windows) return true;
  const istanbul = new Date(now + 3 * 3_600_000);
  const window = call.windows[DAYS[istanbul.getUTCDay()]!];
  if (!window) return false;
  const minute = istanbul.toISOString().slice(11, 16);
  return minute >= window.start && minute < window.end;
}

/** A uuid of the form Bulutfon uses, unique for the server and apart from the generated CDRs' uuids. */
function callUuid(id: number): string {
  const hex = (length: number) => id.toString(16).padStart(length, '0').slice(-length);
  return `ca11${hex(4)}-0000-4000-9000-${hex(12)}`;
}

/** The fields every webhook of a call carries. */
interface CallLeg {
  uuid: string;
  caller: string;
  callee: string;
  direction: 'IN' | 'OUT';
  autodial: boolean;
}

/** Posts one event to the webhook URL (when there is one) and records what became of it. */
async function postWebhook(
  env: FakeEnvironment,
  state: BulutfonFakeState,
  leg: CallLeg,
  eventType: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const options = env.options.calls ?? {};
  if (!options.webhookUrl) return;
  await delay(options.webhookDelayMs ?? 0);
  const body: Record<string, unknown> = {
    event_type: eventType,
    domain_id: 1,
    account_id: 1,
    caller: leg.caller,
    callee: leg.callee,
    uuid: leg.uuid,
    direction: leg.direction,
    timestamp: env.now() * 1000,
    ...(leg.autodial ? { autodial: true, additional_data: null, callback_url: null } : {}),
    ...extra,
  };
  const form = options.webhookFormat === 'form';
  const headers: Record<string, string> = {
    'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
  };
  const credentials = options.webhookCredentials;
  if (credentials) headers.authorization = `Basic ${btoa(`${credentials.username}:${credentials.password}`)}`;
  const encoded = form
    ? new URLSearchParams(
        Object.entries(body).map(([key, value]) => [key, value === null ? '' : String(value)]),
      )
    : JSON.stringify(body);
  const delivery = { eventType, uuid: leg.uuid, body };
  try {
    const post = options.webhookFetch ?? globalThis.fetch;
    const response = await post(options.webhookUrl, { method: 'POST', headers, body: encoded.toString() });
    await response.body?.cancel();
    state.webhookDeliveries.push({ ...delivery, status: response.status });
  } catch (error) {
    state.webhookDeliveries.push({
      ...delivery,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The campaign receiver the API shows for a placed call. */
function receiverOf(
  state: BulutfonFakeState,
  call: BulutfonFakePlacedCall,
): Record<string, unknown> | undefined {
  const campaign = state.automaticCalls.find((item) => String(item.id) === call.callId);
  const receivers = (campaign?.recipients ?? []) as Record<string, unknown>[];
  return receivers.find((item) => item.number === call.to.slice(1) && item.has_called === false);
}

/** Stores the CDR of a call the fake made or received. */
function storeCdr(
  state: BulutfonFakeState,
  leg: CallLeg,
  times: { start: number; answeredAt?: number; end: number },
  hangup: [cause: string, detail: string],
): void {
  state.callCdrs.set(leg.uuid, {
    uuid: leg.uuid,
    bf_calltype: 'voice',
    direction: leg.direction,
    caller: Number(leg.caller),
    callee: Number(leg.callee),
    ...(leg.direction === 'OUT'
      ? { extension: leg.caller, call_price: times.answeredAt ? '0.0182' : null }
      : {}),
    call_time: toIstanbulIso(times.start),
    answer_time: times.answeredAt === undefined ? null : toIstanbulIso(times.answeredAt),
    hangup_time: toIstanbulIso(times.end),
    missing_call: leg.direction === 'IN' && times.answeredAt === undefined,
    call_record: 'NO',
    hangup_cause: hangup[0],
    hangup_state: hangup[1],
  });
}

/** Dials one call: its outcome, its receiver and CDR, and its webhooks. */
async function dialOne(env: FakeEnvironment, state: BulutfonFakeState, call: BulutfonFakePlacedCall) {
  const outcome = nextOutcome(state, call.to.slice(1));
  const leg: CallLeg = {
    uuid: callUuid(env.nextId()),
    caller: call.from.slice(1),
    callee: call.to.slice(1),
    direction: 'OUT',
    autodial: true,
  };
  const start = env.now();
  Object.assign(call, { uuid: leg.uuid, dialledAt: start });
  await postWebhook(env, state, leg, 'call_init');
  await delay(env.options.calls?.callDurationMs ?? 0);
  const status = outcome.startsWith('press-') ? 'answered' : (outcome as 'answered' | 'no-answer' | 'busy');
  const pressedKey = outcome.startsWith('press-') && call.gather ? outcome.slice(6) : undefined;
  Object.assign(call, { status, ...(pressedKey === undefined ? {} : { pressedKey }) });
  const receiver = receiverOf(state, call);
  if (receiver) {
    Object.assign(receiver, { has_called: true, answer: status === 'answered', uuid: leg.uuid });
    receiver.gather = pressedKey === undefined ? null : Number(pressedKey) || pressedKey;
  }
  const end = env.now();
  const answeredAt = status === 'answered' ? start : undefined;
  storeCdr(state, leg, { start, answeredAt, end }, HANGUP[status]);
  await postWebhook(env, state, leg, 'call_hangup', {
    talk_duration: answeredAt === undefined ? 0 : Math.round((end - answeredAt) / 1000),
    hangup_cause: HANGUP[status][0],
    hangup_detail: HANGUP[status][1],
    result_disposition: status === 'answered' ? 'SUCCESS' : '',
  });
}

/** The fake's dialler: its queue is the placed calls still `queued`; one call is dialled at a time. */
export interface FakeDialler {
  /** Dials the queued calls whose window is open now; resolves when every dial started so far is done. */
  dial(): Promise<void>;
  /** Posts the webhooks of a customer's call to the PBX and stores its CDR; resolves with its uuid. */
  receiveCall(call: BulutfonFakeIncomingCall): Promise<string>;
}

/**
 * Creates the dialler of a fake server.
 * @param env - the server's environment
 * @param currentState - the server's state now (it is replaced on `reset()`)
 */
export function createFakeDialler(env: FakeEnvironment, currentState: () => BulutfonFakeState): FakeDialler {
  let dialling: Promise<void> = Promise.resolve();

  const dialQueued = async () => {
    for (;;) {
      const state = currentState();
      // A call being dialled has its uuid already: it is never picked twice.
      const call = state.placedCalls.find(
        (item) => item.status === 'queued' && item.uuid === undefined && windowOpen(item, env.now()),
      );
      if (!call) return;
      await dialOne(env, state, call);
    }
  };

  return {
    dial() {
      dialling = dialling.then(dialQueued, dialQueued);
      return dialling;
    },
    async receiveCall(call) {
      const state = currentState();
      const leg: CallLeg = {
        uuid: callUuid(env.nextId()),
        caller: toBulutfonNumber(call.from),
        callee: toBulutfonNumber(call.to ?? env.pbxNumber),
        direction: 'IN',
        autodial: false,
      };
      const start = env.now();
      await postWebhook(env, state, leg, 'call_init');
      if (call.answered) {
        const talk = call.talkSeconds ?? 30;
        storeCdr(state, leg, { start, answeredAt: start, end: start + talk * 1000 }, [
          'NORMAL_CLEARING',
          'recv_bye',
        ]);
        await postWebhook(env, state, leg, 'call_hangup', {
          talk_duration: talk,
          hangup_cause: 'NORMAL_CLEARING',
          hangup_detail: 'recv_bye',
          result_disposition: 'SUCCESS',
        });
      } else {
        storeCdr(state, leg, { start, end: start }, ['ORIGINATOR_CANCEL', 'recv_cancel']);
        await postWebhook(env, state, leg, 'missing_call');
      }
      return leg.uuid;
    },
  };
}
