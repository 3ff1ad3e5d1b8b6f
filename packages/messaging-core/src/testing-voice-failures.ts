import { expect } from 'vitest';
import { ApiCallError, AuthenticationError, MessagingError, TimeoutError, ValidationError } from './errors';
import { expectAbortBefore, expectAbortInFlight } from './testing-abort-checks';
import { expectFailureOf, failure, failureWithinTimeout, record, success } from './testing-context';
import type { VoiceCheck } from './testing-voice-checks';
import { place, type VoiceConformanceContext } from './testing-voice-setup';
import type { CallEventTypeV1 } from './voice-provider/v1/voice-provider-v1';

/** The checks of calls that fail, of abort signals, and of call events pushed by the PBX. */

/** The Basic credentials the kit sets for call events; the password is checked for leaks like a secret. */
const KIT_WEBHOOK = { username: 'kit-pbx', password: 'kit-hook p@ss/+ü' };

const EVENT_TYPES: readonly CallEventTypeV1[] = [
  'call-started',
  'call-ended',
  'missed-call',
  'call-routed',
  'fax-received',
  'other',
];

/** Refused credentials: `AuthenticationError`, not delivered, no call. */
export const voiceAuthFailure: VoiceCheck = {
  name: 'fails with AuthenticationError when the credentials are refused, placing nothing',
  async run(context) {
    const { setup } = context;
    setup.simulate('auth');
    expectFailureOf(failure(await place(context)), AuthenticationError, { maybeDelivered: false });
    expect(setup.placedCalls()).toHaveLength(0);
  },
};

/** A 5xx answer to placeCall: maybe placed (placing a call is not idempotent). */
export const voiceServerError: VoiceCheck = {
  name: 'reports a server error on placeCall as maybe delivered',
  async run(context) {
    context.setup.simulate('server-error');
    expectFailureOf(failure(await place(context)), ApiCallError, { maybeDelivered: true });
  },
};

/** A server that never answers: `TimeoutError`, maybe delivered, within `timeoutMs`. */
export const voiceTimeout: VoiceCheck = {
  name: 'reports a call that timed out as maybe delivered, within its timeoutMs',
  async run(context) {
    const call = (timeoutMs: number) => place(context, {}, { timeoutMs });
    const error = await failureWithinTimeout(context.setup, call, 'placeCall');
    expectFailureOf(error, TimeoutError, { maybeDelivered: true });
  },
};

/** An already aborted signal: rejects with its reason and places nothing. */
export const voiceAbortBefore: VoiceCheck = {
  name: "rejects with the caller's abort reason and places nothing when the signal is already aborted",
  async run(context) {
    await expectAbortBefore(
      (signal) => place(context, {}, { signal }),
      () => context.setup.placedCalls().length > 0,
      'placeCall',
    );
  },
};

/** Aborted while the fake server holds the request: rejects with the reason, promptly. */
export const voiceAbortInFlight: VoiceCheck = {
  name: "rejects with the caller's abort reason while the request is in flight",
  async run(context) {
    await expectAbortInFlight(context.setup, (options) => place(context, {}, options), 'placeCall');
  },
};

/** A webhook request to the provider's parser. */
function eventRequest(body: string, contentType: string, authorization?: string): Request {
  return new Request('https://shop.example/webhooks/voice', {
    method: 'POST',
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
    body,
  });
}

function basic(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Parses a request with the kit's credentials, keeping what it threw. */
function parse(context: VoiceConformanceContext, request: Request) {
  const parseCallEvent = context.setup.provider.parseCallEvent!;
  return record(context, parseCallEvent(request, { credentials: KIT_WEBHOOK }));
}

/** Refused credentials and malformed bodies give typed errors, never a crash. */
async function expectEventRefusals(context: VoiceConformanceContext, body: string, contentType: string) {
  const refusals = [
    ['without credentials', undefined],
    ['with a wrong password', basic(KIT_WEBHOOK.username, `${KIT_WEBHOOK.password}x`)],
  ] as const;
  for (const [how, authorization] of refusals) {
    const error = failure(
      await parse(context, eventRequest(body, contentType, authorization)),
      `parseCallEvent accepted a call event ${how}.`,
    );
    if (!AuthenticationError.isInstance(error)) {
      throw new Error(
        `parseCallEvent refused a call event ${how} with something other than AuthenticationError.`,
      );
    }
  }
  const authorization = basic(KIT_WEBHOOK.username, KIT_WEBHOOK.password);
  const malformed = [
    ['{"event_type":', 'application/json'],
    ['[]', 'application/json'],
    ['', 'application/x-www-form-urlencoded'],
    ['%E0%A4%A=1&&=', 'application/x-www-form-urlencoded'],
  ] as const;
  for (const [text, type] of malformed) {
    const error = failure(
      await parse(context, eventRequest(text, type, authorization)),
      `parseCallEvent accepted the malformed body ${JSON.stringify(text)}.`,
    );
    if (!ValidationError.isInstance(error)) {
      const got = error instanceof Error ? error.name : typeof error;
      throw new Error(
        `parseCallEvent refused the malformed body ${JSON.stringify(text)} with ${got}, not with a ValidationError.`,
      );
    }
  }
}

/** Reads a call event with the right credentials; refuses other credentials and malformed bodies, typed. */
export const readsCallEvents: VoiceCheck = {
  name: 'reads a call event, refusing wrong credentials and malformed bodies with typed errors',
  async run(context) {
    const { setup } = context;
    if (!setup.provider.parseCallEvent) return;
    if (!setup.callEvent)
      throw new Error('capabilities.callEvents is true: the setup must give callEvent().');
    setup.secrets.push(KIT_WEBHOOK.password);
    const { body, contentType } = setup.callEvent();
    const authorization = basic(KIT_WEBHOOK.username, KIT_WEBHOOK.password);
    const event = success(
      await parse(context, eventRequest(body, contentType, authorization)),
      'parseCallEvent',
    );
    expect(EVENT_TYPES).toContain(event.type);
    expect(typeof event.uuid === 'string' && event.uuid.length > 0, 'event.uuid').toBe(true);
    expect(event.at instanceof Date && !Number.isNaN(event.at.getTime()), 'event.at is a valid Date').toBe(
      true,
    );
    expect(['inbound', 'outbound', 'internal', 'unknown']).toContain(event.direction);
    await expectEventRefusals(context, body, contentType);
    for (const error of context.errors) {
      expect(MessagingError.isInstance(error), 'every refusal is a MessagingError').toBe(true);
    }
  },
};

/** Click-to-call reaches the provider. */
export const bridgesCall: VoiceCheck = {
  name: 'bridges a call when it can',
  async run(context) {
    const { setup } = context;
    if (!setup.provider.bridgeCall) return;
    if (setup.bridgeDestination === undefined) {
      throw new Error('capabilities.bridgeCalls is true: the setup must give bridgeDestination.');
    }
    context.recipients.push(setup.validRecipient);
    const request = { from: setup.from, to: setup.validRecipient, destination: setup.bridgeDestination };
    success(await record(context, setup.provider.bridgeCall(request)), 'bridgeCall');
  },
};

/** The checks of failures, abort signals, call events and click-to-call. */
export const VOICE_FAILURE_CHECKS: VoiceCheck[] = [
  voiceAuthFailure,
  voiceServerError,
  voiceTimeout,
  voiceAbortBefore,
  voiceAbortInFlight,
  readsCallEvents,
  bridgesCall,
];
