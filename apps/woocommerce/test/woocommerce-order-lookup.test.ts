import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer, createLogger } from '@x/app-service-kit';
import { RecordingEngine } from '@x/app-service-kit/testing';
import { ApiCallError, AuthenticationError } from '@x/messaging-core';
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

  it('returns undefined for an unknown order and fails with typed errors that name no credential', async () => {
    const lookup = createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret });
    expect(await lookup('1')).toBeUndefined();
    const failed = await lookup('5000').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ApiCallError);
    expect(failed).toMatchObject({ statusCode: 500, isRetryable: true });
    const wrong = createWooRestOrderLookup({ storeUrl, consumerKey, consumerSecret: 'cs_wrong' });
    const refused = await wrong('4242').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ statusCode: 401, isRetryable: false });
    const serialized = JSON.stringify({ failed, refused, messages: [String(failed), String(refused)] });
    expect(serialized).not.toContain('cs_wrong');
    expect(serialized).not.toContain(consumerKey);
    expect(serialized).not.toContain(Buffer.from(`${consumerKey}:cs_wrong`).toString('base64'));
  });

  it('never follows a redirect, so the key never reaches the address it points at', async () => {
    const elsewhere: string[] = [];
    const other = createServer((request, response) => {
      elsewhere.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const moved = createServer((_request, response) => {
      const { port } = other.address() as AddressInfo;
      response.writeHead(302, { location: `http://127.0.0.1:${port}/steal` }).end();
    });
    await new Promise<void>((resolve) => moved.listen(0, '127.0.0.1', resolve));
    try {
      const movedUrl = `http://127.0.0.1:${(moved.address() as AddressInfo).port}`;
      const lookup = createWooRestOrderLookup({ storeUrl: movedUrl, consumerKey, consumerSecret });
      const error = await lookup('4242').catch((failure: unknown) => failure);
      expect(error).toMatchObject({ statusCode: 302, isRetryable: false });
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise((resolve) => moved.close(resolve));
      await new Promise((resolve) => other.close(resolve));
    }
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
