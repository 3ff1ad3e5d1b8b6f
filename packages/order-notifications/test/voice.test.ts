import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBulutfonVoice } from '@x/bulutfon';
import { type BulutfonFakeServer, createBulutfonFakeServer } from '@x/bulutfon/testing';
import { InvalidRecipientError } from '@x/messaging-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  type EngineLogger,
  type NotificationEngine,
  type OrderWriter,
  type OutboxStore,
  parseNotificationConfig,
  type ShopConfigInput,
} from '../src/index';
import { SKIPPED_TEXT_LIMIT } from '../src/message-text';
import { CUSTOMER_E164, CUSTOMER_PHONE, event, minute, order, orderUpdate } from './fixtures';
import { createRecordingProvider, type RecordingProvider } from './recording-provider';

const HOOK = { username: 'santral', password: 'hook-secret' };
const PBX = '0212 222 22 22';

const voiceSettings = (overrides: Record<string, unknown> = {}) => ({
  provider: 'bulutfon',
  pbxNumber: PBX,
  cod: { audio: { announcementId: '22' }, attempts: 2, spacingMinutes: 30, confirmStatus: 'processing' },
  missedCall: { noOrderTemplate: 'Bizi aradınız, sizi arayacağız. {shop_name}' },
  ...overrides,
});

function configOf(voice: Record<string, unknown> = voiceSettings()) {
  return parseNotificationConfig({
    shops: { demo: { name: 'Demo', provider: 'sms', voice } as ShopConfigInput },
  });
}

interface Writes {
  notes: { orderId: string; note: string; key: string }[];
  statuses: { orderId: string; status: string }[];
}

let directory: string;
let store: OutboxStore;
let sms: RecordingProvider;
let fake: BulutfonFakeServer;
let engine: NotificationEngine;
let clock: Date;
let writes: Writes;
/** The time limit each write was given. */
let writeLimits: number[];

function writer(): OrderWriter {
  return {
    async addNote(request) {
      writeLimits.push(request.timeoutMs);
      writes.notes.push({ orderId: request.orderId, note: request.note, key: request.key });
    },
    async setStatus(request) {
      writeLimits.push(request.timeoutMs);
      writes.statuses.push({ orderId: request.orderId, status: request.status });
    },
  };
}

async function open(config = configOf(), logger: EngineLogger = {}) {
  store = await createSqliteStore({ filename: join(directory, 'outbox.db'), synchronous: 'normal' });
  const voice = createBulutfonVoice({ token: fake.token, fetch: fake.fetch });
  engine = createNotificationEngine({
    store,
    config,
    logger,
    providers: { sms },
    voiceProviders: { bulutfon: voice },
    orderWriters: { demo: writer() },
    now: () => clock,
    voiceTimings: { outcomePollMs: 60_000, retry: { initialMs: 1000, maxMs: 1000 } },
  });
  return engine;
}

/** Runs due voice jobs until none is due (bounded). */
async function settle(): Promise<void> {
  for (let pass = 0; pass < 20; pass++) if ((await engine.voice.runOnce()) === 0) return;
  throw new Error('voice jobs did not settle');
}

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'voice-'));
  clock = new Date('2026-11-23T12:00:00Z'); // Monday 15:00 in Istanbul
  sms = createRecordingProvider({ providerId: 'sms' });
  writes = { notes: [], statuses: [] };
  writeLimits = [];
  fake = createBulutfonFakeServer({
    calls: {
      autoDial: false,
      webhookUrl: 'https://service.example/webhooks/bulutfon/demo',
      webhookCredentials: HOOK,
      webhookFetch: async (input, init) => {
        const voice = engine.voice.providerOf('demo')!;
        const parsed = await voice.parseCallEvent!(new Request(input, init), { credentials: HOOK });
        await engine.voice.acceptCallEvent('demo', parsed);
        return new Response('ok');
      },
    },
  });
  await open();
});

afterEach(async () => {
  await engine.close();
  rmSync(directory, { recursive: true, force: true });
});

