import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createBulutfon } from '../src/bulutfon-provider';
import { messageSendOptionsSchema, toMessageBody } from '../src/bulutfon-request-options';
import { createBulutfonFakeServer } from '../src/testing';

function setup() {
  const fake = createBulutfonFakeServer();
  const bulutfon = createBulutfon({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    recipientsPerRequest: 2,
  });
  const sends = () =>
    fake.requests.filter((request) => request.method === 'POST' && request.path === '/messages');
  return { fake, bulutfon, sends };
}

describe('the provider writes its POST /messages as the client does', () => {
  it('sends the body client.messages.send would write for each batch of the same message', async () => {
    const { bulutfon, sends } = setup();
    const sendAt = new Date('2030-01-15T12:30:00Z');
    const result = await bulutfon.sendSms({
      to: ['0532 123 45 67', '+90 530 123 45 67', '05321234567', '+4915112345678'],
      text: 'Siparişiniz kargoda.',
      from: 'TEST',
      sendAt,
      providerOptions: { bulutfon: { rejectLink: true } },
    });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const expected = [['05321234567', '05301234567'], ['+4915112345678']].map((receivers) =>
      toMessageBody(
        messageSendOptionsSchema.parse({
          title: 'TEST',
          receivers,
          content: 'Siparişiniz kargoda.',
          sendAt,
          rejectLink: true,
        }),
      ),
    );
    // The fake keeps the JSON body as it arrived: fields left undefined are not sent.
    expect(sends().map((request) => request.body)).toEqual(
      expected.map((body) => JSON.parse(JSON.stringify(body))),
    );
  });

  it('still refuses a blank title, before any request', async () => {
    const { bulutfon, sends } = setup();
    const error = await bulutfon
      .sendSms({ to: '05321234567', text: 'Hi', from: '  ' })
      .catch((thrown) => thrown);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toEqual(['title']);
    expect(sends()).toEqual([]);
  });
});
