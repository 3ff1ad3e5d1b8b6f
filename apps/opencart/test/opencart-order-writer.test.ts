import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { typedFailureOf } from '@x/app-service-kit/testing';
import { TimeoutError } from '@x/messaging-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenCartOrderWriter } from '../src/opencart-order-writer';

/**
 * The OpenCart order writer against a fake store on a real port that redirects or never answers: a redirect is
 * not followed and not retried, a timeout reports its limit.
 */

const secret = 'opencart-writer-secret';
/** What the store does with the next request. */
let behaviour: 'redirect' | 'hang' = 'redirect';
const received: string[] = [];
let store: Server;
let storeUrl: string;

beforeAll(async () => {
  store = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    if (behaviour === 'redirect') response.writeHead(302, { location: '/elsewhere' }).end();
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}/shop`;
});

afterAll(async () => {
  store.closeAllConnections();
  await new Promise((resolve) => store.close(resolve));
});

const note = (timeoutMs: number) => ({
  shopId: 'kupa',
  orderId: '4001',
  key: 'job-1:note',
  retry: false,
  timeoutMs,
  note: 'Telefonla onaylandı',
});

describe('createOpenCartOrderWriter', () => {
  it('does not follow a redirect, and fails the write without a retry, naming the status only', async () => {
    behaviour = 'redirect';
    received.length = 0;
    const writer = createOpenCartOrderWriter({ storeUrl, secret });
    const error = await typedFailureOf(writer.addNote(note(5_000), AbortSignal.timeout(5_000)));
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain('HTTP 302');
    expect(error.message).not.toContain(secret);
    expect(received).toHaveLength(1);
  });

  it('reports the limit of a write that timed out', async () => {
    behaviour = 'hang';
    const writer = createOpenCartOrderWriter({ storeUrl, secret });
    const error = await typedFailureOf(writer.addNote(note(120), AbortSignal.timeout(120)));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(120);
    expect(error.isRetryable).toBe(true);
  });
});
