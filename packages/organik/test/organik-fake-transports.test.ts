import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganik } from '../src/index';
import { createOrganikFakeServer, listenOrganikFakeServer, organikMswHandlers } from '../src/testing';

describe('msw handlers', async () => {
  const fake = createOrganikFakeServer({ baseUrl: 'https://organik.test' });
  const msw = setupServer(...(await organikMswHandlers(fake)));
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());

  it('answer requests made with the global fetch, faults included', async () => {
    const organik = createOrganik({
      apiKey: fake.apiKey,
      baseUrl: 'https://organik.test',
      sender: 'ORGANIK',
    });
    const result = await organik.sendSms({ to: '05321234567', text: 'Merhaba' });
    expect(result.messages[0]?.status).toBe('accepted');
    expect(fake.sentMessages()).toEqual([{ to: '+905321234567', text: 'Merhaba' }]);
    fake.fail('network');
    await expect(organik.getBalance()).rejects.toMatchObject({ kind: 'network' });
    expect((await organik.getBalance()).credits).toBe(999);
  });
});

describe('node:http wrapper', () => {
  it('serves the fake over real HTTP, in XML too', async () => {
    const fake = createOrganikFakeServer();
    const http = await listenOrganikFakeServer(fake);
    try {
      const organik = createOrganik({
        apiKey: fake.apiKey,
        baseUrl: http.url,
        format: 'xml',
        sender: 'ORGANIK',
      });
      const result = await organik.sendSms({ to: ['05321234567', '05301234567'], text: 'Şipşak' });
      expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'accepted']);
      fake.deliverAll();
      const reports = await organik.getDeliveryReports({ providerBatchIds: [result.providerBatchId ?? ''] });
      expect(reports.map((report) => report.status)).toEqual(['delivered', 'delivered']);
      fake.fail('network');
      await expect(organik.getBalance()).rejects.toMatchObject({ kind: 'network' });
    } finally {
      await http.close();
    }
  });
});
