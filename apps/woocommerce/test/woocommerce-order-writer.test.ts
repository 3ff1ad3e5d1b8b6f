import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { typedFailureOf } from '@x/app-service-kit/testing';
import { AuthenticationError, TimeoutError } from '@x/messaging-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createWooRestOrderWriter } from '../src/woocommerce-order-writer';

/**
 * The WooCommerce order writer against fake REST APIs on real ports: what a refused key, a redirect and a store
 * that never answers do to a write.
 */

const consumerKey = 'ck_writer_0123456789';
const consumerSecret = 'cs_writer_9876543210';
const servers: Server[] = [];

async function listen(handler: RequestListener): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const write = (timeoutMs = 5_000) => ({
  shopId: 'demo',
  orderId: '3001',
  key: 'job-1:status',
  retry: false,
  timeoutMs,
  status: 'cancelled',
});

describe('createWooRestOrderWriter', () => {
  it('fails a refused key (401) with a typed error that is not retried and names no credential', async () => {
    const store = await listen((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"cannot_edit"}');
    });
    const writer = createWooRestOrderWriter({ storeUrl: store.url, consumerKey, consumerSecret });
    const error = await typedFailureOf(writer.setStatus(write(), AbortSignal.timeout(5_000)));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('HTTP 401');
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/ck_writer|cs_writer|Basic /);
  });

  it('never follows a redirect: the second server gets nothing, and the failure is not retried', async () => {
    const elsewhere = await listen((_request, response) => response.end('{}'));
    const store = await listen((request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}${request.url}` }).end();
    });
    const writer = createWooRestOrderWriter({ storeUrl: store.url, consumerKey, consumerSecret });
    const error = await typedFailureOf(writer.setStatus(write(), AbortSignal.timeout(5_000)));
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('HTTP 307');
    expect(error.message).not.toMatch(/ck_writer|cs_writer|Basic /);
    expect(store.requests).toEqual(['PUT /wp-json/wc/v3/orders/3001']);
    expect(elsewhere.requests).toEqual([]);
  });

  it('reports the limit of a write that timed out', async () => {
    // The store takes the request and never answers.
    const store = await listen(() => undefined);
    const writer = createWooRestOrderWriter({ storeUrl: store.url, consumerKey, consumerSecret });
    const error = await typedFailureOf(writer.setStatus(write(150), AbortSignal.timeout(150)));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('150 ms');
  });
});
