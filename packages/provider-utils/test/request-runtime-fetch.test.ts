import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '@x/messaging-core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  type ProviderRequestOptions,
  request,
} from '../src';

/*
 * The runtime's own fetch against a real socket (no test double, no msw): a timeout or the caller's abort must
 * end the call and close the connection, whether the server is silent or stalls in the middle of the body.
 */

type Stall = (response: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Starts a server that answers every request with `stall`; `closed` resolves when a client connection ends. */
async function startServer(stall: Stall): Promise<{ url: string; closed: Promise<void> }> {
  let onClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });
  server = createServer((incoming, response) => {
    incoming.resume();
    response.socket?.once('close', onClosed);
    stall(response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/balance`, closed };
}

function options(url: string, extra: Partial<ProviderRequestOptions<unknown>> = {}) {
  return {
    providerId: 'test',
    url,
    method: 'POST' as const,
    body: '{}',
    idempotent: false,
    successfulResponseHandler: createJsonResponseHandler(z.object({ credit: z.number() })),
    failedResponseHandler: createStatusCodeErrorResponseHandler(),
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('request with the runtime fetch', () => {
  it('times out a server that never answers, and closes the connection', async () => {
    const { url, closed } = await startServer(() => {});
    const error = await failure(request(options(url, { timeoutMs: 100 })));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(true);
    await closed;
  });

  it('times out a chunked body that stalls half way, and closes the connection', async () => {
    const { url, closed } = await startServer((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"credit":');
    });
    const error = await failure(request(options(url, { timeoutMs: 150 })));
    expect(TimeoutError.isInstance(error)).toBe(true);
    // The headers had arrived (200): the request was taken, so its outcome is unknown.
    expect((error as TimeoutError).maybeDelivered).toBe(true);
    await closed;
  });

  it('times out a body of announced length that stalls, and closes the connection', async () => {
    const { url, closed } = await startServer((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      response.write('{"credit":');
    });
    const error = await failure(request(options(url, { timeoutMs: 150, idempotent: true })));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(false);
    await closed;
  });

  it("rejects with the caller's reason when the caller aborts during the body", async () => {
    const { url, closed } = await startServer((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"credit":');
    });
    const controller = new AbortController();
    const reason = new Error('the shop closed the page');
    const call = request(options(url, { signal: controller.signal }));
    setTimeout(() => controller.abort(reason), 50);
    expect(await failure(call)).toBe(reason);
    await closed;
  });

  it('reads a complete answer', async () => {
    const { url } = await startServer((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"credit":12}');
    });
    const { value } = await request(options(url));
    expect(value).toEqual({ credit: 12 });
  });
});