const codOrder = (overrides = {}) => event({ order: order({ paymentMethodId: 'cod', ...overrides }) });

describe('cash-on-delivery confirmation calls', () => {
  it('queues one call job per order, in the accept, however often the order arrives', async () => {
    await engine.accept(codOrder());
    await engine.accept(codOrder());
    await engine.accept(event({ order: order({ id: '1002', paymentMethodId: 'bacs' }) }));
    const jobs = await engine.voice.jobs({ kind: 'cod-call' });
    expect(jobs).toMatchObject([{ orderId: '1001', phone: CUSTOMER_E164, status: 'queued' }]);
  });

  it('queues no call for an order.created older than an update of the order already recorded', async () => {
    const cancelled = orderUpdate('cancelled', minute(5));
    await engine.acceptAll(cancelled, { recordStatus: true });
    const late = await engine.accept(codOrder({ updatedAt: minute(0) }), { recordStatus: true });
    expect(late).toMatchObject({ queued: [], unchanged: 1 });
    expect(await engine.voice.jobs({ kind: 'cod-call' })).toEqual([]);
  });

  it('key 1: one call, then the note and the status are written back once', async () => {
    await engine.accept(codOrder());
    await settle();
    expect(fake.placedCalls).toHaveLength(1);
    await fake.dialCalls();
    await settle();
    await settle();
    expect(fake.placedCalls).toHaveLength(1);
    expect(writes.notes).toEqual([
      { orderId: '1001', note: 'Telefonla onaylandı, tuş 1, 23.11.2026 15:00', key: expect.any(String) },
    ]);
    expect(writes.statuses).toEqual([{ orderId: '1001', status: 'processing' }]);
    // Each write is told its time limit, which a writer reports when it runs out.
    expect(writeLimits).toEqual([15_000, 15_000]);
    const [job] = await engine.voice.jobs({ kind: 'cod-call' });
    expect(job).toMatchObject({ status: 'done', state: { result: 'confirmed', pressedKey: '1' } });
    const calls = await engine.voice.calls({ shopId: 'demo' });
    expect(calls.map((call) => call.eventName).sort()).toEqual(['call_hangup', 'call_init']);
    expect(calls.every((call) => call.orderId === '1001' && !call.callee.includes('1234567'))).toBe(true);
  });

  it('key 2 cancels the order', async () => {
    fake.scriptCalls(CUSTOMER_PHONE, 'press-2');
    await engine.accept(codOrder());
    await settle();
    await fake.dialCalls();
    await settle();
    expect(writes.statuses).toEqual([{ orderId: '1001', status: 'cancelled' }]);
    expect(writes.notes[0]?.note).toMatch(/^Telefonla iptal edildi, tuş 2/);
  });

  it('no answer after the last attempt: one SMS and a note; attempts are spaced', async () => {
    fake.scriptCalls(CUSTOMER_PHONE, 'no-answer', 'busy');
    await engine.accept(codOrder());
    await settle();
    await fake.dialCalls();
    await settle();
    expect(fake.placedCalls).toHaveLength(1);
    clock = new Date(clock.getTime() + 30 * 60_000);
    await settle();
    expect(fake.placedCalls).toHaveLength(2);
    await fake.dialCalls();
    await settle();
    await settle();
    const messages = await engine.messages.list({ shopId: 'demo' });
    const noAnswer = messages.filter((message) => message.dedupeKey.includes('cod-no-answer'));
    expect(noAnswer).toHaveLength(1);
    expect(noAnswer[0]!.text).toMatch(/sizi aradık, ulaşamadık/);
    expect(writes.notes.map((note) => note.note)).toEqual([
      'Kapıda ödeme onayı: müşteriye ulaşılamadı (meşgul), 23.11.2026 15:30',
    ]);
    expect(writes.statuses).toEqual([]);
  });

  it('a forged event changes nothing: the outcome comes from the provider’s API', async () => {
    await engine.accept(codOrder());
    await settle();
    await engine.voice.acceptCallEvent('demo', {
      type: 'call-ended',
      eventName: 'call_hangup',
      uuid: 'forged-uuid',
      direction: 'outbound',
      caller: '+902122222222',
      callee: CUSTOMER_E164,
      at: clock,
      automatic: true,
      talkSeconds: 12,
      raw: {},
    });
    await settle();
    expect(writes).toEqual({ notes: [], statuses: [] });
    const [job] = await engine.voice.jobs({ kind: 'cod-call' });
    expect(job).toMatchObject({ status: 'queued', state: { phase: 'waiting' } });
  });

  it('after a crash between placing the call and recording it: no second call, the outcome still recorded', async () => {
    // The campaign is created, then the read-back fails: the placing's outcome is unknown.
    fake.failNext('server-error', {
      match: (request) => request.method === 'GET' && request.path === '/automatic-calls',
    });
    await engine.accept(codOrder());
    await settle();
    const [unknown] = await engine.voice.jobs({ kind: 'cod-call' });
    expect(unknown).toMatchObject({ state: { phase: 'dialling' } });
    await engine.close();
    clock = new Date(clock.getTime() + 2000);
    await open();
    await fake.dialCalls();
    await settle();
    await settle();
    expect(fake.placedCalls).toHaveLength(1);
    expect(writes.statuses).toEqual([{ orderId: '1001', status: 'processing' }]);
  });

  it('outside the call windows the call waits for the next window, never dropped', async () => {
    clock = new Date('2026-11-23T19:30:00Z'); // 22:30 in Istanbul; the window opens at 09:00
    await engine.accept(codOrder());
    await settle();
    expect(fake.placedCalls).toHaveLength(0);
    const [waiting] = await engine.voice.jobs({ kind: 'cod-call' });
    expect(waiting?.nextAttemptAt.toISOString()).toBe('2026-11-24T06:00:00.000Z');
    clock = new Date('2026-11-24T06:00:00Z');
    await settle();
    expect(fake.placedCalls).toHaveLength(1);
  });

  it('refuses a shop with confirmation calls and no PBX number, naming the setting', () => {
    const { pbxNumber: _pbx, ...withoutPbx } = voiceSettings();
    expect(() => configOf(withoutPbx)).toThrow(ConfigError);
    expect(() => configOf(withoutPbx)).toThrow(/shops\.demo\.voice\.pbxNumber/);
  });
});

