import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import { captureLog } from '@x/app-service-kit/testing';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { type AcceptUnit, createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooCustomerNote, sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const secret = 'service-test-secret';
let folder: string;
const running: Service[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-service-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await rm(folder, { recursive: true, force: true });
});

async function startService(
  provider: SmsProviderV1,
  options: {
    dispatcher?: boolean;
    listen?: boolean;
    logger?: ReturnType<typeof createLogger>;
    store?: OutboxStore;
  } = {},
) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: options.dispatcher ?? true, pollIntervalMs: 20, deliveryReportIntervalMs: 0 },
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: secret },
  );
  const service = await createService({
    config,
    platform: wooCommercePlatform(),
    providers: { sandbox: provider },
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...(options.store ? { store: options.store } : {}),
  });
  running.push(service);
  const url = options.listen === false ? undefined : (await service.start()).url;
  return { service, url };
}

async function waitFor(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

function orderDelivery(id: number, status: string, deliveryId = `d-${id}-${status}`) {
  return signWooDelivery('order.created', sampleWooOrder({ id, status }), secret, deliveryId);
}

describe('WooCommerce service (engine, SQLite outbox, sandbox provider)', () => {
  it('accepts a signed webhook over a real socket and the dispatcher sends one SMS', async () => {
    const sandbox = createSandboxProvider({ autoDeliver: true });
    const { url } = await startService(sandbox);
    const delivery = orderDelivery(2001, 'processing');
    const response = await fetch(`${url}/webhooks/woocommerce/demo`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: true, queued: 1 });
    await waitFor(() => sandbox.sent.length === 1);
    expect(sandbox.sent[0]).toMatchObject({ to: '+905321234567', type: 'turkish' });
    expect(sandbox.sent[0]?.text).toContain('2001');
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', platform: 'woocommerce', dispatcher: true });
  });

  it('sends exactly one SMS when the service restarts between accepting and sending, and after a re-delivery', async () => {
    const sandbox = createSandboxProvider({ autoDeliver: true });
    const first = await startService(sandbox, { dispatcher: false, listen: false });
    const delivery = orderDelivery(2002, 'processing');
    const accepted = await first.service.app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: delivery.headers,
      payload: delivery.body,
    });
    expect(accepted.json()).toMatchObject({ queued: 1 });
    await first.service.stop();
    expect(sandbox.sent).toHaveLength(0);

    const second = await startService(sandbox, { dispatcher: false, listen: false });
    const again = orderDelivery(2002, 'processing', 'retry-after-restart');
    const redelivered = await second.service.app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: again.headers,
      payload: again.body,
    });
    expect(redelivered.json()).toMatchObject({ queued: 0, duplicates: 1 });
    expect(await second.service.engine.dispatchOnce()).toBe(1);
    expect(await second.service.engine.dispatchOnce()).toBe(0);
    expect(sandbox.sent).toHaveLength(1);
    const counts = await second.service.engine.messages.counts({ shopId: 'demo' });
    expect(counts.sent + counts.delivered).toBe(1);
  });

  it('finishes a send in flight before shutdown completes', async () => {
    const sandbox: SandboxProvider = createSandboxProvider();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const slow: SmsProviderV1 = {
      ...sandbox,
      providerId: sandbox.providerId,
      specificationVersion: 'v1',
      capabilities: sandbox.capabilities,
      async sendSms(request, options) {
        started = true;
        await gate;
        return sandbox.sendSms(request, options);
      },
    };
    const { service, url } = await startService(slow);
    const delivery = orderDelivery(2003, 'processing');
    await fetch(`${url}/webhooks/woocommerce/demo`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    await waitFor(() => started);
    let stopped = false;
    const stopping = service.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sandbox.sent).toHaveLength(1);

    const reopened = await startService(sandbox, { dispatcher: false, listen: false });
    const counts = await reopened.service.engine.messages.counts({ shopId: 'demo' });
    expect(counts.sent).toBe(1);
    expect(counts.queued + counts.sending + counts.unknown).toBe(0);
  });

  it('records an unusable phone as skipped, survives every bad input, and logs no phone number or secret', async () => {
    const log = captureLog();
    const sandbox = createSandboxProvider({ autoDeliver: true });
    const logger = createLogger({ level: 'debug', secrets: [secret], destination: log.destination });
    const { service } = await startService(sandbox, { dispatcher: false, listen: false, logger });
    const post = (headers: Record<string, string>, payload: string) =>
      service.app.inject({ method: 'POST', url: '/webhooks/woocommerce/demo', headers, payload });
    const unusable = signWooDelivery(
      'order.created',
      sampleWooOrder({ id: 2004, status: 'processing', phone: '0212 55' }),
      secret,
    );
    const good = orderDelivery(2005, 'processing');
    const statuses = [
      (await post(unusable.headers, unusable.body)).statusCode,
      (await post({ ...good.headers, 'x-wc-webhook-signature': 'AAAA' }, good.body)).statusCode,
      (await post({ ...good.headers }, '{"id": 1,')).statusCode,
      (await post(good.headers, JSON.stringify({ padding: 'x'.repeat(1_100_000) }))).statusCode,
      (
        await service.app.inject({
          method: 'POST',
          url: '/webhooks/woocommerce/other',
          headers: good.headers,
          payload: good.body,
        })
      ).statusCode,
      (await post(good.headers, good.body)).statusCode,
    ];
    expect(statuses).toEqual([200, 401, 400, 413, 404, 200]);
    const skipped = await service.engine.messages.list({ shopId: 'demo', status: 'skipped' });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ orderId: '2004', role: 'customer' });
    expect(skipped[0]?.reason).toMatch(/^invalid-phone-number/);
    expect(await service.engine.dispatchOnce()).toBe(1);
    expect(sandbox.sent.map((message) => message.text)).toEqual([expect.stringContaining('2005')]);
    const output = log.text();
    expect(output).toContain('webhook accepted');
    expect(output).not.toMatch(/5321234567|532 123 45 67/);
    expect(output).not.toContain(secret);
  });

  it('records a customer note on an order it never saw as skipped for want of a phone, and answers 200', async () => {
    const { service } = await startService(createSandboxProvider(), { dispatcher: false, listen: false });
    const note = signWooDelivery(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(2006, 'Not'),
      secret,
    );
    const response = await service.app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: note.headers,
      payload: note.body,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accepted: true, queued: 0 });
    const skipped = await service.engine.messages.list({ shopId: 'demo', orderId: '2006' });
    expect(skipped).toEqual([expect.objectContaining({ eventType: 'order.note_added', reason: 'no-phone' })]);
  });

  it('writes concurrent webhooks in shared transactions and records each status with its notifications', async () => {
    const store = await createSqliteStore({
      filename: path.join(folder, 'notifications.db'),
      synchronous: 'full',
    });
    const batches: number[] = [];
    const acceptBatch = store.acceptBatch.bind(store);
    store.acceptBatch = (units: readonly AcceptUnit[]) => {
      batches.push(units.length);
      return acceptBatch(units);
    };
    const { service } = await startService(createSandboxProvider(), {
      dispatcher: false,
      listen: false,
      store,
    });
    const post = (delivery: { body: string; headers: Record<string, string> }) =>
      service.app.inject({
        method: 'POST',
        url: '/webhooks/woocommerce/demo',
        headers: delivery.headers,
        payload: delivery.body,
      });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) => post(orderDelivery(3000 + index, 'processing'))),
    );
    expect(created.map((response) => response.statusCode)).toEqual(Array(12).fill(200));
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(12);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect((await service.engine.messages.counts({ shopId: 'demo' })).queued).toBe(12);

    const update = (status: string, deliveryId: string) =>
      post(signWooDelivery('order.updated', sampleWooOrder({ id: 3000, status }), secret, deliveryId));
    const completed = await update('completed', 'u1');
    expect(completed.json()).toMatchObject({ accepted: true, events: 1, queued: 1 });
    const repeated = await update('completed', 'u2');
    expect(repeated.json()).toMatchObject({ accepted: true, events: 0, queued: 0, duplicates: 0 });
    const messages = await service.engine.messages.list({ shopId: 'demo', orderId: '3000' });
    expect(messages.map((message) => message.eventType).sort()).toEqual([
      'order.created',
      'order.status_changed',
    ]);
    expect(await service.engine.recordOrderStatus('demo', '3000', 'completed')).toBe('completed');
  });
});
