import { fallback, MessagingError, type SendSmsResultV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { describe, expect, it } from 'vitest';
import { createBulutfon } from '../src/bulutfon-provider';
import { type BulutfonFakeRequest, createBulutfonFakeServer } from '../src/testing';

const FIRST = '+905300000001';
const SECOND = '+905300000002';
const THIRD = '+905300000003';

/** Bulutfon on its fake server with one recipient per request: a fault can hit one recipient's request. */
function bulutfonSetup() {
  const fake = createBulutfonFakeServer();
  const bulutfon = createBulutfon({
    token: fake.token,
    baseUrl: fake.baseUrl,
    fetch: fake.fetch,
    sender: 'TEST',
    recipientsPerRequest: 1,
  });
  const bulutfonReceived = () => fake.sentMessages.map((sms) => sms.to);
  return { fake, bulutfon, bulutfonReceived };
}

/** Bulutfon in front of a sandbox backup, as a shop would configure a fallback. */
function fallbackSetup() {
  const { fake, bulutfon, bulutfonReceived } = bulutfonSetup();
  const backup = createSandboxProvider({ providerId: 'backup' });
  const sms = fallback([bulutfon, backup]);
  const backupReceived = () => backup.sent.map((message) => message.to);
  return { fake, sms, bulutfonReceived, backupReceived };
}

function statuses(result: SendSmsResultV1): [string, string, string | undefined][] {
  return result.messages.map((message) => [message.to, message.status, message.providerId]);
}

/** Matches the `POST /messages` of one recipient (a request carries one recipient here). */
function sendTo(recipient: string) {
  return (request: BulutfonFakeRequest) =>
    request.method === 'POST' &&
    request.path === '/messages' &&
    request.body?.receivers === recipient.slice(1);
}

const badRequest = { status: 400, body: { error: 'Bad request' } };

describe('a Bulutfon send split into several requests, under fallback', () => {
  it('sends nobody twice when the first request is refused and the second would fail with a 500', async () => {
    const { fake, sms, bulutfonReceived, backupReceived } = fallbackSetup();
    fake.failNext(badRequest, { match: sendTo(FIRST) });
    fake.failNext('server-error', { match: sendTo(SECOND) });

    const result = await sms.sendSms({ to: [FIRST, SECOND], text: 'Siparişiniz kargoda' });

    // The refusal stops the Bulutfon send before the second request, so nothing can have gone out through
    // Bulutfon: the backup sends both, once each. (The send used to go on, the 500 left the second recipient
    // maybe delivered, and the backup sent it a second message.)
    expect(statuses(result)).toEqual([
      [FIRST, 'accepted', 'backup'],
      [SECOND, 'accepted', 'backup'],
    ]);
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(bulutfonReceived()).toEqual([]);
    expect(backupReceived()).toEqual([FIRST, SECOND]);
  });

  it('sends nobody twice when the first request may have gone out and the second is refused', async () => {
    const { fake, sms, backupReceived } = fallbackSetup();
    fake.failNext('server-error', { match: sendTo(FIRST) });
    fake.failNext(badRequest, { match: sendTo(SECOND) });

    const result = await sms.sendSms({ to: [FIRST, SECOND], text: 'Siparişiniz kargoda' });

    // Bulutfon stops after the first failed request: the second recipient is "not attempted", which is safe
    // to send elsewhere; the first may have it and is sent by nobody else.
    expect(statuses(result)).toEqual([
      [FIRST, 'unknown', 'bulutfon'],
      [SECOND, 'accepted', 'backup'],
    ]);
    expect(backupReceived()).toEqual([SECOND]);
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('never sends elsewhere a recipient whose request timed out in the middle of the send', async () => {
    const { fake, sms, bulutfonReceived, backupReceived } = fallbackSetup();
    fake.failNext('timeout', { match: sendTo(SECOND) });

    const result = await sms.sendSms({ to: [FIRST, SECOND, THIRD], text: 'Kargo' }, { timeoutMs: 200 });

    expect(statuses(result)).toEqual([
      [FIRST, 'accepted', 'bulutfon'],
      [SECOND, 'unknown', 'bulutfon'],
      [THIRD, 'accepted', 'backup'],
    ]);
    expect(result.messages[1]?.error?.kind).toBe('timeout');
    // The second one did go out through Bulutfon; only its answer was lost. Each number has one message.
    expect(bulutfonReceived()).toEqual([FIRST, SECOND]);
    expect(backupReceived()).toEqual([THIRD]);
  });

  it('hands every recipient to the backup when Bulutfon refuses them all', async () => {
    const { fake, sms, bulutfonReceived, backupReceived } = fallbackSetup();
    fake.failNext(badRequest, { times: 3, match: (request) => request.path === '/messages' });

    const result = await sms.sendSms({ to: [FIRST, SECOND, THIRD], text: 'Kargo' });

    expect(statuses(result)).toEqual([
      [FIRST, 'accepted', 'backup'],
      [SECOND, 'accepted', 'backup'],
      [THIRD, 'accepted', 'backup'],
    ]);
    expect(bulutfonReceived()).toEqual([]);
    expect(backupReceived()).toEqual([FIRST, SECOND, THIRD]);
    // The first refusal stops the send: the other recipients were not tried at Bulutfon.
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });
});

describe('a Bulutfon send split into several requests, on its own', () => {
  it('stops after the first failed request and reports who may have the message', async () => {
    const { fake, bulutfon, bulutfonReceived } = bulutfonSetup();
    fake.failNext('server-error', { match: sendTo(SECOND) });

    const result = await bulutfon.sendSms({ to: [FIRST, SECOND, THIRD], text: 'Kargo' });

    expect(result.messages.map((message) => [message.to, message.status])).toEqual([
      [FIRST, 'accepted'],
      [SECOND, 'unknown'],
      [THIRD, 'rejected'],
    ]);
    const notAttempted = result.messages[2]?.error;
    expect(MessagingError.isInstance(notAttempted) && notAttempted.maybeDelivered).toBe(false);
    expect(notAttempted?.cause).toBe(result.messages[1]?.error);
    expect(bulutfonReceived()).toEqual([FIRST]);
  });

  it('rejects the whole call when its only request fails, or when the first refusal means nothing went out', async () => {
    const { fake, bulutfon } = bulutfonSetup();
    fake.failNext('insufficient-balance', { match: sendTo(FIRST) });
    await expect(bulutfon.sendSms({ to: [FIRST, SECOND], text: 'x' })).rejects.toMatchObject({
      kind: 'insufficient-balance',
      maybeDelivered: false,
    });
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);

    fake.failNext('server-error', { match: sendTo(FIRST) });
    await expect(bulutfon.sendSms({ to: [FIRST], text: 'x' })).rejects.toMatchObject({
      maybeDelivered: true,
    });
  });
});
