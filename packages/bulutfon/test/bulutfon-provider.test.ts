import { InvalidSenderError, ValidationError, withRetry } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { BULUTFON_CAPABILITIES, createBulutfon } from '../src/bulutfon-provider';
import type { BulutfonProviderOptions } from '../src/bulutfon-provider-options';
import { createBulutfonFakeServer } from '../src/testing';

function providerSetup(settings: Parameters<typeof createBulutfon>[0] = {}) {
  const fake = createBulutfonFakeServer();
  const provider = createBulutfon({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    ...settings,
  });
  return { fake, provider };
}

describe('createBulutfon', () => {
  it('declares honest capabilities', () => {
    const { provider } = providerSetup();
    expect(provider.capabilities).toBe(BULUTFON_CAPABILITIES);
    expect(provider.capabilities).toMatchObject({
      deliveryReports: false,
      blacklistAdd: false,
      blacklistRemove: true,
      scheduling: true,
    });
    expect(provider.getDeliveryReports).toBeUndefined();
    expect((provider.blacklist as { add?: unknown }).add).toBeUndefined();
  });

  it('uses the first CONFIRMED title when no sender is given, asking once', async () => {
    const { fake, provider } = providerSetup();
    await provider.sendSms({ to: '05321234567', text: 'Bir' });
    await provider.sendSms({ to: '05321234567', text: 'İki' });
    expect(fake.requests.filter((request) => request.path === '/message-titles')).toHaveLength(1);
    expect(fake.sentMessages.map((sms) => sms.from)).toEqual(['TEST', 'TEST']);
  });

  it('fails with InvalidSenderError when no title is confirmed', async () => {
    const { fake, provider } = providerSetup();
    fake.state.messageTitles = [{ id: 9, name: 'DRAFTED', state: 'DRAFT' }];
    await expect(provider.sendSms({ to: '05321234567', text: 'x' })).rejects.toThrow(InvalidSenderError);
    await expect(provider.sendSms({ to: '05321234567', text: 'x', from: 'DRAFTED' })).rejects.toThrow(
      InvalidSenderError,
    );
    expect(fake.sentMessages).toHaveLength(0);
  });

  it('splits large sends in order, and stops at the first failed request', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST', recipientsPerRequest: 2 });
    const to = ['+905300000001', '+905300000002', '+905300000003', '+905300000004', '+905300000005'];
    fake.failNext('server-error', {
      match: (request) => request.body?.receivers === '905300000003,905300000004',
    });
    const result = await provider.sendSms({ to, text: 'Kampanya' });
    expect(result.messages.map((message) => [message.to, message.status])).toEqual([
      ['+905300000001', 'accepted'],
      ['+905300000002', 'accepted'],
      ['+905300000003', 'unknown'],
      ['+905300000004', 'unknown'],
      ['+905300000005', 'rejected'],
    ]);
    expect(result.messages[2]?.error?.maybeDelivered).toBe(true);
    expect(result.messages[4]?.error).toMatchObject({ maybeDelivered: false, isRetryable: true });
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
    expect(fake.sentMessages.map((sms) => sms.to)).toEqual(['+905300000001', '+905300000002']);
  });

  it('reports the recipients after an account-wide refusal as not attempted', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST', recipientsPerRequest: 1 });
    fake.failNext('insufficient-balance', { match: (request) => request.body?.receivers === '905300000002' });
    const result = await provider.sendSms({
      to: ['+905300000001', '+905300000002', '+905300000003'],
      text: 'x',
    });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(result.messages[1]?.error?.kind).toBe('insufficient-balance');
    expect(result.messages[2]?.error?.cause).toBe(result.messages[1]?.error);
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('reports invalid recipients as rejected and sends to the others', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST' });
    const result = await provider.sendSms({ to: ['0532 123 45 67', '12', '0532 123 45 67'], text: 'x' });
    expect(result.messages.map((message) => [message.to, message.status])).toEqual([
      ['+905321234567', 'accepted'],
      ['12', 'rejected'],
    ]);
    expect(result.messages[1]?.error?.kind).toBe('invalid-recipient');
    expect(fake.sentMessages).toHaveLength(1);
  });

  it('schedules with sendAt and passes Bulutfon options, warning about what it cannot do', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST' });
    const result = await provider.sendSms(
      {
        to: '05321234567',
        text: 'Yarın indirim',
        sendAt: new Date('2099-01-02T07:05:00Z'),
        reference: 'order-1001',
        providerOptions: { bulutfon: { rejectLink: true } },
      },
      { idempotencyKey: 'order-1001/shipped' },
    );
    expect(fake.requests.at(-1)?.body).toMatchObject({
      is_future_sms: true,
      send_date: '02/01/2099 10:05',
      reject_link: true,
    });
    expect(
      result.warnings.map((warning) =>
        warning.type === 'unsupported-setting' ? warning.setting : warning.type,
      ),
    ).toEqual(['reference', 'idempotencyKey']);
    expect(fake.sentMessages.at(-1)?.sendAt).toEqual(new Date('2099-01-02T07:05:00Z'));
  });

  it('types providerOptions, and refuses a misspelt key at run time, naming it', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST' });
    const options = { bulutfon: { rejectLink: true } } satisfies BulutfonProviderOptions;
    // @ts-expect-error -- a misspelt key does not compile
    const _misspelt = { bulutfon: { rejectLnk: true } } satisfies BulutfonProviderOptions;
    const typed = (providerOptions: BulutfonProviderOptions) =>
      provider.sendSms({ to: 'x', text: 'x', providerOptions });
    // @ts-expect-error -- nor in a call
    const _call = () => typed({ bulutfon: { rejectLnk: true } });
    // JavaScript callers, or options built at run time, are checked when sent.
    const misspelt: Record<string, unknown> = JSON.parse('{ "bulutfon": { "rejectLnk": true } }');
    await provider.sendSms({ to: '05321234567', text: 'x', providerOptions: options });
    expect(fake.requests.at(-1)?.body).toMatchObject({ reject_link: true });
    const error = await provider
      .sendSms({ to: '05321234567', text: 'x', providerOptions: misspelt })
      .catch((caught) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('rejectLnk');
    expect(error.issues).toEqual([
      { path: ['bulutfon'], message: 'unknown key: rejectLnk', code: 'unrecognized_keys' },
    ]);
    // Other providers' options (a strategy's other members) are left alone.
    const shared = { bulutfon: { singleSms: false }, organik: { timeoutHours: 24 } };
    await expect(
      provider.sendSms({ to: '05321234567', text: 'x', providerOptions: shared }),
    ).resolves.toBeDefined();
    expect(fake.sentMessages).toHaveLength(2);
  });

  it('measures Turkish text as unicode, since only GSM-7 and UCS-2 are declared', async () => {
    const { provider } = providerSetup({ sender: 'TEST' });
    const result = await provider.sendSms({ to: '05321234567', text: 'Siparişiniz yola çıktı' });
    expect(result).toMatchObject({ type: 'unicode', segments: 1 });
    await expect(provider.sendSms({ to: '05321234567', text: 'x', type: 'turkish' })).rejects.toThrow(
      ValidationError,
    );
  });

  it('reads the balance, the senders and the blacklist, and removes from it', async () => {
    const { provider } = providerSetup();
    expect(await provider.getBalance()).toMatchObject({ credits: 1000, amount: 300.06, currency: 'TRY' });
    expect(await provider.listSenders()).toEqual([
      { id: '1', name: 'TEST', active: true, state: 'CONFIRMED' },
      { id: '2', name: 'BEKLEYEN', active: false, state: 'DRAFT' },
    ]);
    const list = await provider.blacklist.list();
    expect(list).toEqual([{ number: '+905559998877', addedAt: expect.any(Date), sender: 'TEST' }]);
    await provider.blacklist.remove(['0555 999 88 77']);
    expect(await provider.blacklist.list()).toEqual([]);
  });

  it('works with withRetry: a 429 is retried, a send that may have been delivered is not', async () => {
    const { fake, provider } = providerSetup({ sender: 'TEST' });
    fake.failNext('rate-limit', { retryAfterSeconds: 0 });
    const result = await withRetry(() => provider.sendSms({ to: '05321234567', text: 'x' }), {
      initialDelayMs: 1,
    });
    expect(result.messages[0]?.status).toBe('accepted');
    fake.failNext('server-error');
    await expect(
      withRetry(() => provider.sendSms({ to: '05321234567', text: 'y' }), { initialDelayMs: 1 }),
    ).rejects.toMatchObject({
      maybeDelivered: true,
    });
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(3);
    expect(fake.sentMessages.map((sms) => sms.text)).toEqual(['x']);
  });
});
