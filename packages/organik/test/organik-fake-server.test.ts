import { describe, expect, it } from 'vitest';
import { createOrganik, createOrganikClient } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

describe('fake server controls', () => {
  it('fails only the matching requests, as many times as asked, then answers normally again', async () => {
    const server = createOrganikFakeServer();
    const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch });
    server.failNext(95, { match: (request) => request.requestName === 'balance', times: 2 });
    await expect(client.headers()).resolves.toHaveLength(1);
    await expect(client.balance()).rejects.toMatchObject({ providerCode: '95', isRetryable: true });
    await expect(client.balance()).rejects.toMatchObject({ providerCode: '95' });
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
  });

  it('matches a fault on the data of the request, so that one request of a split send fails', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({
      apiKey: server.apiKey,
      fetch: server.fetch,
      sender: 'ORGANIK',
      maxRecipientsPerRequest: 1,
    });
    server.failNext('server-error', { match: (request) => request.body.includes('905301234567') });
    const result = await organik.sendSms({ to: ['05321234567', '05301234567', '05051234567'], text: 'Hi' });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'unknown', 'rejected']);
    expect(server.sentMessages.map((message) => message.to)).toEqual(['+905321234567']);
  });

  it('lists what it accepted as E.164 recipients with text, sender, schedule and reference', async () => {
    const now = new Date('2030-01-15T09:00:00Z');
    const server = createOrganikFakeServer({ now: () => now });
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch });
    const sendAt = new Date('2030-01-16T06:30:00Z');
    await organik.sendSms({
      to: '0532 123 45 67',
      text: 'Yarın',
      from: 'ORGANIK',
      sendAt,
      reference: '4711',
    });
    expect(server.sentMessages).toEqual([
      { to: '+905321234567', text: 'Yarın', from: 'ORGANIK', sendAt, reference: '4711' },
    ]);
  });

  it('refuses every number of a request with the invalid-number fault', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    server.failNext('invalid-number');
    const result = await organik.sendSms({ to: ['05321234567', '05301234567'], text: 'Hi' });
    expect(result.messages.map((message) => [message.status, message.error?.providerCode])).toEqual([
      ['rejected', '110'],
      ['rejected', '110'],
    ]);
    expect(server.sentMessages).toEqual([]);
  });

  it('holds the answer of a timeout fault until the client gives up, after processing the request', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    server.failNext('timeout');
    await expect(organik.sendSms({ to: '05321234567', text: 'Hi' }, { timeoutMs: 50 })).rejects.toMatchObject(
      {
        kind: 'timeout',
        maybeDelivered: true,
      },
    );
    expect(server.sentMessages).toHaveLength(1);
  });

  it("rejects a timed-out request with its signal's reason, as fetch does when the client gives up", async () => {
    const server = createOrganikFakeServer();
    let signal: AbortSignal | undefined;
    let rejected: unknown;
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return server.fetch(input, init).catch((error: unknown) => {
        rejected = error;
        throw error;
      });
    };
    const organik = createOrganik({ apiKey: server.apiKey, fetch, sender: 'ORGANIK' });
    server.failNext('timeout');
    await expect(organik.sendSms({ to: '05321234567', text: 'Hi' }, { timeoutMs: 50 })).rejects.toMatchObject(
      {
        kind: 'timeout',
      },
    );
    expect(signal?.aborted).toBe(true);
    expect(rejected).toBe(signal?.reason);
  });

  it('forgets queued faults on clearFaults', async () => {
    const server = createOrganikFakeServer();
    const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch });
    server.failNext('auth', { times: 3 });
    server.clearFaults();
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
  });

  it('reset restores balances and forgets messages, blacklist and failures', async () => {
    const server = createOrganikFakeServer({ credit: 10 });
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    await organik.sendSms({ to: '05321234567', text: 'Hi' });
    await organik.blacklist.add(['05301234567']);
    server.failNext(99, { times: Number.POSITIVE_INFINITY });
    server.reset();
    expect(server.messages).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(await organik.blacklist.list()).toEqual([]);
    expect((await organik.getBalance()).credits).toBe(10);
  });

  it('charges parts per number, refuses a send beyond the balance, and reports wrong numbers', async () => {
    const server = createOrganikFakeServer({ credit: 3 });
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    const twoParts = 'x'.repeat(200);
    const result = await organik.sendSms({ to: '05321234567', text: twoParts });
    expect(result).toMatchObject({ segments: 2, cost: { credits: 2 } });
    await expect(organik.sendSms({ to: '05321234567', text: twoParts })).rejects.toMatchObject({
      kind: 'insufficient-balance',
    });
    server.deliverAll(3);
    const [report] = await organik.getDeliveryReports({ providerBatchIds: [result.providerBatchId ?? ''] });
    expect(report).toMatchObject({ status: 'rejected', segments: 2 });
  });

  it('answers after the configured latency and gives up when the client does', async () => {
    const server = createOrganikFakeServer({ latencyMs: 50 });
    const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch });
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
    await expect(client.balance({ timeoutMs: 10 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('answers 404 pages outside /v2 and error 88 for an unknown operation', async () => {
    const server = createOrganikFakeServer();
    const page = await server.fetch('https://organikapi.com/v1/whatever/');
    expect(page.status).toBe(404);
    const unknown = await server.fetch(`https://organikapi.com/v2/${server.apiKey}/nothing/`);
    expect(await unknown.json()).toMatchObject({ response: { result: false, error: { code: 88 } } });
  });
});