describe('missed-call follow-up', () => {
  it('a missed call from a recent customer gets the order’s status once; a second within the period none', async () => {
    await engine.accept(event({ order: order({ status: 'completed' }) }), { recordStatus: true });
    await fake.receiveCall({ from: CUSTOMER_PHONE });
    await settle();
    await fake.receiveCall({ from: CUSTOMER_PHONE });
    await settle();
    const followUps = (await engine.messages.list({ shopId: 'demo' })).filter((message) =>
      message.dedupeKey.includes('missed-call'),
    );
    expect(followUps.map((message) => message.text)).toEqual([
      // The order's number as the shop shows it (A-1001), not its id.
      'Bizi aradınız; A-1001 numaralı siparişinizin durumu: Tamamlandı. Demo',
    ]);
    const calls = await engine.voice.calls({ shopId: 'demo' });
    expect(calls.filter((call) => call.eventName === 'missing_call')).toHaveLength(2);
  });

  it('a number without an order gets the callback text; an opted-out number gets nothing', async () => {
    await fake.receiveCall({ from: '0555 111 22 33' });
    await engine.optOuts.add(['0555 444 55 66']);
    await fake.receiveCall({ from: '0555 444 55 66' });
    await settle();
    const followUps = (await engine.messages.list({ shopId: 'demo' })).filter((message) =>
      message.dedupeKey.includes('missed-call'),
    );
    expect(followUps.map((message) => [message.recipient, message.text])).toEqual([
      ['+905551112233', 'Bizi aradınız, sizi arayacağız. Demo'],
    ]);
  });

  it('a follow-up too long for the provider is stored skipped with its text capped', async () => {
    await engine.close();
    const noOrderTemplate = 'Bizi aradınız, sizi arayacağız. '.repeat(60); // 1,920 characters
    await open(configOf(voiceSettings({ missedCall: { noOrderTemplate } })));
    await fake.receiveCall({ from: '0555 111 22 33' });
    await settle();
    const [followUp] = (await engine.messages.list({ shopId: 'demo' })).filter((message) =>
      message.dedupeKey.includes('missed-call'),
    );
    expect(followUp).toMatchObject({ status: 'skipped', reason: 'message-too-long' });
    expect(followUp!.text).toBe(`${noOrderTemplate.slice(0, SKIPPED_TEXT_LIMIT)}… [+920 characters]`);
  });
});

