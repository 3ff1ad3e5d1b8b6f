import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import {
  captureLog,
  readRequestText,
  startVoiceTestService,
  voiceJobsSettled,
  waitForCondition,
} from '@x/app-service-kit/testing';
import { provider as bulutfon } from '@x/bulutfon';
import {
  type BulutfonFakeListener,
  type BulutfonFakeServer,
  type BulutfonVoiceFake,
  bulutfonVoiceSettings,
  startBulutfonVoiceFake,
} from '@x/bulutfon/testing';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

/**
 * Cash-on-delivery confirmation calls and missed-call follow-ups through the real HTTP service: WooCommerce
 * webhooks in, the fake Bulutfon (on a real port) dialling and posting its call webhooks to the service, notes
 * and statuses written back to a fake WooCommerce REST API.
 */

const SECRET = 'voice-test-webhook-secret';
const HOOK = { username: 'santral', password: 'hook-password-123' };
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const CUSTOMER = '0532 123 45 67';

interface WooWrite {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

let folder: string;
let fake: BulutfonFakeServer;
let listener: BulutfonFakeListener;
let woo: Server;
let wooUrl: string;
let wooWrites: WooWrite[];
/** Statuses the fake REST API answers its next requests with instead of applying them (shifted one a request). */
let wooFailures: number[];
/** How many requests the fake REST API received, answered or not. */
let wooRequests: number;
let sandbox: SandboxProvider;
const services: Service[] = [];
/** The fake Bulutfon; its `targets` are the instances its call webhooks go to. */
let voiceFake: BulutfonVoiceFake;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'voice-service-'));
  sandbox = createSandboxProvider({ autoDeliver: true });
  wooWrites = [];
  wooFailures = [];
  wooRequests = 0;
  woo = createServer(async (request, response) => {
    const text = await readRequestText(request);
    wooRequests += 1;
    const failure = wooFailures.shift();
    if (failure !== undefined) {
      response.statusCode = failure;
      response.end(JSON.stringify({ code: 'refused' }));
      return;
    }
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const url = new URL(request.url ?? '/', 'http://woo.local');
    if (request.method !== 'GET') wooWrites.push({ method: request.method ?? '', path: url.pathname, body });
    const notes = wooWrites.filter((write) => write.method === 'POST').map((write) => write.body);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(request.method === 'GET' ? notes : { id: 1 }));
  });
  await new Promise<void>((resolve) => woo.listen(0, '127.0.0.1', resolve));
  wooUrl = `http://127.0.0.1:${(woo.address() as AddressInfo).port}`;
  voiceFake = await startBulutfonVoiceFake({ shopId: 'demo', credentials: HOOK });
  ({ fake, listener } = voiceFake);
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
  await listener.close();
  await new Promise<void>((resolve) => woo.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

const voiceConfig = (overrides: Record<string, unknown> = {}) =>
  bulutfonVoiceSettings(listener.url, overrides);

const REST_KEY = { WOOCOMMERCE_CONSUMER_KEY_DEMO: 'ck_test', WOOCOMMERCE_CONSUMER_SECRET_DEMO: 'cs_test' };

async function startService(
  voice: Record<string, unknown> = voiceConfig(),
  restKey: Record<string, string> = REST_KEY,
  store?: OutboxStore,
) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db'), sqliteSynchronous: 'normal' },
      dispatcher: { pollIntervalMs: 20, deliveryReportIntervalMs: 0 },
      shops: { demo: { name: 'Demo', provider: 'sandbox', storeUrl: wooUrl, voice } },
    },
    { ADMIN_TOKEN },
    {
      WEBHOOK_SECRET_DEMO: SECRET,
      BULUTFON_TOKEN: fake.token,
      VOICE_WEBHOOK_USER_DEMO: HOOK.username,
      VOICE_WEBHOOK_PASSWORD_DEMO: HOOK.password,
      ...restKey,
    },
  );
  return startVoiceTestService(
    {
      config,
      platform: wooCommercePlatform({ env: restKey }),
      providers: { sandbox },
      builtInProviders: [bulutfon],
      ...(store ? { store } : {}),
    },
    { services, targets: voiceFake.targets },
  );
}

const waitFor = waitForCondition;

