import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  type NotificationEngineOptions,
  type OutboxStore,
  parseNotificationConfig,
} from '../src/index';
import { ADMIN_E164, CUSTOMER_E164, event, order } from './fixtures';
import { createRecordingProvider, type RecordingProvider } from './recording-provider';

const config = parseNotificationConfig({
  shops: {
    demo: { name: 'Demo Mağaza', provider: 'sms', adminPhones: ['0555 987 65 43'], sender: 'DEMO' },
  },
});

let directory: string;
let store: OutboxStore;
let provider: RecordingProvider;
let engine: NotificationEngine;
let clock: Date;

async function setup(options: Partial<NotificationEngineOptions> = {}) {
  store = await createSqliteStore({ filename: join(directory, 'outbox.db'), synchronous: 'normal' });
  engine = createNotificationEngine({
    store,
    config,
    providers: { sms: provider },
    now: () => clock,
    retryDelay: { initialMs: 1000, maxMs: 10_000 },
    ...options,
  });
}

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'order-notifications-'));
  provider = createRecordingProvider({ providerId: 'sms' });
  clock = new Date('2026-11-23T12:00:00Z');
  await setup();
});

afterEach(async () => {
  await engine.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('accept', () => {
  it('queues the new-order messages for customer and admin, masked in the result', async () => {
    const result = await engine.accept(event());
    expect(result.duplicates).toBe(0);
    expect(result.queued.map((message) => [message.role, message.recipient])).toEqual([
      ['customer', '+90532*****67'],
      ['admin', '+90555*****43'],
    ]);
    expect(provider.attempts).toBe(0);
    const stored = await engine.messages.list({ shopId: 'demo' });
    expect(stored.map((message) => message.recipient).sort()).toEqual([CUSTOMER_E164, ADMIN_E164]);
  });

  it('sends no confirmation for a pending order, then one when payment moves it to processing', async () => {
    const pending = await engine.accept(event({ order: order({ status: 'pending' }) }));
    expect(pending.queued).toEqual([]);
    expect(pending.skipped.map((skip) => skip.reason)).toContain('not-a-new-order-status');
    const paid = await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'pending', to: 'processing' } }),
    );
    expect(paid.queued).toHaveLength(2);
    expect(paid.skipped.map((skip) => skip.reason)).toContain('covered-by-new-order');
    const again = await engine.accept(
      event({ type: 'order.created', order: order({ status: 'processing' }) }),
    );
    expect(again.queued).toEqual([]);
    expect(again.duplicates).toBe(2);
  });

  it('reads a status named like a property of every object as a status without a rule or label', async () => {
    for (const to of ['constructor', '__proto__', 'toString']) {
      const result = await engine.accept(
        event({ type: 'order.status_changed', status: { from: 'processing', to } }),
      );
      expect(result.queued.filter((message) => message.role === 'customer')).toEqual([]);
      expect(result.skipped).toContainEqual({ role: 'customer', reason: 'no-rule' });
    }
    for (const status of ['constructor', 'valueOf', 'wc-hasOwnProperty']) {
      const preview = engine.preview({
        shopId: 'demo',
        template: 'Durum: {status_label}',
        order: { status },
      });
      expect(preview.text).toBe(`Durum: ${status}`);
    }
  });

  it('never confirms a failed payment', async () => {
    const result = await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'pending', to: 'failed' } }),
    );
    expect(result.queued).toEqual([]);
    expect(result.skipped).toContainEqual({ role: 'customer', reason: 'rule-disabled' });
  });

  it('deduplicates the same event delivered twice, and concurrently', async () => {
    const first = await engine.accept(event());
    const [second, third] = await Promise.all([engine.accept(event()), engine.accept(event())]);
    expect(first.queued).toHaveLength(2);
    expect(second!.queued.length + third!.queued.length).toBe(0);
    expect(second!.duplicates + third!.duplicates).toBe(4);
    expect(await engine.dispatchOnce()).toBe(2);
    expect(provider.sent).toHaveLength(2);
  });

  it('records an unusable number as skipped with the reason', async () => {
    const result = await engine.accept(event({ customer: { firstName: 'Ali', phone: '+90 12' } }));
    expect(result.skipped).toContainEqual({
      role: 'customer',
      recipient: expect.stringMatching(/^\*+$|^\+?\d*\*+\d*$/),
      reason: 'invalid-phone-number:too-short',
    });
    const skipped = await engine.messages.list({ status: 'skipped' });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toBe('invalid-phone-number:too-short');
  });

  it('records a landline as skipped: it cannot take SMS', async () => {
    const result = await engine.accept(event({ customer: { firstName: 'Ali', phone: '0212 444 12 12' } }));
    expect(result.skipped).toContainEqual({
      role: 'customer',
      recipient: '+90212*****12',
      reason: 'invalid-phone-number:not-mobile',
    });
  });

  it('names fewer items when the list would make the message too long', async () => {
    await engine.close();
    const longConfig = parseNotificationConfig({
      shops: {
        demo: {
          name: 'Demo',
          provider: 'sms',
          rules: {
            events: {
              'order.created': { customerTemplate: 'Siparişiniz: {items}. Toplam {total} {currency}' },
            },
          },
        },
      },
    });
    store = await createSqliteStore({ filename: join(directory, 'long.db') });
    engine = createNotificationEngine({
      store,
      config: longConfig,
      providers: { sms: provider },
      now: () => clock,
    });
    const items = Array.from({ length: 80 }, (_, index) => ({
      name: `Ürün numarası ${index + 1}`,
      quantity: 1,
    }));
    const result = await engine.accept(event({ order: order({ items }) }));
    expect(result.queued).toHaveLength(1);
    const [message] = await engine.messages.list({});
    expect(message!.text).toMatch(/^Siparişiniz: Ürün numarası 1, .* ve \d+ ürün daha\. Toplam 149\.90 TRY$/);
    expect(message!.segments).toBeLessThanOrEqual(7);
  });

  it('skips a message longer than the provider allows when nothing can be shortened', async () => {
    await engine.close();
    const shortProvider = createRecordingProvider({ providerId: 'sms' });
    shortProvider.capabilities.maxSegments = 1;
    store = await createSqliteStore({ filename: join(directory, 'short.db') });
    engine = createNotificationEngine({ store, config, providers: { sms: shortProvider }, now: () => clock });
    const result = await engine.accept(
      event({
        type: 'order.note_added',
        note: { id: 'n', text: 'Uzun not. '.repeat(30), customerVisible: true },
      }),
    );
    expect(result.skipped).toContainEqual({
      role: 'customer',
      recipient: '+90532*****67',
      reason: 'message-too-long',
    });
  });

  it('records a customer without a phone as skipped, once', async () => {
    const result = await engine.accept(event({ customer: { firstName: 'Ali' } }));
    expect(result.skipped).toContainEqual({ role: 'customer', reason: 'no-phone' });
    const blank = await engine.accept(event({ customer: { firstName: 'Ali', phone: '  ' } }));
    expect(blank.duplicates).toBe(2); // the customer (no phone) and the admin message
    expect((await engine.messages.counts({})).skipped).toBe(1);
    expect((await engine.messages.list({ status: 'skipped' }))[0]).toMatchObject({
      recipient: '',
      reason: 'no-phone',
    });
  });

  it('normalises "+90 0" numbers before dedupe', async () => {
    await engine.accept(event({ customer: { firstName: 'Ayşe', phone: '+90 0532 123 45 67' } }));
    const second = await engine.accept(event({ customer: { firstName: 'Ayşe', phone: '05321234567' } }));
    expect(second.duplicates).toBe(2);
  });

  it('refuses a malformed event with a typed error that does not echo personal data', async () => {
    const malformed = event({ type: 'order.note_added' });
    const error = await engine.accept(malformed).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ValidationError', target: 'event' });
    expect((error as Error).message).toContain('note');
    expect((error as Error).message).not.toContain('532');
  });

  it('refuses an event for an unknown shop', async () => {
    const error = await engine.accept(event({ shopId: 'other' })).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('shops.other: unknown shop');
  });
});

