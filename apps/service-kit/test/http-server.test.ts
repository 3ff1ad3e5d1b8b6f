import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminEngine, type AdminMessageFilter, registerAdminRoutes } from '../src/admin-routes';
import { createHttpServer } from '../src/http-server';
import { createLogger } from '../src/logger';

const token = 'admin-token-0123456789';
const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

class AdminEngineDouble implements AdminEngine {
  readonly filters: AdminMessageFilter[] = [];
  messages = {
    list: async (filter: AdminMessageFilter) => {
      this.filters.push(filter);
      return [{ id: 'm1', recipient: '+90532*****67', status: 'sent' }];
    },
    counts: async (filter: AdminMessageFilter) => {
      this.filters.push(filter);
      return { queued: 1, sent: 2 };
    },
    costTotals: async (filter: AdminMessageFilter) => {
      this.filters.push(filter);
      return { segments: 5, credits: 5 };
    },
  };
  preview(input: { shopId: string; template: string }) {
    if (input.template.includes('{foo}')) throw new Error('unknown variable {foo}');
    return { text: input.template.replace('{first_name}', 'Ayşe'), type: 'turkish', segments: 1, units: 12 };
  }
}

function build(options: { adminToken?: string; engine?: AdminEngineDouble } = {}) {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  app.post('/echo', async (request) => ({ raw: request.rawBody?.toString('utf8'), body: request.body }));
  registerAdminRoutes(app, {
    engine: options.engine ?? new AdminEngineDouble(),
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

  it('lists messages with a validated filter', async () => {
    const engine = new AdminEngineDouble();
    const app = build({ adminToken: token, engine });
    const response = await app.inject({
      method: 'GET',
      url: '/admin/messages?shop=demo&status=sent&order=1001&since=2026-11-20T00:00:00Z&limit=10',
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ messages: [{ id: 'm1' }], limit: 10, offset: 0 });
    expect(engine.filters[0]).toEqual({
      shopId: 'demo',
      status: 'sent',
      orderId: '1001',
      since: new Date('2026-11-20T00:00:00Z'),
      limit: 10,
      offset: 0,
    });
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

  it('reports counts and costs', async () => {
    const app = build({ adminToken: token });
    const counts = await app.inject({
      method: 'GET',
      url: '/admin/messages/counts?shop=demo',
      headers: auth,
    });
    expect(counts.json()).toEqual({ counts: { queued: 1, sent: 2 } });
    const costs = await app.inject({ method: 'GET', url: '/admin/costs', headers: auth });
    expect(costs.json()).toEqual({ segments: 5, credits: 5 });
  });

  it('previews a template and reports template errors as 400', async () => {
    const app = build({ adminToken: token });
    const preview = await app.inject({
      method: 'POST',
      url: '/admin/preview',
      headers: auth,
      payload: { shop: 'demo', template: 'Merhaba {first_name}' },
    });
    expect(preview.json()).toEqual({ text: 'Merhaba Ayşe', type: 'turkish', segments: 1, units: 12 });
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
