import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '@x/messaging-core';
import { afterEach, describe, expect, it } from 'vitest';
import { storeRequest } from '../src/store-request';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function shop(answer: (body: string) => string | undefined): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    request.on('end', () => {
      const text = answer(body);
      if (text !== undefined) response.writeHead(200, { 'content-type': 'application/json' }).end(text);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wp-json/wc/v3/orders/1`;
}

const base = {
  platform: 'woocommerce',
  headers: { authorization: 'Basic c2VjcmV0', 'content-type': 'application/json' },
  secrets: ['Basic c2VjcmV0'],
} as const;

describe('storeRequest', () => {
  it('does not read a write’s answer: a status written on an order of thousands of lines is not a failure', async () => {
    // WooCommerce answers PUT /orders/{id} with the whole order; here 2 MiB, over the 1 MiB read limit.
    const url = await shop(() => JSON.stringify({ id: 1, line_items: 'x'.repeat(2 * 1024 * 1024) }));
    const answer = await storeRequest({
      ...base,
      method: 'PUT',
      url,
      body: '{"status":"processing"}',
      idempotent: true,
      signal: AbortSignal.timeout(5000),
      timeoutMs: 5000,
    });
    expect(answer).toBeUndefined();
  });

  it('reads a lookup’s answer', async () => {
    const url = await shop(() => '[{"note":"Telefonla onaylandı"}]');
    const answer = await storeRequest({
      ...base,
      method: 'GET',
      url,
      idempotent: true,
      signal: AbortSignal.timeout(5000),
      timeoutMs: 5000,
    });
    expect(answer).toEqual([{ note: 'Telefonla onaylandı' }]);
  });

  it('says a note posted past its time limit may have been written, and a status put may not', async () => {
    const url = await shop(() => undefined);
    const late = (method: 'POST' | 'PUT', idempotent: boolean) =>
      storeRequest({
        ...base,
        method,
        url,
        body: '{}',
        idempotent,
        signal: AbortSignal.timeout(100),
        timeoutMs: 100,
      }).catch((error: unknown) => error);
    const note = await late('POST', false);
    expect(note).toBeInstanceOf(TimeoutError);
    expect(note).toMatchObject({ timeoutMs: 100, maybeDelivered: true, isRetryable: true });
    expect(await late('PUT', true)).toMatchObject({ maybeDelivered: false });
  });
});
