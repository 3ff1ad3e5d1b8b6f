import {
  AuthenticationError,
  InvalidPhoneNumberError,
  InvalidRecipientError,
  TimeoutError,
  ValidationError,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createBulutfonVoice } from '../src/index';
import { type BulutfonFakeServerOptions, createBulutfonFakeServer } from '../src/testing';

const HOOK = { username: 'santral', password: 'hook-p@ss:1' };
const CUSTOMER = '0532 123 45 67';
const PBX = '902122222222';

/** A fake whose webhooks land in `received`, and a voice provider on it. */
function setup(calls: BulutfonFakeServerOptions['calls'] = {}, options: BulutfonFakeServerOptions = {}) {
  const received: Request[] = [];
  const fake = createBulutfonFakeServer({
    ...options,
    calls: {
      webhookUrl: 'https://shop.example/webhooks/bulutfon/magaza',
      webhookCredentials: HOOK,
      webhookFetch: async (input, init) => {
        received.push(new Request(input, init));
        return new Response('ok');
      },
      ...calls,
    },
  });
  const voice = createBulutfonVoice({ token: fake.token, fetch: fake.fetch });
  return { fake, voice, received };
}

const confirmation = (reference: string) => ({
  to: CUSTOMER,
  from: PBX,
  audio: { announcementId: '22' },
  reference,
  title: 'Sipariş onayı',
});

