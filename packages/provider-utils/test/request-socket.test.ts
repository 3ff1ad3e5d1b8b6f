import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiCallError, NetworkError, TimeoutError } from '@x/messaging-core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createJsonResponseHandler, createStatusCodeErrorResponseHandler, request } from '../src/index';

/*
 * The runtime's own fetch against a real socket (no test double, no msw). It follows the call's signal for the
 * request and the body, so a timeout or the caller's abort must end the call and close the connection.
 */

let server: Server | undefined;
/** Resolves when the server sees the client's connection close. */
let connectionClosed: Promise<void>;

async function listen(handler: (response: ServerResponse) => void): Promise<string> {
  let onClose: () => void = () => {};
  connectionClosed = new Promise((resolve) => {
    onClose = resolve;
  });
  server = createServer((incoming, response) => {
    response.socket?.once('close', onClose);
    incoming.resume();
    incoming.on('end', () => handler(response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
}

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    server.close();
    server = undefined;
  }
});

function send(url: string, timeoutMs = 5_000, extra: { idempotent?: boolean; signal?: AbortSignal } = {}) {
  return request({
    providerId: 'example',
    url,
    method: 'POST',
    body: '{"to":"905321234567"}',
    idempotent: extra.idempotent ?? false,
    signal: extra.signal,
    timeoutMs,
    successfulResponseHandler: createJsonResponseHandler(z.object({ id: z.string() })),
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('request over a real socket', () => {
  it('reports a refused connection as never delivered', async () => {
    const url = await listen(() => {});
    server?.close();
    await once(server!, 'close');
    server = undefined;
    const error = await send(url);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect((error as NetworkError).maybeDelivered).toBe(false);
    expect((error as NetworkError).isRetryable).toBe(true);
  });

  it('reports a connection reset in the middle of the body as maybe delivered', async () => {
    const url = await listen((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"id":');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const error = await send(url);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).maybeDelivered).toBe(true);
    expect((error as NetworkError).message).toContain('broke while the response was read');
  });

  it('times out a body that stops arriving, after the headers came', async () => {
    const url = await listen((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":');
    });
    const error = await send(url, 150);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(true);
    await connectionClosed;
  });

  it('times out a server that never answers, and closes the connection', async () => {
    const url = await listen(() => {});
    const error = await send(url, 100);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(true);
    await connectionClosed;
  });

  it('times out a body of announced length that stalls, and closes the connection', async () => {
    const url = await listen((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      response.write('{"id":');
    });
    const error = await send(url, 150, { idempotent: true });
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(false);
    await connectionClosed;
  });

  it("rejects with the caller's reason when the caller aborts during the body", async () => {
    const url = await listen((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":');
    });
    const controller = new AbortController();
    const reason = new Error('the shop closed the page');
    setTimeout(() => controller.abort(reason), 50);
    expect(await send(url, 5_000, { signal: controller.signal })).toBe(reason);
    await connectionClosed;
  });

  it('never follows a redirect: the request and its key stay with the server that was asked', async () => {
    const seenElsewhere: string[] = [];
    const elsewhere = createServer((incoming, response) => {
      seenElsewhere.push(`${incoming.method} ${incoming.url}`);
      incoming.resume();
      response.end('{"id":"x"}');
    });
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/collect`;
    try {
      const url = await listen((response) => {
        response.writeHead(307, { location: target }).end();
      });
      const error = await request({
        providerId: 'example',
        url,
        method: 'POST',
        headers: { authorization: 'Bearer key-0123456789abcdef' },
        body: '{"api_key":"key-0123456789abcdef","to":"905321234567"}',
        secrets: ['key-0123456789abcdef'],
        idempotent: false,
        successfulResponseHandler: createJsonResponseHandler(z.object({ id: z.string() })),
        failedResponseHandler: createStatusCodeErrorResponseHandler(),
      }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ApiCallError);
      // A send that is not idempotent may have been acted on before the redirect (a 303 says so): unknown.
      expect(error).toMatchObject({ statusCode: 307, isRetryable: false, maybeDelivered: true });
      expect((error as Error).message).toMatch(/redirect/);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toMatch(
        /key-0123456789abcdef/,
      );
      expect(seenElsewhere).toEqual([]);
    } finally {
      elsewhere.close();
    }
  });
});