describe('events', () => {
  it('sends a customer-visible note, and nothing to the customer for a private one', async () => {
    const visible = await engine.accept(
      event({
        type: 'order.note_added',
        note: { id: 'n1', text: 'Kargo yarın çıkacak', customerVisible: true },
      }),
    );
    expect(visible.queued).toHaveLength(1);
    const hidden = await engine.accept(
      event({ type: 'order.note_added', note: { id: 'n2', text: 'iç not', customerVisible: false } }),
    );
    expect(hidden.queued).toHaveLength(0);
    expect(hidden.skipped).toContainEqual({ role: 'customer', reason: 'private-note' });
    await engine.dispatchOnce();
    expect(provider.sent.map((sent) => sent.text)).toEqual([
      'Demo Mağaza: A-1001 numaralı siparişinize not eklendi: Kargo yarın çıkacak',
    ]);
  });

  it('sends the tracking number of a shipment once per tracking number', async () => {
    const shipment = {
      trackingNumber: 'YK123',
      trackingCompany: 'Yurtiçi',
      trackingUrl: 'https://t.example/YK123',
    };
    await engine.accept(event({ type: 'order.shipment_added', shipment }));
    await engine.accept(event({ type: 'order.shipment_added', shipment }));
    await engine.accept(
      event({
        type: 'order.shipment_added',
        shipment: { ...shipment, trackingNumber: 'YK124', trackingUrl: 'https://t.example/YK124' },
      }),
    );
    await engine.dispatchOnce();
    expect(provider.sent.map((sent) => sent.text)).toEqual([
      'Sayın Ayşe, A-1001 numaralı siparişiniz kargoya verildi. Yurtiçi takip no: YK123 https://t.example/YK123',
      'Sayın Ayşe, A-1001 numaralı siparişiniz kargoya verildi. Yurtiçi takip no: YK124 https://t.example/YK124',
    ]);
  });

  it('welcomes a registered customer once', async () => {
    const registered = event({ type: 'customer.registered' });
    delete registered.order;
    await engine.accept(registered);
    const again = await engine.accept(registered);
    expect(again.duplicates).toBe(1);
    await engine.dispatchOnce();
    expect(provider.sent).toEqual([
      expect.objectContaining({ to: CUSTOMER_E164, text: 'Sayın Ayşe, Demo Mağaza ailesine hoş geldiniz!' }),
    ]);
  });

  it('sends the status message of a later status change with the sender id', async () => {
    await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'processing', to: 'completed' } }),
    );
    await engine.dispatchOnce();
    expect(provider.sent).toEqual([
      expect.objectContaining({
        to: CUSTOMER_E164,
        from: 'DEMO',
        text: 'Sayın Ayşe, A-1001 numaralı siparişiniz tamamlandı. Bizi tercih ettiğiniz için teşekkürler. Demo Mağaza',
      }),
    ]);
  });

  it('ignores a status change to the same status', async () => {
    const result = await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'completed', to: 'completed' } }),
    );
    expect(result).toEqual({
      queued: [],
      duplicates: 0,
      skipped: [{ role: 'customer', reason: 'status-unchanged' }],
      unchanged: 0,
    });
  });
});

