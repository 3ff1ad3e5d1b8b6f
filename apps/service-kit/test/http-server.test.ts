import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationEngine,
  type OrderEvent,
  parseNotificationConfig,
} from '@x/order-notifications';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminEngine, registerAdminRoutes } from '../src/admin-routes';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';

const token = 'admin-token-0123456789';
const servers: { close(): Promise<unknown> }[] = [];
const engines: NotificationEngine[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

async function realEngine() {
  const sandbox = createSandboxProvider();
  const engine = createNotificationEngine({
    store: await createSqliteStore({ filename: ':memory:' }),
    config: parseNotificationConfig({
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', pricePerSegment: 1 } },
    }),
    providers: { sandbox },
  });
  engines.push(engine);
  return { engine, sandbox };
}

function orderEvent(id: string, status: string, phone: string): OrderEvent {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date('2026-11-20T09:30:00Z'),
    order: {
      id,
      number: id,
      status,
      total: '149.90',
      currency: 'TRY',
      items: [{ name: 'Kupa', quantity: 1 }],
    },
    customer: { firstName: 'Ayşe', phone },
    status: { to: status },
    raw: {},
  };
}

/** For tests that never reach the engine: any use fails the test. */
const unusedEngine = new Proxy({} as AdminEngine, {
  get() {
    throw new Error('the engine must not be used here');
  },
});

function build(options: { adminToken?: string; engine?: AdminEngine } = {}) {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  app.post('/echo', async (request) => ({ raw: request.rawBody?.toString('utf8'), body: request.body }));
  registerAdminRoutes(app, {
    engine: options.engine ?? unusedEngine,
    token: options.adminToken,
    shopIds: ['demo'],
  });
  servers.push(app);
  return app;
}

describe('createHttpServer', () => {
  it('keeps the raw body bytes beside the parsed JSON', async () => {
    const app = build();
    const payload = '{ "ad":  "Ayşe" }';
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload,
    });
    expect(response.json()).toEqual({ raw: payload, body: { ad: 'Ayşe' } });
  });

  it('answers malformed JSON with 400, a large body with 413, an unknown route with 404', async () => {
    const app = build();
    const malformed = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      error: { code: 'malformed_body', message: 'The body is not valid JSON' },
    });
    const large = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(1_048_577) }),
    });
    expect(large.statusCode).toBe(413);
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404);
  });

  it('serves /health over a real socket', async () => {
    const app = build();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, path: '/health' }, (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
  });
});

describe('admin API', () => {
  const auth = { authorization: `Bearer ${token}` };

  it('is closed without a configured token, and rejects a wrong token', async () => {
    expect((await build().inject({ method: 'GET', url: '/admin/messages', headers: auth })).statusCode).toBe(
      503,
    );
    const app = build({ adminToken: token });
    expect((await app.inject({ method: 'GET', url: '/admin/messages' })).statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'GET',
      url: '/admin/messages',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('accepts the bearer scheme in any case, and only the bearer scheme', async () => {
    const { engine } = await realEngine();
    const app = build({ adminToken: token, engine });
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const response = await app.inject({
        method: 'GET',
        url: '/admin/messages',
        headers: { authorization: `${scheme} ${token}` },
      });
      expect(response.statusCode).toBe(200);
    }
    for (const authorization of [`Basic ${token}`, `Bearer${token}`, `bearer ${token}x`, 'bearer ']) {
      const response = await app.inject({
        method: 'GET',
        url: '/admin/messages',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
    }
  });

  it('lists messages with a validated filter, recipients masked', async () => {
    const { engine } = await realEngine();
    await engine.accept(orderEvent('1001', 'processing', '0532 123 45 67'));
    await engine.accept(orderEvent('1002', 'processing', '0555 765 43 21'));
    await engine.dispatchOnce();
    const app = build({ adminToken: token, engine });
    const response = await app.inject({
      method: 'GET',
      url: '/admin/messages?shop=demo&status=sent&order=1001&limit=10',
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ limit: 10, offset: 0 });
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ orderId: '1001', status: 'sent', recipient: '+90532*****67' });
    expect(response.body).not.toContain('5321234567');
    const all = await app.inject({
      method: 'GET',
      url: '/admin/messages?since=2000-01-01T00:00:00Z',
      headers: auth,
    });
    expect(all.json().messages).toHaveLength(2);
    const bad = await app.inject({
      method: 'GET',
      url: '/admin/messages?status=lost&limit=9999',
      headers: auth,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/status.*limit/s);
    expect(
      (await app.inject({ method: 'GET', url: '/admin/messages?shop=other', headers: auth })).statusCode,
    ).toBe(404);
  });

  it('reports counts per status and cost totals', async () => {
    const { engine } = await realEngine();
    await engine.accept(orderEvent('1001', 'processing', '0532 123 45 67'));
    await engine.accept(orderEvent('1002', 'processing', '0555 765 43 21'));
    await engine.accept(orderEvent('1003', 'processing', '12'));
    await engine.dispatchOnce();
    await engine.accept(orderEvent('1004', 'processing', '0532 999 88 77'));
    const app = build({ adminToken: token, engine });
    const counts = await app.inject({
      method: 'GET',
      url: '/admin/messages/counts?shop=demo',
      headers: auth,
    });
    expect(counts.json().counts).toMatchObject({ sent: 2, queued: 1, skipped: 1 });
    const costs = await app.inject({ method: 'GET', url: '/admin/costs', headers: auth });
    expect(costs.json().segments).toBe(2);
  });

  it('previews a template with segments and cost, and reports template errors as 400', async () => {
    const { engine } = await realEngine();
    const app = build({ adminToken: token, engine });
    const preview = await app.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: auth,
      payload: {
        shop: 'demo',
        template: 'Merhaba {first_name}, siparişiniz alındı.',
        customer: { firstName: 'Ayşe' },
      },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      text: 'Merhaba Ayşe, siparişiniz alındı.',
      type: 'turkish',
      segments: 1,
      cost: 1,
    });
    const broken = await app.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: auth,
      payload: { shop: 'demo', template: 'Merhaba {foo}' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('{foo}');
  });
});