describe('placeCall and getCall', () => {
  it('places one call, dials it and reads the pressed key back from the API', async () => {
    const { fake, voice } = setup();
    const { callId, warnings } = await voice.placeCall(confirmation('order-1001'));
    expect(warnings).toEqual([]);
    await fake.dialCalls();
    expect(fake.placedCalls).toMatchObject([
      {
        callId,
        to: '+905321234567',
        from: `+${PBX}`,
        announcementId: '22',
        status: 'answered',
        pressedKey: '1',
      },
    ]);
    const status = await voice.getCall(callId);
    expect(status).toMatchObject({
      callId,
      to: '+905321234567',
      outcome: 'answered',
      pressedKey: '1',
      reference: 'order-1001',
      callUuid: fake.placedCalls[0]!.uuid,
    });
    expect(status.answeredAt).toBeInstanceOf(Date);
  });

  it.each([
    ['press-2', { outcome: 'answered', pressedKey: '2' }],
    ['answered', { outcome: 'answered' }],
    ['no-answer', { outcome: 'no-answer', hangupCause: 'NO_ANSWER' }],
    ['busy', { outcome: 'busy', hangupCause: 'USER_BUSY' }],
  ] as const)('reads a scripted %s', async (outcome, expected) => {
    const { fake, voice } = setup({ outcomes: { [CUSTOMER]: outcome } });
    const { callId } = await voice.placeCall(confirmation('order-1002'));
    await fake.dialCalls();
    const status = await voice.getCall(callId);
    expect(status).toMatchObject(expected);
    if (outcome === 'answered') expect(status.pressedKey).toBeUndefined();
  });

  it('follows a script call by call, the last outcome repeating', async () => {
    const { fake, voice } = setup();
    fake.scriptCalls(CUSTOMER, 'no-answer', 'busy', 'press-1');
    const outcomes: string[] = [];
    for (const attempt of [1, 2, 3, 4]) {
      const { callId } = await voice.placeCall(confirmation(`order-1003/${attempt}`));
      await fake.dialCalls();
      outcomes.push((await voice.getCall(callId)).outcome);
    }
    expect(outcomes).toEqual(['no-answer', 'busy', 'answered', 'answered']);
  });

  it('is queued until dialled, and a forged webhook changes nothing the API says', async () => {
    const { fake, voice } = setup({ autoDial: false });
    const { callId } = await voice.placeCall(confirmation('order-1004'));
    const forged = new Request('https://shop.example/webhooks/bulutfon/magaza', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${btoa('santral:guess')}` },
      body: JSON.stringify({ event_type: 'call_hangup', uuid: 'x', callee: '905321234567', autodial: true }),
    });
    await expect(voice.parseCallEvent(forged, { credentials: HOOK })).rejects.toSatisfy(
      AuthenticationError.isInstance,
    );
    expect(await voice.getCall(callId)).toMatchObject({ outcome: 'queued' });
    expect(fake.placedCalls[0]?.status).toBe('queued');
  });

  it('waits for its window: outside it the call stays queued, inside it is dialled', async () => {
    // Monday 2025-03-03 07:00 in Istanbul (04:00 UTC).
    let now = Date.UTC(2025, 2, 3, 4, 0);
    const { fake, voice } = setup({ autoDial: false }, { now: () => now });
    const { callId } = await voice.placeCall({
      ...confirmation('order-1005'),
      windows: { monday: { start: '09:00', end: '18:00' } },
    });
    expect(fake.placedCalls[0]?.windows).toMatchObject({
      monday: { start: '09:00', end: '18:00' },
      sunday: null,
    });
    await fake.dialCalls();
    expect((await voice.getCall(callId)).outcome).toBe('queued');
    now = Date.UTC(2025, 2, 3, 7, 30);
    await fake.dialCalls();
    expect((await voice.getCall(callId)).outcome).toBe('answered');
  });

  it('dials calls one after another, each call ending before the next begins', async () => {
    const { fake, voice, received } = setup({ autoDial: false });
    for (const [index, to] of ['0532 000 00 01', '0532 000 00 02', '0532 000 00 03'].entries()) {
      await voice.placeCall({ ...confirmation(`order-2${index}`), to });
    }
    await fake.dialCalls();
    const events = await Promise.all(received.map((request) => voice.parseCallEvent(request)));
    expect(events.map((event) => `${event.type} ${event.callee}`)).toEqual([
      'call-started +905320000001',
      'call-ended +905320000001',
      'call-started +905320000002',
      'call-ended +905320000002',
      'call-started +905320000003',
      'call-ended +905320000003',
    ]);
  });

  it('refuses a number it cannot call before any request, masked', async () => {
    const { fake, voice } = setup();
    const error = await voice.placeCall({ ...confirmation('order-1006'), to: '0532 123 4' }).catch((e) => e);
    expect(InvalidPhoneNumberError.isInstance(error)).toBe(true);
    expect(error.message).not.toContain('0532 123 4');
    expect(fake.requests).toHaveLength(0);
  });

  it("types Bulutfon's refusal of a number", async () => {
    const { fake, voice } = setup();
    fake.failNext('invalid-number');
    const error = await voice.placeCall(confirmation('order-1007')).catch((e) => e);
    expect(InvalidRecipientError.isInstance(error)).toBe(true);
    expect(error.maybeDelivered).toBe(false);
  });

  it('after a timeout (maybe delivered), findCall finds the call instead of placing a second', async () => {
    const { fake, voice } = setup();
    fake.failNext('timeout');
    const error = await voice.placeCall(confirmation('order-1008'), { timeoutMs: 50 }).catch((e) => e);
    expect(TimeoutError.isInstance(error) && error.maybeDelivered).toBe(true);
    const found = await voice.findCall('order-1008');
    expect(found?.callId).toBe(fake.placedCalls[0]?.callId);
    expect(await voice.findCall('order-9999')).toBeUndefined();
    expect(fake.placedCalls).toHaveLength(1);
  });

  it('checks references and call ids before they reach a title or a path', async () => {
    const { voice } = setup();
    await expect(voice.placeCall(confirmation('bad ref]'))).rejects.toSatisfy(ValidationError.isInstance);
    await expect(voice.findCall('a'.repeat(65))).rejects.toSatisfy(ValidationError.isInstance);
    await expect(voice.getCall('../me')).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('warns about what Bulutfon cannot do and sends a sound URL', async () => {
    const { fake, voice } = setup();
    const { warnings } = await voice.placeCall(
      {
        ...confirmation('order-1009'),
        audio: { url: 'https://cdn.example/onay.mp3' },
        ringTimeoutSeconds: 90,
      },
      { idempotencyKey: 'order-1009' },
    );
    expect(warnings.map((warning) => warning.type === 'unsupported-setting' && warning.setting)).toEqual([
      'idempotencyKey',
      'ringTimeoutSeconds',
    ]);
    expect(fake.placedCalls[0]).toMatchObject({ soundUrl: 'https://cdn.example/onay.mp3', timeout: 60 });
  });
});

describe('bridgeCall', () => {
  it('connects an extension with a customer', async () => {
    const { fake, voice } = setup();
    await voice.bridgeCall({ from: PBX, to: CUSTOMER, destination: '1001' });
    expect(fake.state.bridgedCalls).toEqual([
      { caller: PBX, callee: '905321234567', destination: '1001', timeout: undefined },
    ]);
  });
});

describe('parseCallEvent', () => {
  const post = (
    body: string,
    contentType: string,
    authorization = `Basic ${btoa(`${HOOK.username}:${HOOK.password}`)}`,
  ) =>
    new Request('https://shop.example/webhooks/bulutfon/magaza', {
      method: 'POST',
      headers: { 'content-type': contentType, authorization },
      body,
    });
  const json = (fields: Record<string, unknown>) => post(JSON.stringify(fields), 'application/json');

  it.each([
    ['call_init', 'call-started'],
    ['call_hangup', 'call-ended'],
    ['missing_call', 'missed-call'],
    ['fax_init', 'fax-received'],
    ['call_init_extension', 'call-routed'],
    ['incoming_call_extension', 'call-routed'],
    ['call_init_group', 'call-routed'],
    ['incoming_call_group', 'call-routed'],
    ['call_init_menu', 'call-routed'],
    ['call_init_manu', 'call-routed'],
    ['call_transfer', 'other'],
  ])('reads %s as %s', async (eventType, type) => {
    const { voice } = setup();
    const event = await voice.parseCallEvent(json({ event_type: eventType, uuid: 'u1', destination: 1001 }), {
      credentials: HOOK,
    });
    expect(event).toMatchObject({ type, eventName: eventType, uuid: 'u1' });
  });

  it('reads the webhooks the fake posts, JSON and form-encoded alike', async () => {
    for (const webhookFormat of ['json', 'form'] as const) {
      const { fake, voice, received } = setup({ webhookFormat });
      await voice.placeCall(confirmation('order-3001'));
      await fake.dialCalls();
      const events = await Promise.all(
        received.map((request) => voice.parseCallEvent(request, { credentials: HOOK })),
      );
      expect(events.at(-1)).toMatchObject({
        type: 'call-ended',
        direction: 'outbound',
        caller: `+${PBX}`,
        callee: '+905321234567',
        automatic: true,
        hangupCause: 'NORMAL_CLEARING',
        uuid: fake.placedCalls[0]?.uuid,
      });
      expect(events.at(-1)?.at.getTime()).toBeGreaterThan(Date.UTC(2020, 0, 1));
    }
  });

  it("reads a customer's missed call", async () => {
    const { fake, voice, received } = setup();
    const uuid = await fake.receiveCall({ from: '+90 533 765 43 21' });
    const events = await Promise.all(
      received.map((request) => voice.parseCallEvent(request, { credentials: HOOK })),
    );
    expect(events.map((event) => [event.type, event.direction, event.caller, event.uuid])).toEqual([
      ['call-started', 'inbound', '+905337654321', uuid],
      ['missed-call', 'inbound', '+905337654321', uuid],
    ]);
    expect((await voice.client.cdrs.get(uuid)).missingCall).toBe(true);
  });

  it.each([
    ['no credentials', ''],
    ['a wrong password', `Basic ${btoa(`${HOOK.username}:wrong`)}`],
    ['a wrong user', `Basic ${btoa(`other:${HOOK.password}`)}`],
    ['another scheme', `Bearer ${HOOK.password}`],
  ])('refuses %s with AuthenticationError that names no secret', async (_, authorization) => {
    const { voice } = setup();
    const error = await voice
      .parseCallEvent(post('{"event_type":"call_init","uuid":"u"}', 'application/json', authorization), {
        credentials: HOOK,
      })
      .catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ ...error.toJSON(), message: error.message })).not.toContain(HOOK.password);
  });

  it.each([
    ['broken JSON', post('{"event_type":', 'application/json')],
    ['a JSON array', post('[1,2]', 'application/json')],
    ['no event_type', json({ uuid: 'u' })],
    ['no uuid', json({ event_type: 'call_init' })],
    ['an object as event_type', json({ event_type: { a: 1 }, uuid: 'u' })],
    ['an empty form', post('', 'application/x-www-form-urlencoded')],
    [
      'a body over 64 KiB',
      post(`event_type=call_init&uuid=u&pad=${'x'.repeat(70_000)}`, 'application/x-www-form-urlencoded'),
    ],
  ])('refuses %s with ValidationError', async (_, request) => {
    const { voice } = setup();
    await expect(voice.parseCallEvent(request, { credentials: HOOK })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it('keeps an unreadable timestamp from becoming an invalid date', async () => {
    const { voice } = setup();
    const event = await voice.parseCallEvent(json({ event_type: 'call_init', uuid: 'u', timestamp: 'soon' }));
    expect(Number.isNaN(event.at.getTime())).toBe(false);
    const huge = await voice.parseCallEvent(json({ event_type: 'call_init', uuid: 'u', timestamp: 1e300 }));
    expect(Number.isNaN(huge.at.getTime())).toBe(false);
  });
});

describe('the descriptor', () => {
  it('creates the voice provider from configuration, checked without a network call', async () => {
    const { provider } = await import('../src/index');
    expect(() => provider.createVoice?.({ options: {}, env: {} })).toThrow('BULUTFON_TOKEN');
    const fake = createBulutfonFakeServer({ baseUrl: 'https://staging.bulutfon.test' });
    const voice = provider.createVoice?.({
      options: { baseUrl: 'https://staging.bulutfon.test', timeoutMs: 5000 },
      env: { BULUTFON_TOKEN: fake.token },
    });
    expect(voice?.providerId).toBe('bulutfon');
    expect(fake.requests).toHaveLength(0);
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch;
    try {
      await voice?.placeCall(confirmation('order-4001'));
      expect(fake.placedCalls.map((call) => call.to)).toEqual(['+905321234567']);
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('hostile requests', () => {
  it('types what is not a request instead of crashing', async () => {
    const { fake, voice } = setup();
    const hostile = [
      { ...confirmation('order-5001'), title: 42 as unknown as string },
      { ...confirmation('order-5002'), to: undefined as unknown as string },
      { ...confirmation('order-5003'), audio: 'loud' as never },
      { ...confirmation('order-5004'), windows: { monday: { start: '9', end: '18:00' } } },
    ];
    const outcomes = await Promise.allSettled(hostile.map((request) => voice.placeCall(request)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const outcome of outcomes.slice(1)) {
      expect((outcome as PromiseRejectedResult).reason.name).toMatch(
        /ValidationError|InvalidPhoneNumberError/,
      );
    }
    expect(fake.placedCalls.map((call) => call.title)).toEqual(['Otomatik arama [order-5001]']);
  });
});
