import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { convertToOrganikSendSmsRequest, createOrganik, toOrganikTrackId } from '../src/index';
import { createOrganikFakeServer } from '../src/testing';

/** A provider on the fake server whose `sendsms` bodies are kept, as sent. */
function setup(settings: { sender?: string; maxRecipientsPerRequest?: number } = {}) {
  const server = createOrganikFakeServer();
  const bodies: unknown[] = [];
  const organik = createOrganik({
    apiKey: server.apiKey,
    ...settings,
    fetch: async (input, init) => {
      if (String(input).includes('/sendsms/')) bodies.push(JSON.parse(String(init?.body)));
      return server.fetch(input, init);
    },
  });
  return { server, organik, bodies };
}

describe('the provider writes its sendsms requests as the client does', () => {
  it('sends the body the public client would write for the same delivery, the numbers in their batches', async () => {
    const { organik, bodies } = setup({ maxRecipientsPerRequest: 2 });
    const sendAt = new Date('2030-01-15T12:30:00Z');
    const result = await organik.sendSms(
      {
        to: ['0532 123 45 67', '+90 530 123 45 67', '+4915112345678'],
        text: 'Siparişiniz kargoya verildi.',
        from: '  ORGANIK ',
        reference: 'order-1001/shipped',
        sendAt,
        providerOptions: { organik: { timeoutHours: 24, reportUrl: 'https://shop.example/report?token=t' } },
      },
      { timeoutMs: 5000 },
    );
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const options = {
      header: 'ORGANIK',
      messageFormat: 'turkish' as const,
      trackId: toOrganikTrackId('order-1001/shipped'),
      deliveryTime: sendAt,
      timeoutHours: 24,
      reportUrl: 'https://shop.example/report?token=t',
    };
    const expected = [['05321234567', '05301234567'], ['+4915112345678']].map(
      (gsms) =>
        convertToOrganikSendSmsRequest({
          deliveries: [{ options, recipients: { gsms }, message: 'Siparişiniz kargoya verildi.' }],
        }).data,
    );
    expect(bodies).toEqual(expected.map((data) => ({ data })));
  });

  it('still refuses a sender id the client would refuse, before any request', async () => {
    const { server, organik } = setup();
    for (const from of ['   ', 'S'.repeat(101)]) {
      const error = await organik.sendSms({ to: '05321234567', text: 'Hi', from }).catch((thrown) => thrown);
      expect(ValidationError.isInstance(error), from).toBe(true);
      expect((error as ValidationError).issues[0]?.path).toEqual(['header']);
    }
    expect(server.requests).toEqual([]);
  });
});
