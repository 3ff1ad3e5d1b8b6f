import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminActionError,
  ConfigError,
  createNotificationEngine,
  type NotificationEngine,
  type NotificationEngineOptions,
  type OutboxStore,
  parseNotificationConfig,
} from '../src/index';
import { CUSTOMER_E164, event, order } from './fixtures';
import { createRecordingProvider, type RecordingProvider } from './recording-provider';
import type { StoreHarness } from './store-suite';

const config = parseNotificationConfig({
  shops: {
    demo: {
      name: 'Demo Mağaza',
      provider: 'sms',
      pricePerSegment: 0.5,
      rules: { status: { 'wc-paketlendi': { customerTemplate: 'Paketlendi {order_number}' } } },
    },
  },
});

const admin = { user: 'ayse' };

/** Polls a condition, at most `tries` times (no fixed sleep: it returns as soon as the condition holds). */
async function eventually(condition: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition never held');
}

/** The admin console's behaviour through the engine, on one kind of store. */
export function describeAdminConsole(name: string, open: () => Promise<StoreHarness>): void {
  describe(`the admin console on ${name}`, () => {
    let harness: StoreHarness;
    let provider: RecordingProvider;
    let engine: NotificationEngine;
    let engines: NotificationEngine[];
    let clock: Date;

    function openEngine(store: OutboxStore, options: Partial<NotificationEngineOptions> = {}) {
      const opened = createNotificationEngine({
        store,
        config,
        providers: { sms: provider },
        now: () => clock,
        retryDelay: { initialMs: 1000, maxMs: 1000 },
        maxAttempts: 2,
        ...options,
      });
      engines.push(opened);
      return opened;
    }

    beforeEach(async () => {
      clock = new Date();
      provider = createRecordingProvider({ providerId: 'sms' });
      engines = [];
      harness = await open();
      engine = openEngine(harness.store);
    });

    afterEach(async () => {
      for (const opened of engines) await opened.close();
      await harness.cleanup();
    });

    async function customerMessage(orderId: string) {
      await engine.accept(event({ order: order({ id: orderId }) }));
      const { messages } = await engine.messages.query({ orderId, limit: 10 });
      return messages.find((message) => message.role === 'customer')!;
    }

    const later = (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    };

    it('records every attempt of a message retried twice', async () => {
      const message = await customerMessage('r1');
      provider.failNext('server-error');
      await engine.dispatchOnce();
      later(1000);
      provider.failNext('server-error');
      await engine.dispatchOnce();
      expect((await engine.messages.get(message.id))!.message.status).toBe('dead');
      await engine.messages.retry(message.id, admin);
      await engine.dispatchOnce();
      const detail = (await engine.messages.get(message.id))!;
      expect(detail.message.status).toBe('sent');
      expect(detail.attempts.map((attempt) => [attempt.attempt, attempt.result, attempt.errorKind])).toEqual([
        [1, 'failed', 'network'],
        [2, 'failed', 'network'],
        [3, 'sent', undefined],
      ]);
      expect(detail.attempts[2]!.providerMessageId).toBe(provider.sent.at(-1)!.providerMessageId);
      expect(detail.attempts.every((attempt) => typeof attempt.durationMs === 'number')).toBe(true);
      expect(JSON.stringify(detail.attempts)).not.toContain(CUSTOMER_E164);
      expect(detail.actions.map((action) => [action.user, action.action, action.details.from])).toEqual([
        ['ayse', 'message.retry', 'dead'],
      ]);
      expect(detail.measure).toMatchObject({ segments: 1, cost: 0.5 });
      expect(detail.explanation.en).toMatch(/sent|accepted/i);
    });

    it('retries a dead message once on a double click, with the same id as reference', async () => {
      const message = await customerMessage('r2');
      provider.failNext('server-error', 'server-error');
      await engine.dispatchOnce();
      later(1000);
      await engine.dispatchOnce();
      const results = await Promise.allSettled([
        engine.messages.retry(message.id, admin),
        engine.messages.retry(message.id, admin),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(AdminActionError.isInstance(refused.reason) && refused.reason.code).toBe('not_retryable');
      const before = provider.sent.length;
      await engine.dispatchOnce();
      await engine.dispatchOnce();
      expect(provider.sent.slice(before).map((sent) => sent.reference)).toEqual([message.id]);
      await expect(engine.messages.retry(message.id, admin)).rejects.toMatchObject({ code: 'not_retryable' });
      await expect(engine.messages.retry('missing', admin)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('never cancels a message the dispatcher claimed, nor sends a cancelled one', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 10; index++) ids.push((await customerMessage(`c${index}`)).id);
      const [, ...cancels] = await Promise.allSettled([
        engine.dispatchOnce(),
        ...ids.map((id) => engine.messages.cancel(id, admin)),
      ]);
      const cancelled = ids.filter((_, index) => cancels[index]!.status === 'fulfilled');
      const sent = new Set(provider.sent.map((entry) => entry.reference));
      expect(cancelled.filter((id) => sent.has(id))).toEqual([]);
      for (const [index, id] of ids.entries()) {
        const outcome = cancels[index]!;
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'not_cancellable' });
        const status = (await engine.messages.get(id))!.message;
        expect(status.status === 'skipped' ? status.reason : status.status).toBe(
          cancelled.includes(id) ? 'cancelled' : 'sent',
        );
      }
      await engine.dispatchOnce();
      expect(cancelled.filter((id) => provider.sent.some((entry) => entry.reference === id))).toEqual([]);
    });

    it('resolves an unknown message with an audit entry, and only an unknown one', async () => {
      const message = await customerMessage('u1');
      provider.failNext('timeout-after-send');
      await engine.dispatchOnce();
      await expect(engine.messages.cancel(message.id, admin)).rejects.toMatchObject({
        code: 'not_cancellable',
      });
      const resolved = await engine.messages.resolve(message.id, 'sent', admin);
      expect(resolved).toMatchObject({ status: 'sent', reason: 'confirmed-by-operator' });
      await expect(engine.messages.resolve(message.id, 'resend', admin)).rejects.toMatchObject({
        code: 'not_unknown',
      });
      const { entries } = await engine.audit.list({ shopId: 'demo' });
      expect(entries.map((entry) => [entry.action, entry.target, entry.details])).toEqual([
        ['message.resolve', message.id, { from: 'unknown', outcome: 'sent' }],
      ]);
    });

    it('sends a test SMS through the outbox once per double submit, respecting opt-outs', async () => {
      const first = await engine.sendTestMessage({
        shopId: 'demo',
        phone: '0532 123 45 67',
        text: 'Deneme\n1',
        user: 'ayse',
      });
      expect(first).toMatchObject({
        duplicate: false,
        message: { eventType: 'admin.test', recipient: '+90532*****67' },
      });
      expect(first.message!.text).toBe('Deneme\n1');
      const again = await engine.sendTestMessage({
        shopId: 'demo',
        phone: '+905321234567',
        text: 'Deneme\n1',
        user: 'ayse',
      });
      expect(again).toMatchObject({ duplicate: true, message: { id: first.message!.id } });
      const both = await Promise.all([
        engine.sendTestMessage({ shopId: 'demo', phone: '05321234567', text: 'İkinci', user: 'ayse' }),
        engine.sendTestMessage({ shopId: 'demo', phone: '05321234567', text: 'İkinci', user: 'ayse' }),
      ]);
      expect(both.filter((result) => !result.duplicate)).toHaveLength(1);
      await engine.dispatchOnce();
      expect(provider.sent.map((sent) => sent.text).sort()).toEqual(['Deneme\n1', 'İkinci']);
      await engine.optOuts.add(['0532 999 88 77']);
      const opted = await engine.sendTestMessage({
        shopId: 'demo',
        phone: '0532 999 88 77',
        text: 'x',
        user: 'ayse',
      });
      expect(opted.message).toMatchObject({ status: 'skipped', reason: 'opted-out' });
      await expect(
        engine.sendTestMessage({ shopId: 'demo', phone: '0212 123 45 67', text: 'x', user: 'ayse' }),
      ).rejects.toMatchObject({ name: 'ValidationError' });
      const audit = await engine.audit.list({ shopId: 'demo' });
      expect(audit.entries.map((entry) => entry.action)).toEqual([
        'message.test',
        'message.test',
        'message.test',
      ]);
      expect(JSON.stringify(audit)).not.toMatch(/5321234567|5329998877/);
    });

    it('saves template versions, uses them for the next event, and restores an earlier one', async () => {
      const initial = await engine.templates.get('demo');
      expect(initial).toMatchObject({ version: 0, overridden: [] });
      expect(initial.statuses).toContainEqual({ slug: 'wc-paketlendi', label: 'wc-paketlendi' });
      const settings = structuredClone(initial.settings);
      settings.rules.status.completed = { enabled: true, customerTemplate: 'Tamamlandı: {order_number}' };
      settings.transliterate = 'letters';
      expect(await engine.templates.save('demo', { settings, baseVersion: 0, user: 'ayse' })).toEqual({
        version: 1,
      });
      await engine.accept(
        event({
          type: 'order.status_changed',
          order: order({ id: 't1', status: 'completed' }),
          status: { from: 'processing', to: 'completed' },
        }),
      );
      const { messages } = await engine.messages.query({ orderId: 't1' });
      expect(messages.map((message) => message.text)).toEqual(['Tamamlandi: A-1001']);
      await expect(
        engine.templates.save('demo', { settings, baseVersion: 0, user: 'mehmet' }),
      ).rejects.toSatisfy((error) => AdminActionError.isInstance(error) && error.code === 'version_conflict');
      const current = await engine.templates.get('demo');
      expect(current.version).toBe(1);
      expect(current.overridden).toEqual(['rules.status.completed', 'transliterate']);
      expect(current.baseline.transliterate).toBe('none');
      const broken = structuredClone(settings);
      broken.rules.events['order.created']!.customerTemplate = 'Merhaba {first_nme}';
      const refused = await engine.templates
        .save('demo', { settings: broken, baseVersion: 1, user: 'ayse' })
        .catch((error: unknown) => error);
      expect(ConfigError.isInstance(refused)).toBe(true);
      expect((refused as ConfigError).issues).toEqual([
        expect.objectContaining({
          path: ['rules', 'events', 'order.created', 'customerTemplate'],
          variable: 'first_nme',
          index: 8,
        }),
      ]);
      expect(await engine.templates.restore('demo', 1, { baseVersion: 1, user: 'ayse' })).toEqual({
        version: 2,
      });
      const versions = await engine.templates.versions('demo');
      expect(versions.map((version) => [version.version, version.user, version.summary])).toEqual([
        [2, 'ayse', 'no change'],
        [1, 'ayse', '2 changes: rules.status.completed.customerTemplate, transliterate'],
      ]);
      expect((await engine.templates.version('demo', 1))!.diff).toEqual([
        {
          path: 'rules.status.completed.customerTemplate',
          before: expect.any(String),
          after: 'Tamamlandı: {order_number}',
        },
        { path: 'transliterate', before: 'none', after: 'letters' },
      ]);
    });

    it('lets another engine on the same store pick a saved version up', async () => {
      const other = openEngine(await harness.reopen(), { templateRefreshMs: 20 });
      const { settings } = await engine.templates.get('demo');
      settings.rules.status.completed = { enabled: true, customerTemplate: 'Yeni metin {order_number}' };
      await engine.templates.save('demo', { settings, baseVersion: 0, user: 'ayse' });
      let attempt = 0;
      await eventually(async () => {
        const orderId = `o${++attempt}`;
        await other.accept(
          event({
            type: 'order.status_changed',
            order: order({ id: orderId, status: 'completed' }),
            status: { from: 'processing', to: 'completed' },
          }),
        );
        const { messages } = await other.messages.query({ orderId });
        return messages.some((message) => message.text === 'Yeni metin A-1001');
      });
    });

    it('counts the overview per day in the shop time zone, with credits and the queue', async () => {
      await customerMessage('v1');
      await engine.dispatchOnce();
      await customerMessage('v2');
      const overview = await engine.overview({ shopId: 'demo' });
      expect(overview.perDay).toHaveLength(7);
      expect(overview.perDay.at(-1)!.date).toBe(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(clock),
      );
      expect(overview.today).toMatchObject({ sent: 1, queued: 1 });
      expect(overview.last7Days).toEqual(overview.today);
      expect(
        overview.perDay.slice(0, 6).every((day) => Object.values(day.counts).every((count) => count === 0)),
      ).toBe(true);
      expect(overview.credits).toEqual({ today: 1, last7Days: 1 });
      expect(overview.segments).toEqual({ today: 1, last7Days: 1 });
      expect(overview.attention).toEqual({ failed: 0, dead: 0, unknown: 0 });
      expect(overview.dispatcher).toMatchObject({
        queued: 1,
        oldestQueuedAt: clock,
        lastSentAt: clock,
        running: false,
      });
    });

    it('records webhook deliveries in the background, few writes for many deliveries', async () => {
      let writes = 0;
      const counting = await harness.reopen();
      const write = counting.admin.recordWebhookDeliveries.bind(counting.admin);
      counting.admin.recordWebhookDeliveries = async (deliveries) => {
        writes++;
        return write(deliveries);
      };
      const counted = openEngine(counting, { activityWriteIntervalMs: 60_000 });
      for (let index = 0; index < 50; index++)
        counted.recordWebhookDelivery('demo', 'order.updated', new Date(clock.getTime() + index));
      counted.recordSignatureFailure('demo');
      counted.recordSignatureFailure('demo');
      expect(await counted.webhookStats('demo')).toEqual({
        lastDeliveries: [{ topic: 'order.updated', at: new Date(clock.getTime() + 49) }],
        signatureFailures24h: 2,
      });
      expect(writes).toBe(0);
      await counted.close();
      expect(writes).toBe(1);
      expect(await engine.webhookStats('demo')).toEqual({
        lastDeliveries: [{ topic: 'order.updated', at: new Date(clock.getTime() + 49) }],
        signatureFailures24h: 2,
      });
    });

    it('keeps sessions by the hash of their id only', async () => {
      const session = await engine.sessions.create({ user: 'ayse', ttlMs: 60_000 });
      expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await engine.sessions.get(session.id)).toEqual({
        user: 'ayse',
        csrfToken: session.csrfToken,
        expiresAt: new Date(clock.getTime() + 60_000),
      });
      expect(await harness.store.admin.getSession(session.id, clock)).toBeUndefined();
      later(60_000);
      expect(await engine.sessions.get(session.id)).toBeUndefined();
      expect(await engine.sessions.deleteExpired()).toBe(1);
      const next = await engine.sessions.create({ user: 'ayse', ttlMs: 60_000 });
      await engine.sessions.delete(next.id);
      expect(await engine.sessions.get(next.id)).toBeUndefined();
      expect(await engine.sessions.get('not a session id')).toBeUndefined();
    });

    it('refuses malformed input with typed errors, before touching the store', async () => {
      await expect(engine.messages.query({ since: new Date('nope') })).rejects.toMatchObject({
        name: 'ValidationError',
      });
      await expect(engine.messages.query({ cursor: 'bm9wZQ' })).rejects.toMatchObject({
        name: 'ValidationError',
      });
      await expect(engine.overview({ shopId: 'nope' })).rejects.toSatisfy(ConfigError.isInstance);
      await expect(
        engine.templates.save('demo', { settings: null as never, baseVersion: 0, user: 'ayse' }),
      ).rejects.toSatisfy(ConfigError.isInstance);
      await expect(
        engine.templates.save('demo', {
          ...(await engine.templates.get('demo')),
          baseVersion: -1,
          user: 'ayse',
        }),
      ).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(engine.templates.get('nope')).rejects.toSatisfy(ConfigError.isInstance);
      await expect(engine.sessions.create({ user: 'ayse', ttlMs: Number.NaN })).rejects.toThrow(RangeError);
      expect((await engine.templates.versions('demo')).length).toBe(0);
    });

    it("previews a template against the shop's latest real order, kept without the phone", async () => {
      await engine.accept(event({ order: order({ id: 'real-1', number: 'R-77' }) }));
      const preview = await engine.previewTemplate({
        shopId: 'demo',
        template: '{first_name} {order_number}',
        sample: 'recent',
      });
      expect(preview).toMatchObject({ text: 'Ayşe R-77', sample: 'recent' });
      await engine.close();
      const reopened = await harness.reopen();
      engine = openEngine(reopened);
      const [stored] = await reopened.admin.recentOrders('demo', 5);
      expect(stored!.order.number).toBe('R-77');
      expect(JSON.stringify(stored)).not.toMatch(/532|example\.com/);
      expect(
        await engine.previewTemplate({ shopId: 'demo', template: '{order_number}', sample: 'recent' }),
      ).toMatchObject({ text: 'R-77', sample: 'recent' });
    });
  });
}
