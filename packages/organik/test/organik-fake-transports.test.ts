import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganik } from '../src/index';
import { createOrganikFakeServer, createOrganikMswHandlers, listenOrganikFakeServer } from '../src/testing';

describe('msw handlers', () => {
  const fake = createOrganikFakeServer();
  const msw = setupServer(...createOrganikMswHandlers(fake, { http, HttpResponse }));
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());

  it('answer a client on its default base URL, faults included', async () => {
    const organik = createOrganik({ apiKey: fake.apiKey, sender: 'ORGANIK' });
    const result = await organik.sendSms({ to: '05321234567', text: 'Merhaba' });
    expect(result.messages[0]?.status).toBe('accepted');
    expect(fake.sentMessages).toEqual([{ to: '+905321234567', text: 'Merhaba', from: 'ORGANIK' }]);
    fake.failNext('reset');
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
      fake.failNext('reset');
      await expect(organik.getBalance()).rejects.toMatchObject({ kind: 'network' });
    } finally {
      await http.close();
    }
  });
});