describe('dispatch', () => {
  it('sends each message once with its id as reference and records the outcome', async () => {
    await engine.accept(event());
    expect(await engine.dispatchOnce()).toBe(2);
    expect(await engine.dispatchOnce()).toBe(0);
    const [sent] = await engine.messages.list({ role: 'customer' });
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, credits: 1, sentAt: clock });
    expect(provider.sent.find((record) => record.to === CUSTOMER_E164)?.reference).toBe(sent!.id);
    expect(await engine.messages.costTotals({})).toEqual({ segments: 2, credits: 2 });
  });

  it('retries a retryable failure with backoff, then succeeds', async () => {
    await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'processing', to: 'completed' } }),
    );
    provider.failNext('server-error', 'rate-limit');
    await engine.dispatchOnce();
    const [first] = await engine.messages.list({ role: 'customer' });
    expect(first).toMatchObject({ status: 'queued', attempts: 1, lastError: { kind: 'network' } });
    expect(first!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(clock.getTime() + 500);
    expect(await engine.dispatchOnce()).toBe(0);
    clock = new Date(clock.getTime() + 10_000);
    await engine.dispatchOnce();
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'queued',
      attempts: 2,
      lastError: { kind: 'rate-limit' },
    });
    clock = new Date(clock.getTime() + 10_000);
    await engine.dispatchOnce();
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
    expect(provider.sent.filter((record) => record.to === CUSTOMER_E164)).toHaveLength(1);
  });

  it('moves a message to dead after maxAttempts retryable failures', async () => {
    await engine.close();
    await setup({ maxAttempts: 3 });
    await engine.accept(event({ order: order({ status: 'on-hold' }) }));
    provider.failNext(...Array(6).fill('server-error'));
    for (let pass = 0; pass < 3; pass++) {
      await engine.dispatchOnce();
      clock = new Date(clock.getTime() + 60_000);
    }
    const counts = await engine.messages.counts({});
    expect(counts.dead).toBe(2);
    expect(counts.queued).toBe(0);
    expect(provider.attempts).toBe(6);
    expect((await engine.messages.list({}))[0]).toMatchObject({ reason: 'retries-exhausted', attempts: 3 });
  });

  it('fails a message at once on a non-retryable error', async () => {
    await engine.accept(event({ customer: { firstName: 'Ayşe', phone: CUSTOMER_E164 } }));
    provider.failNext('invalid-sender');
    await engine.dispatchOnce();
    expect((await engine.messages.counts({ role: 'customer' })).failed).toBe(1);
  });

  it('marks an unexpected provider crash as unknown and keeps the number out of the stored error', async () => {
    await engine.accept(event());
    provider.failNext('crash');
    await engine.dispatchOnce();
    const unknown = await engine.messages.list({ status: 'unknown' });
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.lastError?.message).toBe('Unexpected TypeError from the provider');
  });

  it('records a blacklisted recipient as skipped and opts the number out', async () => {
    await engine.accept(event({ order: order({ id: '1', status: 'processing' }) }));
    provider.failNext('blacklisted');
    await engine.dispatchOnce();
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'skipped',
      reason: 'blacklisted',
    });
    expect(await engine.optOuts.list()).toEqual([
      expect.objectContaining({ phone: CUSTOMER_E164, source: 'sms' }),
    ]);
    const next = await engine.accept(event({ order: order({ id: '2', status: 'processing' }) }));
    expect(next.skipped).toContainEqual({
      role: 'customer',
      recipient: '+90532*****67',
      reason: 'opted-out',
    });
  });

  it('skips numbers on the local opt-out list, at accept and at dispatch', async () => {
    await engine.accept(event({ order: order({ id: '1' }) }));
    expect(await engine.optOuts.add(['0532 123 45 67'])).toBe(1);
    const later = await engine.accept(event({ order: order({ id: '2' }) }));
    expect(later.skipped).toContainEqual({
      role: 'customer',
      recipient: '+90532*****67',
      reason: 'opted-out',
    });
    await engine.dispatchOnce();
    expect(provider.sent.map((record) => record.to)).toEqual([ADMIN_E164, ADMIN_E164]);
    expect((await engine.messages.counts({ role: 'customer' })).skipped).toBe(2);
    await engine.optOuts.remove(['+905321234567']);
    expect(await engine.optOuts.list()).toEqual([]);
  });

  it('sends a message accepted before a crash exactly once after restart', async () => {
    await engine.accept(event());
    await engine.close(); // the process dies after the durable accept, before any send
    await setup();
    expect(await engine.dispatchOnce()).toBe(2);
    await engine.close();
    await setup();
    expect(await engine.dispatchOnce()).toBe(0);
    expect(provider.sent).toHaveLength(2);
  });

  it('a dispatcher loop sends queued messages and stops after finishing in-flight sends', async () => {
    for (let index = 0; index < 20; index++)
      await engine.accept(event({ order: order({ id: `o${index}` }) }));
    const dispatcher = engine.startDispatcher({ concurrency: 3, pollIntervalMs: 5, ratePerSecond: Infinity });
    while ((await engine.messages.counts({})).sent < 40)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await dispatcher.stop();
    expect(dispatcher.running).toBe(false);
    expect(provider.sent).toHaveLength(40);
    expect(new Set(provider.sent.map((record) => record.reference)).size).toBe(40);
  });
});

