import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  parseNotificationConfig,
} from '../src/index';
import { CUSTOMER_E164, event } from './fixtures';

const T0 = new Date('2026-11-23T12:00:00Z');

describe('with the core sandbox provider', () => {
  let sandbox: SandboxProvider;
  let engine: NotificationEngine;
  let clock: Date;

  beforeEach(async () => {
    clock = T0;
    sandbox = createSandboxProvider({ blacklist: ['+905551112233'], now: () => clock });
    engine = createNotificationEngine({
      store: await createSqliteStore({ filename: ':memory:' }),
      config: parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sandbox' } } }),
      providers: { sandbox },
      now: () => clock,
      sendTimeoutMs: 20,
    });
  });

  afterEach(async () => {
    await engine.close();
  });

  it('reconciles a lost answer by reference, then follows the delivery report', async () => {
    await engine.accept(event());
    sandbox.failNext('timeout', { method: 'sendSms' });
    await engine.dispatchOnce();
    const [message] = await engine.messages.list({});
    expect(message).toMatchObject({ status: 'unknown', lastError: { kind: 'timeout' } });
    expect(sandbox.sent).toHaveLength(1);
    expect(await engine.syncDeliveryReports()).toBe(1);
    expect((await engine.messages.list({}))[0]).toMatchObject({ status: 'sent', reason: 'report:sent' });
    sandbox.deliverAll();
    expect(await engine.syncDeliveryReports()).toBe(1);
    expect((await engine.messages.list({}))[0]).toMatchObject({
      status: 'delivered',
      deliveredAt: expect.any(Date),
    });
    expect(sandbox.sent).toHaveLength(1);
  });

  it('sends again once when the sandbox never recorded the send', async () => {
    await engine.accept(event());
    sandbox.failNext('server-error', { method: 'sendSms' });
    await engine.dispatchOnce();
    expect((await engine.messages.list({}))[0]!.status).toBe('unknown');
    clock = new Date(T0.getTime() + 11 * 60_000);
    expect(await engine.syncDeliveryReports()).toBe(1);
    await engine.dispatchOnce();
    expect(sandbox.sent.map((sent) => sent.to)).toEqual([CUSTOMER_E164]);
    expect((await engine.messages.list({}))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('applies delivery reports pushed to a webhook', async () => {
    await engine.accept(event());
    await engine.dispatchOnce();
    sandbox.deliverAll();
    const reports = await sandbox.parseDeliveryWebhook(sandbox.createDeliveryWebhookRequest());
    expect(await engine.applyDeliveryReports('sandbox', reports)).toBe(1);
    expect((await engine.messages.counts({})).delivered).toBe(1);
  });

  it('mirrors the provider blacklist into the opt-out list', async () => {
    expect(await engine.optOuts.syncProviderBlacklists()).toBe(1);
    const result = await engine.accept(event({ customer: { firstName: 'Ali', phone: '0555 111 22 33' } }));
    expect(result.skipped).toContainEqual({
      role: 'customer',
      recipient: '+90555*****33',
      reason: 'opted-out',
    });
    expect(await engine.optOuts.list()).toEqual([
      expect.objectContaining({ phone: '+905551112233', source: 'sandbox' }),
    ]);
  });
});
