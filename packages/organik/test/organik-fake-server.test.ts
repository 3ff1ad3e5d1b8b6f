import { describe, expect, it } from 'vitest';
import { createOrganik, createOrganikClient } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

describe('fake server controls', () => {
  it('fails only the named operation, as many times as asked, after letting some through', async () => {
    const server = createOrganikFakeServer();
    const client = createOrganikClient({ apiKey: server.apiKey, fetch: server.fetch });
    server.fail(95, { requestName: 'balance', times: 2, after: 1 });
    await expect(client.headers()).resolves.toHaveLength(1);
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
    await expect(client.balance()).rejects.toMatchObject({ providerCode: '95', isRetryable: true });
    await expect(client.balance()).rejects.toMatchObject({ providerCode: '95' });
    await expect(client.balance()).resolves.toMatchObject({ credit: 1000 });
  });

  it('reset restores balances and forgets messages, blacklist and failures', async () => {
    const server = createOrganikFakeServer({ credit: 10 });
    const organik = createOrganik({ apiKey: server.apiKey, fetch: server.fetch, sender: 'ORGANIK' });
    await organik.sendSms({ to: '05321234567', text: 'Hi' });
    await organik.blacklist.add(['05301234567']);
    server.fail(99, { times: Number.POSITIVE_INFINITY });
    server.reset();
    expect(server.messages).toEqual([]);
    expect(server.calls).toEqual([]);
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