describe('unknown outcomes', () => {
  async function sendIntoTimeout() {
    await engine.accept(event({ customer: { firstName: 'Ayşe', phone: CUSTOMER_E164 } }));
    provider.failNext('timeout-after-send');
    await engine.dispatchOnce();
    const [message] = await engine.messages.list({ role: 'customer' });
    expect(message).toMatchObject({ status: 'unknown', reason: 'outcome-unknown' });
    return message!;
  }

  it('never resends a maybe-delivered message by itself', async () => {
    await sendIntoTimeout();
    clock = new Date(clock.getTime() + 3_600_000);
    await engine.dispatchOnce();
    expect(provider.sent.filter((record) => record.to === CUSTOMER_E164)).toHaveLength(1);
  });

  it('reconciles from the provider reports by reference: found means sent, not resent', async () => {
    const message = await sendIntoTimeout();
    provider.reports.set(message.id, {
      reference: message.id,
      providerMessageId: 'pm-x',
      to: CUSTOMER_E164,
      status: 'delivered',
      at: clock,
      raw: {},
    });
    expect(await engine.syncDeliveryReports()).toBe(1);
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'delivered',
      providerMessageId: 'pm-x',
    });
    expect(provider.reportQueries[0]).toEqual({ references: [message.id] });
    clock = new Date(clock.getTime() + 3_600_000);
    await engine.dispatchOnce();
    expect(provider.sent.filter((record) => record.to === CUSTOMER_E164)).toHaveLength(1);
  });

  it('resends with the same reference only when the provider does not know it after the grace period', async () => {
    const message = await sendIntoTimeout();
    provider.sent.length = 0; // the provider lost it
    expect(await engine.syncDeliveryReports()).toBe(0); // too early to trust "not found"
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect(await engine.syncDeliveryReports()).toBe(1);
    await engine.dispatchOnce();
    expect(provider.sent).toEqual([expect.objectContaining({ to: CUSTOMER_E164, reference: message.id })]);
  });

  it('leaves unknown messages alone when the provider cannot look up references; an operator decides', async () => {
    await engine.close();
    provider = createRecordingProvider({ providerId: 'sms', references: false });
    await setup();
    const message = await sendIntoTimeout();
    clock = new Date(clock.getTime() + 3_600_000);
    await engine.syncDeliveryReports();
    expect((await engine.messages.list({ role: 'customer' }))[0]!.status).toBe('unknown');
    expect(await engine.resolveUnknown(message.id, 'resend')).toBe(true);
    expect(await engine.resolveUnknown(message.id, 'resend')).toBe(false);
    await engine.dispatchOnce();
    expect(provider.sent.filter((record) => record.to === CUSTOMER_E164)).toHaveLength(2);
  });

  it('the dispatcher loop reconciles unknown messages in the background', async () => {
    const message = await sendIntoTimeout();
    provider.reports.set(message.id, { reference: message.id, to: CUSTOMER_E164, status: 'sent', raw: {} });
    const dispatcher = engine.startDispatcher({ pollIntervalMs: 5, maintenanceIntervalMs: 10 });
    while ((await engine.messages.list({ role: 'customer' }))[0]!.status === 'unknown') {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await dispatcher.stop();
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'sent',
      reason: 'report:sent',
    });
    expect(provider.sent.filter((record) => record.to === CUSTOMER_E164)).toHaveLength(1);
  });

  it('treats a send without a per-recipient result as unknown', async () => {
    await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'processing', to: 'completed' } }),
    );
    const original = provider.sendSms;
    provider.sendSms = async (request) => ({ ...(await original(request)), messages: [] });
    await engine.dispatchOnce();
    expect((await engine.messages.list({}))[0]).toMatchObject({ status: 'unknown', reason: 'no-result' });
  });

  it('turns a claim lost with its worker into unknown, not a resend', async () => {
    await engine.accept(event({ customer: { firstName: 'Ayşe', phone: CUSTOMER_E164 } }));
    const claimed = await store.claim({ now: clock, limit: 10, leaseMs: 1000, workerId: 'dead-worker' });
    expect(claimed).toHaveLength(2);
    clock = new Date(clock.getTime() + 2000);
    expect(await engine.dispatchOnce()).toBe(0);
    expect((await engine.messages.counts({})).unknown).toBe(2);
    expect(provider.attempts).toBe(0);
  });
});