async function postOrder(url: string, id: number, status = 'processing', paymentMethod = 'cod') {
  const order = { ...sampleWooOrder({ id, status, phone: CUSTOMER }), payment_method: paymentMethod };
  const delivery = signWooDelivery('order.created', order, SECRET, `d-${id}`);
  const response = await fetch(`${url}/webhooks/woocommerce/demo`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  expect(response.status).toBe(200);
}

async function codJob(service: Service) {
  const [job] = await service.engine.voice.jobs({ kind: 'cod-call' });
  return job;
}

const settled = voiceJobsSettled;

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

describe('cash-on-delivery confirmation calls through the service', () => {
  it('calls once when the order arrives twice at two instances; key 1 writes the note and status once', async () => {
    const first = await startService();
    const second = await startService();
    await postOrder(first.url, 3001);
    await postOrder(second.url, 3001);
    await postOrder(first.url, 3001);
    await waitFor('call placed', async () => (await codJob(first.service))?.state.phase === 'waiting');
    await fake.dialCalls();
    await settled(first.service, 'cod-call');
    await settled(first.service, 'write-back');
    expect(fake.placedCalls).toHaveLength(1);
    // Each call event went to both instances: two deliveries per event, one log entry per event.
    expect(fake.webhookDeliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
    const notes = wooWrites.filter((write) => write.path === '/wp-json/wc/v3/orders/3001/notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toMatchObject({ customer_note: false });
    expect(String(notes[0]?.body.note)).toMatch(/^Telefonla onaylandı, tuş 1, /);
    expect(wooWrites.filter((write) => write.method === 'PUT')).toEqual([
      { method: 'PUT', path: '/wp-json/wc/v3/orders/3001', body: { status: 'processing' } },
    ]);
    const calls = await first.service.app.inject({
      method: 'GET',
      url: '/admin/calls?shop=demo',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(calls.statusCode).toBe(200);
    const logged = calls.json().calls as { eventName: string; callee: string; orderId?: string }[];
    expect(logged.map((call) => call.eventName).sort()).toEqual(['call_hangup', 'call_init']);
    expect(logged.every((call) => call.orderId === '3001' && !call.callee.includes('1234567'))).toBe(true);
  });

  it('key 2 cancels the order', async () => {
    fake.scriptCalls(CUSTOMER, 'press-2');
    const { service, url } = await startService();
    await postOrder(url, 3002);
    await waitFor('call placed', async () => (await codJob(service))?.state.phase === 'waiting');
    await fake.dialCalls();
    await settled(service, 'write-back');
    expect(wooWrites.filter((write) => write.method === 'PUT')).toEqual([
      { method: 'PUT', path: '/wp-json/wc/v3/orders/3002', body: { status: 'cancelled' } },
    ]);
  });

  it('no answer after the last attempt sends one SMS and writes a note', async () => {
    fake.scriptCalls(CUSTOMER, 'no-answer', 'busy');
    const { service, url } = await startService();
    await postOrder(url, 3003);
    await waitFor(
      'first call',
      () => fake.placedCalls.length === 1 && fake.placedCalls[0]?.status === 'queued',
    );
    await fake.dialCalls();
    await waitFor('second call', () => fake.placedCalls.length === 2);
    await fake.dialCalls();
    await settled(service, 'cod-call');
    await settled(service, 'write-back');
    await waitFor('SMS sent', () => sandbox.sent.some((sms) => sms.text.includes('ulaşamadık')));
    expect(sandbox.sent.filter((sms) => sms.text.includes('ulaşamadık'))).toHaveLength(1);
    expect(fake.placedCalls).toHaveLength(2);
    expect(wooWrites.map((write) => write.method)).toEqual(['POST']);
    expect(String(wooWrites[0]?.body.note)).toMatch(/ulaşılamadı \(meşgul\)/);
  });

  it('a forged call webhook changes nothing', async () => {
    const { service, url } = await startService();
    await postOrder(url, 3004);
    await waitFor('call placed', async () => (await codJob(service))?.state.phase === 'waiting');
    const before = (await codJob(service))!.attempts;
    const forged = await fetch(`${url}/webhooks/bulutfon/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(HOOK.username, HOOK.password) },
      body: JSON.stringify({
        event_type: 'call_hangup',
        uuid: '0b9c1e2a-1111-4222-8333-444455556666',
        direction: 'OUT',
        caller: 902122222222,
        callee: 905321234567,
        autodial: true,
        talk_duration: 9,
        hangup_cause: 'NORMAL_CLEARING',
        timestamp: Date.now() * 1000,
      }),
    });
    expect(forged.status).toBe(200);
    // The event woke the job; it read the call from Bulutfon's API, where it is still queued.
    await waitFor('job read the call', async () => (await codJob(service))!.attempts > before);
    await waitFor('job released', async () => (await codJob(service))!.status === 'queued');
    expect(await codJob(service)).toMatchObject({ state: { phase: 'waiting' } });
    expect(wooWrites).toEqual([]);
    expect(fake.placedCalls.map((call) => call.status)).toEqual(['queued']);
  });

  it('a crash between placing the call and recording it: no second call, the outcome still recorded', async () => {
    // Bulutfon queues the campaign, then the read-back that finds its id fails: the outcome is unknown.
    fake.failNext('server-error', {
      match: (request) => request.method === 'GET' && request.path === '/automatic-calls',
    });
    const first = await startService();
    await postOrder(first.url, 3005);
    await waitFor('attempt recorded', async () => (await codJob(first.service))?.state.phase === 'dialling');
    await first.service.stop();
    voiceFake.targets.length = 0;
    const second = await startService();
    await waitFor('call found again', async () => (await codJob(second.service))?.state.phase === 'waiting');
    await fake.dialCalls();
    await settled(second.service, 'cod-call');
    await settled(second.service, 'write-back');
    expect(fake.placedCalls).toHaveLength(1);
    expect(await codJob(second.service)).toMatchObject({ state: { result: 'confirmed' } });
    expect(wooWrites.filter((write) => write.method === 'PUT')).toHaveLength(1);
  });
});

describe('writing the outcome back through the REST API', () => {
  /** Places a COD order, confirms it by key 1 and waits for the write-back job to settle. */
  async function confirmedOrder(id: number) {
    const { service, url } = await startService();
    await postOrder(url, id);
    await waitFor('call placed', async () => (await codJob(service))?.state.phase === 'waiting');
    await fake.dialCalls();
    await settled(service, 'write-back');
    const [job] = await service.engine.voice.jobs({ kind: 'write-back' });
    return job!;
  }

  it.each([401, 403])(
    'a REST key refused with %i fails the write-back at once, without a retry',
    async (status) => {
      wooFailures = [status];
      const job = await confirmedOrder(3020);
      expect(job).toMatchObject({ status: 'failed', attempts: 1 });
      expect(job.lastError).toContain(`HTTP ${status}`);
      expect(job.lastError).not.toMatch(/ck_test|cs_test/);
      expect(wooRequests).toBe(1);
      expect(wooWrites).toEqual([]);
    },
  );

  it('a 503 is retried, and the note and status are written once', async () => {
    wooFailures = [503];
    const job = await confirmedOrder(3021);
    expect(job).toMatchObject({ status: 'done' });
    expect(job.attempts).toBeGreaterThan(1);
    // The retry looked the note up (GET) before posting it.
    expect(wooRequests).toBe(4);
    expect(wooWrites.map((write) => `${write.method} ${write.path}`)).toEqual([
      'POST /wp-json/wc/v3/orders/3021/notes',
      'PUT /wp-json/wc/v3/orders/3021',
    ]);
  });

  it('refuses to start a shop with confirmation calls and no REST key, naming the variables only', async () => {
    const started = startService(voiceConfig(), { WOOCOMMERCE_CONSUMER_KEY_DEMO: 'ck_only_the_key' });
    await expect(started).rejects.toThrow(/WOOCOMMERCE_CONSUMER_SECRET_DEMO/);
    await expect(started).rejects.not.toThrow(/ck_only_the_key|WOOCOMMERCE_CONSUMER_KEY_DEMO/);
    await expect(startService(voiceConfig(), {})).rejects.toThrow(
      /WOOCOMMERCE_CONSUMER_KEY_DEMO and WOOCOMMERCE_CONSUMER_SECRET_DEMO/,
    );
  });

  it('starts a shop without confirmation calls and without a REST key', async () => {
    const { cod: _cod, ...missedCallsOnly } = voiceConfig();
    await expect(startService(missedCallsOnly, {})).resolves.toMatchObject({ url: expect.any(String) });
  });
});

describe('missed calls through the service', () => {
  it('a missed call gets one follow-up SMS; a second within the period none', async () => {
    const { service, url } = await startService();
    await postOrder(url, 3010, 'completed', 'bacs');
    await fake.receiveCall({ from: CUSTOMER });
    await fake.receiveCall({ from: CUSTOMER });
    await settled(service, 'missed-call', 2);
    await waitFor('follow-up sent', () => sandbox.sent.some((sms) => sms.text.startsWith('Bizi aradınız')));
    expect(sandbox.sent.filter((sms) => sms.text.startsWith('Bizi aradınız')).map((sms) => sms.text)).toEqual(
      ['Bizi aradınız; 3010 numaralı siparişinizin durumu: Tamamlandı. Demo'],
    );
    expect(fake.placedCalls).toEqual([]);
  });
});

describe('bad input at the call webhook', () => {
  it('answers 401 without the Basic credentials, 400 for a malformed event, 404 for another provider', async () => {
    const { service, url } = await startService();
    const event = JSON.stringify({ event_type: 'missing_call', uuid: 'u-1', caller: 905321234567 });
    const post = (headers: Record<string, string>, body = event, route = 'bulutfon') =>
      fetch(`${url}/webhooks/${route}/demo`, { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json' };
    const missing = await post(json);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await post({ ...json, authorization: basic(HOOK.username, 'wrong-password-00') })).status).toBe(
      401,
    );
    const auth = { ...json, authorization: basic(HOOK.username, HOOK.password) };
    expect((await post(auth, '{"event_type":')).status).toBe(400);
    expect((await post(auth, JSON.stringify({ event_type: 'call_hangup' }))).status).toBe(400);
    expect((await post(auth, event, 'organik')).status).toBe(404);
    // An unknown call's event is logged and changes nothing.
    const unknown = await post(
      auth,
      JSON.stringify({
        event_type: 'call_hangup',
        uuid: 'nobody-knows',
        direction: 'OUT',
        caller: 1,
        callee: 2,
      }),
    );
    expect(unknown.status).toBe(200);
    expect(await service.engine.voice.jobs({})).toEqual([]);
    const form = await post(
      { 'content-type': 'application/x-www-form-urlencoded', authorization: auth.authorization },
      new URLSearchParams({
        event_type: 'call_init',
        uuid: 'u-form',
        direction: 'IN',
        caller: '905321234567',
        callee: '902122222222',
      }).toString(),
    );
    expect(form.status).toBe(200);
    expect((await service.engine.voice.calls({ shopId: 'demo' })).map((call) => call.uuid)).toContain(
      'u-form',
    );
    // A PBX's fields come from the internet: stored normalised and bounded, and a uuid that is nothing once
    // normalised is refused like a malformed event.
    const hostile = await post(
      auth,
      JSON.stringify({
        event_type: 'call_hangup\u0000',
        uuid: 'u-\u0000hostile\r\n',
        direction: 'IN',
        caller: 1,
        callee: 2,
        hangup_cause: `NORMAL\u202e${'x'.repeat(5000)}`,
      }),
    );
    expect(hostile.status).toBe(200);
    const hostileCall = (await service.engine.voice.calls({ shopId: 'demo' })).find(
      (call) => call.uuid === 'u-hostile',
    );
    expect(hostileCall?.hangupCause).toMatch(/^NORMALx+$/);
    expect(hostileCall?.hangupCause?.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(hostileCall)).not.toMatch(/\\u0000|\\u202e/);
    const empty = await post(auth, JSON.stringify({ event_type: 'call_hangup', uuid: '\u0000\t ' }));
    expect(empty.status).toBe(400);
  });

  it('refuses to start a shop with confirmation calls and no PBX number, naming the setting', async () => {
    const { pbxNumber: _pbx, ...withoutPbx } = voiceConfig();
    await expect(startService(withoutPbx)).rejects.toThrow(/shops\.demo\.voice\.pbxNumber/);
  });

  it('click-to-call rings once for a double click', async () => {
    const { service } = await startService();
    const click = () =>
      service.app.inject({
        method: 'POST',
        url: '/admin/calls/click-to-call',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { shop: 'demo', to: CUSTOMER, destination: '1001' },
      });
    const answers = await Promise.all([click(), click()]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([202, 409]);
    expect(fake.state.bridgedCalls).toEqual([
      { caller: '902122222222', callee: '905321234567', destination: '1001' },
    ]);
  });

  it('click-to-call: a refused number holds no slot, the corrected click rings once, a maybe-placed call holds it', async () => {
    const { url } = await startService();
    const click = (to: string) =>
      fetch(`${url}/admin/calls/click-to-call`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ shop: 'demo', to, destination: '1001' }),
      });
    const bridging = { match: (request: { path: string }) => request.path === '/call_and_bridge' };
    // A number the client refuses, then the same number Bulutfon refuses: 400, and no call.
    expect((await click('0532 123 45 6x')).status).toBe(400);
    fake.failNext('invalid-number', bridging);
    const refused = await click(CUSTOMER);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toEqual({
      code: 'invalid_body',
      message: 'to: the provider refused this number',
    });
    expect(fake.state.bridgedCalls).toEqual([]);
    // Clicked again at once (a double click): it rings, once.
    const answers = await Promise.all([click(CUSTOMER), click(CUSTOMER)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect(fake.state.bridgedCalls).toEqual([
      { caller: '902122222222', callee: '905321234567', destination: '1001' },
    ]);
    // A server error may have placed the call: the number stays taken for the minute, nothing rings twice.
    fake.failNext('server-error', bridging);
    expect((await click('0533 765 43 21')).status).toBe(502);
    expect((await click('0533 765 43 21')).status).toBe(409);
    expect(fake.state.bridgedCalls).toHaveLength(1);
  });

  it("click-to-call: a refused number whose slot the store cannot free still answers the provider's refusal, and holds the number", async () => {
    const store = await createSqliteStore({ filename: path.join(folder, 'notifications.db') });
    store.calls.releaseFollowUpSlot = async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    const { url } = await startService(voiceConfig(), REST_KEY, store);
    const click = () =>
      fetch(`${url}/admin/calls/click-to-call`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ shop: 'demo', to: CUSTOMER, destination: '1001' }),
      });
    fake.failNext('invalid-number', { match: (request) => request.path === '/call_and_bridge' });
    const refused = await click();
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toEqual({
      code: 'invalid_body',
      message: 'to: the provider refused this number',
    });
    // The number stays held for its minute, as after a call that may have been placed: nothing rings.
    expect((await click()).status).toBe(409);
    expect(fake.state.bridgedCalls).toEqual([]);
  });

  it("click-to-call answers 502 provider_setup when Bulutfon refuses the shop's own caller number, and holds no slot", async () => {
    const { url } = await startService();
    const click = () =>
      fetch(`${url}/admin/calls/click-to-call`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ shop: 'demo', to: CUSTOMER, destination: '1001' }),
      });
    const bridging = { match: (request: { path: string }) => request.path === '/call_and_bridge' };
    fake.failNext(
      { status: 422, body: { error: 'Caller 902122222222 is not a number of this account' } },
      bridging,
    );
    const refused = await click();
    expect(refused.status).toBe(502);
    const text = await refused.text();
    expect(JSON.parse(text).error).toEqual({
      code: 'provider_setup',
      message:
        "The bulutfon account refused the caller number or sender set for this shop: check the shop's PBX number " +
        '(voice.pbxNumber) or SMS sender (sender), and that the bulutfon account owns or has approved it',
    });
    expect(text).not.toMatch(/5321234567|123 45 67|2122222222/);
    // The call was surely not placed: once the setting is fixed, the next click rings.
    expect((await click()).status).toBe(202);
    expect(fake.state.bridgedCalls).toHaveLength(1);
  });

  it('click-to-call answers 400 for a number Bulutfon refuses and 409 for a shop without a PBX number', async () => {
    const click = (service: Service, to: string) =>
      service.app.inject({
        method: 'POST',
        url: '/admin/calls/click-to-call',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { shop: 'demo', to, destination: '1001' },
      });
    const { service } = await startService();
    const refused = await click(service, 'abc');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toEqual({ code: 'invalid_body', message: 'to: not a phone number' });
    const { pbxNumber: _pbx, ...withoutPbx } = voiceConfig({ cod: { enabled: false } });
    const { service: noPbx } = await startService(withoutPbx);
    const unset = await click(noPbx, CUSTOMER);
    expect(unset.statusCode).toBe(409);
    expect(unset.json().error.code).toBe('no_voice');
    expect(fake.state.bridgedCalls).toEqual([]);
  });
});

describe('the warm-up of a shop with voice settings', () => {
  it('runs to its end, with the voice providers, and places no call nor queues anything', async () => {
    const log = captureLog();
    const config = parseServiceConfig(
      {
        server: { host: '127.0.0.1', port: 0 },
        storage: { sqliteFile: path.join(folder, 'notifications.db'), sqliteSynchronous: 'normal' },
        dispatcher: { enabled: false },
        shops: { demo: { name: 'Demo', provider: 'sandbox', storeUrl: wooUrl, voice: voiceConfig() } },
      },
      { ADMIN_TOKEN },
      {
        WEBHOOK_SECRET_DEMO: SECRET,
        BULUTFON_TOKEN: fake.token,
        VOICE_WEBHOOK_USER_DEMO: HOOK.username,
        VOICE_WEBHOOK_PASSWORD_DEMO: HOOK.password,
        ...REST_KEY,
      },
    );
    const service = await createService({
      config,
      platform: wooCommercePlatform({ env: REST_KEY }),
      providers: { sandbox },
      builtInProviders: [bulutfon],
      logger: createLogger({ level: 'debug', destination: log.destination }),
      warmUp: { connections: 20, rounds: 2 },
    });
    services.push(service);
    await service.start();
    const text = log.text();
    expect(text).not.toMatch(/warm-up failed/);
    expect(text).toMatch(/"msg":"warmed up"/);
    expect(fake.placedCalls).toEqual([]);
    expect(await service.engine.voice.jobs({})).toEqual([]);
    expect(await service.engine.messages.list({ limit: 10 })).toEqual([]);
  });
});

describe('template saves through the admin API', () => {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  let round = 0;

  /** The shop's Bulutfon features over HTTP: its call webhook takes an event (200), click-to-call rings. */
  async function voiceWorks(url: string): Promise<void> {
    round += 1;
    const hook = await fetch(`${url}/webhooks/bulutfon/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(HOOK.username, HOOK.password) },
      body: JSON.stringify({
        event_type: 'missing_call',
        uuid: `c0ffee00-0000-4000-8000-00000000000${round}`,
        direction: 'IN',
        caller: '905321234567',
        callee: '902122222222',
      }),
    });
    expect(hook.status).toBe(200);
    const click = await fetch(`${url}/admin/calls/click-to-call`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ shop: 'demo', to: `0533 765 43 2${round}`, destination: '1001' }),
    });
    expect(click.status).toBe(202);
    expect(fake.state.bridgedCalls).toHaveLength(round);
  }

  async function templates(url: string): Promise<{ settings: unknown; version: number }> {
    const answer = await fetch(`${url}/admin/shops/demo/templates`, { headers: admin });
    expect(answer.status).toBe(200);
    return answer.json();
  }

  it('a save, a restart on the same database and a restore keep the call webhook and click-to-call', async () => {
    round = 0;
    const first = await startService();
    await voiceWorks(first.url);
    const { settings, version } = await templates(first.url);
    const saved = await fetch(`${first.url}/admin/shops/demo/templates`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ settings, baseVersion: version }),
    });
    expect(await saved.json()).toEqual({ version: 1 });
    await voiceWorks(first.url);
    await first.service.stop();
    voiceFake.targets.length = 0;
    const second = await startService();
    // Read first: the saved version is applied again before the voice features are tried.
    expect(await templates(second.url)).toMatchObject({ version: 1 });
    await voiceWorks(second.url);
    const restored = await fetch(`${second.url}/admin/shops/demo/templates/versions/1/restore`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ baseVersion: 1 }),
    });
    expect(await restored.json()).toEqual({ version: 2 });
    await voiceWorks(second.url);
  });
});
