import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http-server';
import { MAX_JSON_DEPTH } from '../src/json-depth';
import { createLogger } from '../src/logger';

const servers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function build() {
  const app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  app.post('/echo', async (request) => ({ raw: request.rawBody?.toString('utf8'), body: request.body }));
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

  it('refuses JSON nested deeper than MAX_JSON_DEPTH before parsing it, whatever its strings hold', async () => {
    const app = build();
    const post = (payload: string) =>
      app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    const deepest = await post(nested(MAX_JSON_DEPTH));
    expect(deepest.statusCode).toBe(200);
    for (const payload of [nested(MAX_JSON_DEPTH + 1), `{"a":${nested(500_000)}}`]) {
      const refused = await post(payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({
        error: {
          code: 'malformed_body',
          message: 'The body nests arrays and objects more than 128 levels deep',
        },
      });
    }
    // Brackets inside strings, after escaped quotes and backslashes too, are text.
    const text = `x\\"${'['.repeat(300)}`;
    const inStrings = await post(JSON.stringify({ note: text, list: [text, { deeper: text }] }));
    expect(inStrings.statusCode).toBe(200);
    expect(inStrings.json().body.note).toBe(text);
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
