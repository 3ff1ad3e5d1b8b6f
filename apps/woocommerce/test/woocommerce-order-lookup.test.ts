import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, createLogger } from '@x/app-service-kit';
import { RecordingEngine } from '@x/app-service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWooRestOrderLookup } from '../src/woocommerce-order-lookup';
import { registerWooCommerceRoutes } from '../src/woocommerce-routes';
import { sampleWooCustomerNote, sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const consumerKey = 'ck_0123456789abcdef';
const consumerSecret = 'cs_fedcba9876543210';
let store: Server;
let storeUrl: string;
const requests: { url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  store = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const expected = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"code":"woocommerce_rest_cannot_view"}');
      return;
    }
    const match = /^\/wp-json\/wc\/v3\/orders\/(\d+)$/.exec(request.url ?? '');
    if (match?.[1] === '4242') {
      const order = sampleWooOrder({
        id: 4242,
        status: 'processing',
        firstName: 'Hülya',
        phone: '0544 222 33 44',
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(order));
      return;
    }
    if (match?.[1] === '5000') {
      response.writeHead(500, { 'content-type': 'text/html' }).end('<html>error</html>');
      return;
    }
    response
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"code":"woocommerce_rest_shop_order_invalid_id"}');
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => store.close(resolve));
});

describe('createWooRestOrderLookup', () => {
  it('reads and maps an order with Basic authentication', async () => {
    const lookup = createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret });
    const found = await lookup('4242');
    expect(found?.order).toMatchObject({ id: '4242', status: 'processing' });
    expect(found?.customer).toMatchObject({ firstName: 'Hülya', phone: '0544 222 33 44' });
    expect(requests.at(-1)?.url).toBe('/wp-json/wc/v3/orders/4242');
  });

  it('returns undefined for an unknown order and fails without leaking credentials otherwise', async () => {
    const lookup = createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret });
    expect(await lookup('1')).toBeUndefined();
    await expect(lookup('5000')).rejects.toThrow('WooCommerce order lookup answered HTTP 500');
    const wrong = createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret: 'cs_wrong' });
    await expect(wrong('4242')).rejects.toThrow(/^WooCommerce order lookup answered HTTP 401$/);
  });
});

describe('customer note of an order not seen in a webhook', () => {
  it('takes the recipient from the REST API, and records the note without a phone when the lookup fails', async () => {
    const engine = new RecordingEngine();
    const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
    registerWooCommerceRoutes(app, {
      engine,
      shops: {
        demo: {
          secret: 'note-secret',
          lookupOrder: createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret }),
        },
      },
    });
    const post = (orderId: number) => {
      const delivery = signWooDelivery(
        'action.woocommerce_new_customer_note',
        sampleWooCustomerNote(orderId, 'Kargonuz yolda.'),
        'note-secret',
      );
      return app.inject({
        method: 'POST',
        url: '/webhooks/woocommerce/demo',
        headers: delivery.headers,
        payload: delivery.body,
      });
    };
    expect((await post(4242)).json()).toMatchObject({ queued: 1 });
    expect(engine.events[0]?.customer).toMatchObject({ firstName: 'Hülya', phone: '0544 222 33 44' });
    expect((await post(5000)).json()).toMatchObject({ queued: 0, skipped: 1 });
    expect(engine.events[1]).toMatchObject({ order: { id: '5000' }, customer: {} });
    await app.close();
  });
});