describe('click-to-call', () => {
  const click = () => engine.voice.clickToCall('demo', { to: CUSTOMER_PHONE, destination: '1001' });

  it("a refused call whose number the store cannot free: the provider's typed error, a warning without the number, the number held for its minute", async () => {
    await engine.close();
    const warnings: { fields: Record<string, unknown>; message: string }[] = [];
    await open(configOf(), { warn: (fields, message) => warnings.push({ fields, message }) });
    store.calls.releaseFollowUpSlot = async () => {
      throw new Error(`SQLITE_BUSY: database is locked (click-to-call:${CUSTOMER_E164})`);
    };
    fake.failNext('invalid-number', { match: (request) => request.path === '/call_and_bridge' });
    const refused = await click().catch((error: unknown) => error);
    expect(InvalidRecipientError.isInstance(refused)).toBe(true);
    expect(warnings).toEqual([
      {
        fields: { shopId: 'demo', error: expect.stringContaining('SQLITE_BUSY: database is locked') },
        message: expect.stringContaining('click-to-call'),
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('5321234567');
    // The number stays held, as after a call that may have been placed: a second click rings nobody until the
    // minute has passed.
    expect(await click()).toBe(false);
    clock = new Date(clock.getTime() + 60_000);
    expect(await click()).toBe(true);
    expect(fake.state.bridgedCalls).toEqual([
      { caller: '902122222222', callee: '905321234567', destination: '1001' },
    ]);
  });
});

describe('template saves', () => {
  /**
   * The shop's voice features, each once: a cash-on-delivery order queues its call, a missed call from a new
   * number gets the callback text, click-to-call rings.
   * @param round - makes the order and the numbers of this round new
   */
  async function voiceWorks(round: number): Promise<void> {
    const orderId = `cod-${round}`;
    const caller = `0555 111 22 3${round}`;
    await engine.accept(codOrder({ id: orderId }));
    expect(await engine.voice.jobs({ kind: 'cod-call' })).toContainEqual(
      expect.objectContaining({ orderId, status: 'queued' }),
    );
    await fake.receiveCall({ from: caller });
    await settle();
    const followUps = (await engine.messages.list({ shopId: 'demo' })).filter((message) =>
      message.dedupeKey.includes('missed-call'),
    );
    expect(followUps.map((message) => message.recipient)).toContain(`+90555111223${round}`);
    expect(await engine.voice.clickToCall('demo', { to: `0532 123 45 6${round}`, destination: '1001' })).toBe(
      true,
    );
  }

  it("a save or a restore of the templates keeps the shop's voice settings, also after a restart", async () => {
    const { settings } = await engine.templates.get('demo');
    const edited = structuredClone(settings);
    edited.rules.status.completed = { enabled: true, customerTemplate: 'Tamamlandı: {order_number}' };
    await engine.templates.save('demo', { settings, baseVersion: 0, user: 'ayse' });
    await voiceWorks(1);
    await engine.templates.save('demo', { settings: edited, baseVersion: 1, user: 'ayse' });
    await voiceWorks(2);
    await engine.close();
    await open();
    // The restart applies the saved version again before anything reads the templates.
    expect(await engine.templates.get('demo')).toMatchObject({ version: 2 });
    await voiceWorks(3);
    await engine.templates.restore('demo', 1, { baseVersion: 2, user: 'ayse' });
    await voiceWorks(4);
    expect(fake.state.bridgedCalls).toHaveLength(4);
  });
});
