import {
  type ConformanceFailure,
  type ConformanceSentMessage,
  testSmsProvider,
} from '@x/messaging-core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createAcme } from '../examples/acme-provider';
import type { FetchFunction } from '../src/index';

const API_KEY = 'acme-live-7d4f0c2a9b1e';

/** An in-memory stand-in for the Acme API, answering the way the real one would. */
function createAcmeFakeServer() {
  const sent: ConformanceSentMessage[] = [];
  let failure: ConformanceFailure = 'none';
  let retryAfterMs: number | undefined;
  let sequence = 0;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  const fetch: FetchFunction = async (input, init) => {
    if (new Headers(init?.headers).get('authorization') !== `Bearer ${API_KEY}`)
      return json(401, { error: 'auth' });
    const current = failure;
    failure = 'none';
    if (current === 'auth') return json(401, { error: { code: 'auth' } });
    if (current === 'insufficient-balance') return json(402, { error: { code: 'balance' } });
    if (current === 'rate-limit')
      return json(429, {}, { 'retry-after': String((retryAfterMs ?? 1000) / 1000) });
    if (current === 'server-error') return new Response('<html>Bad gateway</html>', { status: 502 });
    if (current === 'timeout') {
      return new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }
    if (new URL(String(input)).pathname.endsWith('/balance')) return json(200, { credits: 1200 });
    const body = JSON.parse(String(init?.body)) as {
      to: string[];
      text: string;
      from?: string;
      send_at?: string;
    };
    const messages = body.to.map((to) => {
      if (current === 'invalid-number') return { to, error: 'invalid_number' };
      const sendAt = body.send_at === undefined ? {} : { sendAt: new Date(body.send_at) };
      sent.push({ to, text: body.text, from: body.from, ...sendAt });
      return { to, id: `m-${++sequence}` };
    });
    return json(200, { batch_id: `b-${++sequence}`, messages });
  };

  return {
    fetch,
    sent,
    simulate(next: ConformanceFailure, options?: { retryAfterMs?: number }) {
      failure = next;
      retryAfterMs = options?.retryAfterMs;
    },
  };
}

testSmsProvider('acme (the example third provider)', () => {
  const server = createAcmeFakeServer();
  const logs: unknown[] = [];
  const provider = createAcme({
    apiKey: API_KEY,
    fetch: server.fetch,
    hooks: {
      onRequest: (event) => logs.push(event),
      onResponse: (event) => logs.push(event),
      onError: (event) => logs.push({ ...event, error: event.error.toJSON() }),
    },
  });
  return {
    provider,
    secrets: [API_KEY],
    logs,
    simulate: server.simulate,
    validRecipient: '0532 123 45 67',
    invalidRecipient: '+90 555 999 99 99',
    sender: 'KAMPANYA',
    sentMessages: () => server.sent,
  };
});

describe('acme example', () => {
  it('reads its key from ACME_API_KEY and says which option is missing', async () => {
    vi.stubEnv('ACME_API_KEY', '');
    const provider = createAcme({ fetch: createAcmeFakeServer().fetch });
    await expect(provider.getBalance!()).rejects.toThrow(/'apiKey' option or set the ACME_API_KEY/);
    vi.stubEnv('ACME_API_KEY', API_KEY);
    await expect(provider.getBalance!()).resolves.toMatchObject({ credits: 1200 });
    vi.unstubAllEnvs();
  });

  it('logs requests with the key hidden', async () => {
    const logs: unknown[] = [];
    const provider = createAcme({
      apiKey: API_KEY,
      fetch: createAcmeFakeServer().fetch,
      hooks: { onRequest: (event) => logs.push(event) },
    });
    await provider.getBalance!();
    expect(logs).toEqual([
      expect.objectContaining({ headers: expect.objectContaining({ authorization: '***' }) }),
    ]);
  });
});