describe('delivery reports', () => {
  it('polls reports of sent messages by provider message id', async () => {
    await engine.accept(event({ customer: { firstName: 'Ayşe', phone: CUSTOMER_E164 } }));
    await engine.dispatchOnce();
    const [message] = await engine.messages.list({ role: 'customer' });
    provider.reports.set('r1', {
      providerMessageId: message!.providerMessageId!,
      to: CUSTOMER_E164,
      status: 'undelivered',
      raw: {},
    });
    expect(await engine.syncDeliveryReports()).toBe(1);
    expect((await engine.messages.list({ role: 'customer' }))[0]).toMatchObject({
      status: 'failed',
      reason: 'report:undelivered',
    });
  });

  it('applies pushed reports matched by reference or provider id, ignoring strangers', async () => {
    await engine.accept(event());
    await engine.dispatchOnce();
    const [customer, admin] = [
      (await engine.messages.list({ role: 'customer' }))[0]!,
      (await engine.messages.list({ role: 'admin' }))[0]!,
    ];
    const changed = await engine.applyDeliveryReports('sms', [
      { reference: customer.id, to: CUSTOMER_E164, status: 'delivered', at: clock, raw: {} },
      { providerMessageId: admin.providerMessageId!, to: ADMIN_E164, status: 'delivered', raw: {} },
      { providerMessageId: 'stranger', to: ADMIN_E164, status: 'delivered', raw: {} },
    ]);
    expect(changed).toBe(2);
    expect((await engine.messages.counts({})).delivered).toBe(2);
    expect(
      await engine.applyDeliveryReports('other', [
        { reference: customer.id, to: '', status: 'failed', raw: {} },
      ]),
    ).toBe(0);
  });
});

