import { computeWebhookSignature, createHttpServer, createLogger } from '@x/app-service-kit';
import { RecordingEngine } from '@x/app-service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderSnapshotCache } from '../src/order-snapshot-cache';
import { registerWooCommerceRoutes } from '../src/woocommerce-routes';
import {
  sampleWooCustomer,
  sampleWooCustomerNote,
  sampleWooOrder,
  signWooDelivery,
} from '../src/woocommerce-samples';

const secret = 'demo-webhook-secret';
let engine: RecordingEngine;
let app: FastifyInstance;

beforeEach(async () => {
  engine = new RecordingEngine();
  app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  registerWooCommerceRoutes(app, {
    engine,
    shops: { demo: { secret, trackingMetaKeys: ['_wc_shipment_tracking_items'] } },
  });
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

async function deliver(topic: string, payload: unknown, shop = 'demo', deliveryId = '1') {
  const delivery = signWooDelivery(topic, payload, secret, deliveryId);
  return app.inject({
    method: 'POST',
    url: `/webhooks/woocommerce/${shop}`,
    headers: delivery.headers,
    payload: delivery.body,
  });
}

describe('POST /webhooks/woocommerce/:shop', () => {
  it('answers the creation ping (form-encoded, unsigned) with 200 and queues nothing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'webhook_id=7',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, ping: true });
    expect(engine.events).toHaveLength(0);
  });

  it('accepts a signed order.created and hands the engine a mapped event', async () => {
    const response = await deliver(
      'order.created',
      sampleWooOrder({ id: 1001, status: 'processing' }),
      'demo',
      'd-1',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      accepted: true,
      events: 1,
      queued: 1,
      duplicates: 0,
      skipped: 0,
      skips: [],
    });
    expect(engine.events).toHaveLength(1);
    const [event] = engine.events;
    expect(event).toMatchObject({
      type: 'order.created',
      shopId: 'demo',
      eventId: 'd-1',
      status: { to: 'processing' },
      order: { id: '1001', number: '1001', total: '1249.80', currency: 'TRY' },
      customer: { firstName: 'Ayşe', phone: '0532 123 45 67' },
    });
    expect(engine.statuses.get('demo/1001')).toBe('processing');
  });

  it('rejects a bad signature, a missing signature and a body changed after signing with 401', async () => {
    const delivery = signWooDelivery(
      'order.created',
      sampleWooOrder({ id: 1, status: 'processing' }),
      secret,
    );
    const url = '/webhooks/woocommerce/demo';
    const wrong = await app.inject({
      method: 'POST',
      url,
      headers: {
        ...delivery.headers,
        'x-wc-webhook-signature': computeWebhookSignature(delivery.body, 'other-secret'),
      },
      payload: delivery.body,
    });
    const { 'x-wc-webhook-signature': _removed, ...unsigned } = delivery.headers;
    const missing = await app.inject({ method: 'POST', url, headers: unsigned, payload: delivery.body });
    const tampered = await app.inject({
      method: 'POST',
      url,
      headers: delivery.headers,
      payload: delivery.body.replace('1249.80', '1.00'),
    });
    for (const response of [wrong, missing, tampered]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('invalid_signature');
    }
    expect(engine.events).toHaveLength(0);
  });

  it('answers 404 for an unknown shop, 400 for malformed JSON and for a payload of the wrong shape', async () => {
    expect(
      (await deliver('order.created', sampleWooOrder({ id: 1, status: 'processing' }), 'nope')).statusCode,
    ).toBe(404);
    const malformed = '{"id": 1, "status": ';
    const malformedResponse = await app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: {
        'content-type': 'application/json',
        'x-wc-webhook-signature': computeWebhookSignature(malformed, secret),
      },
      payload: malformed,
    });
    expect(malformedResponse.statusCode).toBe(400);
    expect(malformedResponse.json().error.code).toBe('malformed_body');
    const wrongShape = await deliver('order.updated', { id: 5, billing: { phone: '0532 123 45 67' } });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.message).toContain('status');
    expect(wrongShape.body).not.toContain('0532');
    expect(engine.events).toHaveLength(0);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const payload = {
      ...sampleWooOrder({ id: 1, status: 'processing' }),
      customer_note: 'x'.repeat(1_100_000),
    };
    const response = await deliver('order.created', payload);
    expect(response.statusCode).toBe(413);
    expect(engine.events).toHaveLength(0);
  });

  it('turns a status walk into one status change per new status, ignoring repeats', async () => {
    await deliver('order.created', sampleWooOrder({ id: 1002, status: 'pending' }));
    await deliver('order.updated', sampleWooOrder({ id: 1002, status: 'processing' }));
    await deliver('order.updated', sampleWooOrder({ id: 1002, status: 'processing' }));
    const repeated = await deliver(
      'order.updated',
      sampleWooOrder({ id: 1002, status: 'processing' }),
      'demo',
      'retry',
    );
    await deliver('order.updated', sampleWooOrder({ id: 1002, status: 'completed' }));
    expect(repeated.json()).toMatchObject({ accepted: true, events: 0 });
    expect(engine.events.map((event) => [event.type, event.status])).toEqual([
      ['order.created', { to: 'pending' }],
      ['order.status_changed', { from: 'pending', to: 'processing' }],
      ['order.status_changed', { from: 'processing', to: 'completed' }],
    ]);
  });

  it('queues a shipment once when a tracking number appears in the order meta', async () => {
    await deliver('order.created', sampleWooOrder({ id: 1003, status: 'processing' }));
    await deliver(
      'order.updated',
      sampleWooOrder({ id: 1003, status: 'processing', trackingNumber: 'YK123456' }),
    );
    await deliver(
      'order.updated',
      sampleWooOrder({ id: 1003, status: 'completed', trackingNumber: 'YK123456' }),
    );
    const shipments = engine.events.filter((event) => event.type === 'order.shipment_added');
    expect(shipments).toHaveLength(1);
    expect(shipments[0]?.shipment).toEqual({ trackingNumber: 'YK123456', trackingCompany: 'yurtici-kargo' });
  });

  it('queues a customer note with the recipient of the order seen before', async () => {
    await deliver('order.created', sampleWooOrder({ id: 1004, status: 'processing', firstName: 'Zeynep' }));
    const response = await deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(1004, 'Siparişiniz yarın kargoya verilecek.'),
    );
    expect(response.statusCode).toBe(200);
    const note = engine.events.at(-1);
    expect(note).toMatchObject({
      type: 'order.note_added',
      order: { id: '1004' },
      customer: { firstName: 'Zeynep', phone: '0532 123 45 67' },
      note: { text: 'Siparişiniz yarın kargoya verilecek.', customerVisible: true },
    });
  });

  it('passes a note of an unseen order on without a phone, so the engine records it as skipped', async () => {
    const response = await deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(77, 'Merhaba'),
    );
    expect(response.json()).toMatchObject({
      accepted: true,
      queued: 0,
      skipped: 1,
      skips: [{ role: 'customer', reason: 'no phone number' }],
    });
    expect(engine.events[0]).toMatchObject({ type: 'order.note_added', order: { id: '77' }, customer: {} });
  });

  it('queues a welcome message for customer.created', async () => {
    const payload = sampleWooCustomer({
      id: 42,
      firstName: 'Mehmet',
      lastName: 'Öztürk',
      phone: '0555 111 22 33',
    });
    expect((await deliver('customer.created', payload)).statusCode).toBe(200);
    expect(engine.events[0]).toMatchObject({
      type: 'customer.registered',
      customer: { id: '42', firstName: 'Mehmet', phone: '0555 111 22 33' },
      occurredAt: new Date('2026-11-20T09:00:00Z'),
    });
  });

  it('acknowledges other topics without queuing', async () => {
    const response = await deliver('product.updated', { id: 5, name: 'Nevresim' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ignored: true });
    expect(engine.events).toHaveLength(0);
  });

  it('answers 500 when the engine cannot store, and the retry finds the status change again', async () => {
    await deliver('order.created', sampleWooOrder({ id: 1005, status: 'pending' }));
    engine.failNextAccept = true;
    const failed = await deliver('order.updated', sampleWooOrder({ id: 1005, status: 'processing' }));
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.message).not.toContain('database');
    const retried = await deliver(
      'order.updated',
      sampleWooOrder({ id: 1005, status: 'processing' }),
      'demo',
      'retry',
    );
    expect(retried.statusCode).toBe(200);
    expect(engine.events.at(-1)).toMatchObject({
      type: 'order.status_changed',
      status: { from: 'pending', to: 'processing' },
    });
  });
  it('remembers an order snapshot bounded and normalised, as the engine reads it', async () => {
    const cache = new OrderSnapshotCache();
    const bounded = createHttpServer({ logger: createLogger({ level: 'silent' }) });
    registerWooCommerceRoutes(bounded, { engine, shops: { demo: { secret } }, orderCache: cache });
    await bounded.ready();
    try {
      const order = {
        ...sampleWooOrder({ id: 77, status: 'processing', firstName: `A\r\n${'x'.repeat(300_000)}` }),
      };
      const delivery = signWooDelivery('order.created', order, secret);
      const response = await bounded.inject({
        method: 'POST',
        url: '/webhooks/woocommerce/demo',
        headers: delivery.headers,
        payload: delivery.body,
      });
      expect(response.statusCode).toBe(200);
      const snapshot = await cache.get('demo', '77');
      expect(snapshot?.customer.firstName?.length).toBeLessThanOrEqual(100);
      expect(snapshot?.customer.firstName).toMatch(/^A x+$/);
    } finally {
      await bounded.close();
    }
  });
});
