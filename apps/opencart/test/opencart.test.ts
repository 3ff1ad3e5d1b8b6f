import { createHttpServer, createLogger } from '@x/app-service-kit';
import { RecordingEngine } from '@x/app-service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapOpenCartOrder, openCartStatus, parseOpenCartDate } from '../src/opencart-mapping';
import { openCartOrderSchema } from '../src/opencart-payloads';
import { registerOpenCartRoutes } from '../src/opencart-routes';
import { sampleOpenCartHistoryEvent, signOpenCartDelivery } from '../src/opencart-samples';

const secret = 'opencart-shop-secret';
let engine: RecordingEngine;
let app: FastifyInstance;

beforeEach(async () => {
  engine = new RecordingEngine();
  app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  registerOpenCartRoutes(app, { engine, shops: { kupa: { secret, statuses: { '17': 'kargoda' } } } });
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

async function deliver(payload: unknown, shop = 'kupa', key = secret) {
  const delivery = signOpenCartDelivery(payload, key);
  return app.inject({
    method: 'POST',
    url: `/webhooks/opencart/${shop}`,
    headers: delivery.headers,
    payload: delivery.body,
  });
}

describe('OpenCart mapping', () => {
  it('names statuses from the shop map, then the defaults, then by id', () => {
    expect(openCartStatus(17, { '17': 'kargoda' })).toBe('kargoda');
    expect(openCartStatus(5)).toBe('completed');
    expect(openCartStatus(99)).toBe('status-99');
  });

  it('reads the payment method id for cash-on-delivery calls: OpenCart 4 `code`, or `payment_code`', () => {
    const base = { order_id: 7, total: '10', currency_code: 'TRY', products: [] };
    const methodId = (fields: Record<string, unknown>) =>
      mapOpenCartOrder(openCartOrderSchema.parse({ ...base, ...fields }), 'processing').paymentMethodId;
    expect(methodId({ payment_method: { name: 'Kapıda Ödeme', code: 'cod.cod' } })).toBe('cod');
    expect(methodId({ payment_method: 'Kapıda Ödeme', payment_code: 'cod' })).toBe('cod');
    expect(methodId({ payment_method: 'Havale' })).toBeUndefined();
  });

  it('reads OpenCart local date-times as Türkiye time', () => {
    expect(parseOpenCartDate('2026-11-20 12:30:00')?.toISOString()).toBe('2026-11-20T09:30:00.000Z');
    expect(parseOpenCartDate('0000-00-00 00:00:00')).toBeUndefined();
    // The extension's occurred_at has milliseconds and its offset.
    expect(parseOpenCartDate('2026-11-20T12:30:00.250+03:00')?.toISOString()).toBe(
      '2026-11-20T09:30:00.250Z',
    );
  });
});

describe('POST /webhooks/opencart/:shop', () => {
  it('turns old status 0 -> new status into a new order with the mapped order and customer', async () => {
    const response = await deliver(
      sampleOpenCartHistoryEvent({ orderId: 501, oldStatusId: 0, newStatusId: 1 }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accepted: true, events: 1, queued: 1 });
    expect(engine.events[0]).toMatchObject({
      type: 'order.created',
      shopId: 'kupa',
      status: { to: 'pending' },
      occurredAt: new Date('2026-11-20T09:30:00Z'),
      order: {
        id: '501',
        number: '501',
        total: '899.9000',
        currency: 'TRY',
        paymentMethod: 'Havale / EFT',
        shippingMethod: 'Aras Kargo',
        items: [{ name: 'Seramik Kupa Seti', quantity: 3, total: '899.9000' }],
      },
      customer: { id: '5', firstName: 'Elif', lastName: 'Şahin', phone: '0532 765 43 21' },
    });
    expect(engine.statuses.get('kupa/501')).toBe('pending');
  });

  it('turns a change of status into a status change, with a notified comment as a note', async () => {
    await deliver(
      sampleOpenCartHistoryEvent({
        orderId: 502,
        oldStatusId: 2,
        newStatusId: 17,
        comment: 'Takip no: AR123',
        notify: true,
      }),
    );
    expect(engine.events.map((event) => event.type)).toEqual(['order.status_changed', 'order.note_added']);
    expect(engine.events[0]?.status).toEqual({ from: 'processing', to: 'kargoda' });
    expect(engine.events[1]?.note).toMatchObject({ text: 'Takip no: AR123', customerVisible: true });
  });

  it('ignores a comment the customer is not notified of, and a history without a status change', async () => {
    const response = await deliver(
      sampleOpenCartHistoryEvent({
        orderId: 503,
        oldStatusId: 2,
        newStatusId: 2,
        comment: 'iç not',
        notify: false,
      }),
    );
    expect(response.json()).toMatchObject({ accepted: true, events: 0 });
    expect(engine.events).toHaveLength(0);
  });

  it("decodes OpenCart's escaping of names, products, methods and comments once: &amp;amp; is a typed &amp;", async () => {
    const payload = sampleOpenCartHistoryEvent({
      orderId: 505,
      oldStatusId: 2,
      newStatusId: 3,
      comment: 'Kargo: &quot;Aras&quot; &amp; takip no &lt;123&gt;, kod &amp;amp; &#039;X&#039;',
      notify: true,
    });
    payload.order.firstname = 'Ali &amp; Ayşe';
    payload.order.lastname = 'O&#039;Neil';
    payload.order.products[0]!.name = 'Kupa &amp; Tabak &quot;Lüks&quot; &amp;nbsp;';
    payload.order.shipping_method.name = 'Aras &lt;Hızlı&gt;';
    await deliver(payload);
    const [changed, note] = engine.events;
    expect(changed?.customer).toMatchObject({ firstName: 'Ali & Ayşe', lastName: "O'Neil" });
    expect(changed?.order?.items[0]?.name).toBe('Kupa & Tabak "Lüks" &nbsp;');
    expect(changed?.order?.shippingMethod).toBe('Aras <Hızlı>');
    expect(note?.note?.text).toBe('Kargo: "Aras" & takip no <123>, kod &amp; \'X\'');
  });

  it("gives each event's order the change's time (occurred_at) as updatedAt, so that a late re-send is older", async () => {
    // Processing (2) is stored in the extension's retry table; shipped (3) is delivered first; then the stored
    // one is re-sent. The order's date_modified is the previous change's time in both bodies.
    const stored = sampleOpenCartHistoryEvent({ orderId: 506, oldStatusId: 1, newStatusId: 2 });
    stored.occurred_at = '2026-11-20T12:30:00.250+03:00';
    stored.order.date_modified = '2026-11-20 12:29:41';
    const later = sampleOpenCartHistoryEvent({ orderId: 506, oldStatusId: 2, newStatusId: 3 });
    later.occurred_at = '2026-11-20T12:30:00.900+03:00';
    later.order.date_modified = '2026-11-20 12:30:00';
    await deliver(later);
    await deliver(stored);
    const [shipped, processing] = engine.events;
    expect(shipped?.order?.updatedAt).toEqual(new Date('2026-11-20T09:30:00.900Z'));
    expect(processing?.order?.updatedAt).toEqual(new Date('2026-11-20T09:30:00.250Z'));
    expect(processing?.occurredAt).toEqual(new Date('2026-11-20T09:30:00.250Z'));
  });

  it('rejects a bad signature (401), an unknown shop (404), a wrong shape (400) and malformed JSON (400)', async () => {
    const payload = sampleOpenCartHistoryEvent({ orderId: 504, oldStatusId: 0, newStatusId: 1 });
    expect((await deliver(payload, 'kupa', 'wrong-secret')).statusCode).toBe(401);
    expect((await deliver(payload, 'unknown')).statusCode).toBe(404);
    const wrongShape = await deliver({ ...payload, old_status_id: 'x' });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.message).toContain('old_status_id');
    const empty = await deliver({});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(
      /^Not an OpenCart history event: (\S+: [^;]+; ){5}\(\+\d+ more\)$/,
    );
    const malformed = signOpenCartDelivery({}, secret);
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/opencart/kupa',
      headers: malformed.headers,
      payload: '{"event":',
    });
    expect(response.statusCode).toBe(400);
    expect(engine.events).toHaveLength(0);
  });
});