describe('logging', () => {
  it('logs every step without a phone number or a message text', async () => {
    await engine.close();
    const logs: unknown[] = [];
    const log = (fields: Record<string, unknown>, message: string) => logs.push({ fields, message });
    await setup({ logger: { debug: log, info: log, warn: log, error: log } });
    await engine.accept(event());
    provider.failNext('server-error', 'timeout-after-send', 'crash');
    await engine.dispatchOnce();
    clock = new Date(clock.getTime() + 60_000);
    await engine.dispatchOnce();
    const dispatcher = engine.startDispatcher({ pollIntervalMs: 5 });
    await dispatcher.stop();
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(4);
    expect(text).toContain('+90532*****67');
    expect(text).not.toMatch(/5321234567|5559876543/);
    expect(text).not.toContain('siparişiniz');
  });
});

describe('reports that overtake the send', () => {
  it('keeps a delivered report pushed while the send was still being recorded', async () => {
    await engine.accept(
      event({ type: 'order.status_changed', status: { from: 'processing', to: 'completed' } }),
    );
    const original = provider.sendSms;
    provider.sendSms = async (request) => {
      const result = await original(request);
      await engine.applyDeliveryReports('sms', [
        { reference: request.reference!, to: CUSTOMER_E164, status: 'delivered', at: clock, raw: {} },
      ]);
      return result;
    };
    await engine.dispatchOnce();
    expect((await engine.messages.list({}))[0]).toMatchObject({ status: 'delivered', deliveredAt: clock });
  });
});

describe('recordOrderStatus', () => {
  it('returns the previous status', async () => {
    expect(await engine.recordOrderStatus('demo', '1', 'pending')).toBeUndefined();
    expect(await engine.recordOrderStatus('demo', '1', 'processing')).toBe('pending');
    expect(await engine.recordOrderStatus('demo', '1', 'completed')).toBe('processing');
    expect(await engine.recordOrderStatus('other', '1', 'x')).toBeUndefined();
  });
});
