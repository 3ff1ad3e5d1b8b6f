import { calculate } from '@x/sms-segments';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  fallback,
  InsufficientBalanceError,
  InvalidPhoneNumberError,
  InvalidRecipientError,
  InvalidSenderError,
  MessageTooLongError,
  NetworkError,
  RateLimitError,
  retryProvider,
  TimeoutError,
  ValidationError,
  withRetry,
} from '../src/index';
import { createSandboxProvider, type SandboxProvider } from '../src/sandbox';

const TEXT = 'Siparişiniz kargoya verildi.';

describe('sandbox: sending', () => {
  it('normalises, deduplicates and records one message per recipient', async () => {
    const sms = createSandboxProvider();
    const result = await sms.sendSms({
      to: ['0532 123 45 67', '+90 532 123 45 67', '0533 765 43 21'],
      text: TEXT,
      reference: 'order-1',
    });
    expect(result.messages.map((message) => [message.to, message.status])).toEqual([
      ['+905321234567', 'accepted'],
      ['+905337654321', 'accepted'],
    ]);
    expect(sms.sent.map((message) => message.to)).toEqual(['+905321234567', '+905337654321']);
    expect(sms.sent[0]).toMatchObject({ text: TEXT, from: 'SANDBOX', reference: 'order-1', status: 'sent' });
    expect(result.providerBatchId).toBe(sms.sent[0]?.providerBatchId);
    expect(result.messages[0]?.providerMessageId).toBe(sms.sent[0]?.providerMessageId);
  });

  it('measures type and segments with @x/sms-segments and charges per segment and recipient', async () => {
    const sms = createSandboxProvider({ balance: 100 });
    const text = 'Ş'.repeat(200);
    const expected = calculate(text);
    const result = await sms.sendSms({ to: ['05321234567', '05337654321'], text });
    expect(result.type).toBe(expected.type);
    expect(result.segments).toBe(expected.segments);
    expect(result.cost).toEqual({ credits: 2 * expected.segments! });
    expect((await sms.getBalance()).credits).toBe(100 - 2 * expected.segments!);
  });

  it('honours an explicit type', async () => {
    const sms = createSandboxProvider();
    const result = await sms.sendSms({ to: '05321234567', text: 'Hello', type: 'unicode' });
    expect(result.type).toBe('unicode');
  });

  it('rejects invalid and blacklisted recipients one by one, sending to the rest', async () => {
    const sms = createSandboxProvider({ blacklist: ['05337654321'] });
    const result = await sms.sendSms({ to: ['05321234567', 'not a number', '0533 765 43 21'], text: TEXT });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(InvalidPhoneNumberError.isInstance(result.messages[1]?.error)).toBe(true);
    const blacklisted = result.messages[2]?.error;
    expect(InvalidRecipientError.isInstance(blacklisted) && blacklisted.blacklisted).toBe(true);
    expect(sms.sent).toHaveLength(1);
    expect(JSON.stringify(blacklisted) + String(blacklisted)).not.toContain('5337654321');
  });

  it('warns about landlines but accepts them; they end undelivered', async () => {
    const sms = createSandboxProvider();
    const result = await sms.sendSms({ to: '0212 123 45 67', text: TEXT });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'landline', recipient: '+90212*****67' }),
    ]);
    sms.deliverAll();
    expect(sms.sent[0]?.status).toBe('undelivered');
  });

  it('refuses an unknown or inactive sender', async () => {
    const sms = createSandboxProvider({ senders: ['SHOP', { name: 'OLD', active: false }] });
    await expect(sms.sendSms({ to: '05321234567', text: TEXT, from: 'OLD' })).rejects.toSatisfy(
      InvalidSenderError.isInstance,
    );
    await expect(sms.sendSms({ to: '05321234567', text: TEXT, from: 'OTHER' })).rejects.toSatisfy(
      InvalidSenderError.isInstance,
    );
    await sms.sendSms({ to: '05321234567', text: TEXT });
    expect(sms.sent[0]?.from).toBe('SHOP');
  });

  it('refuses a text longer than the segment limit', async () => {
    const sms = createSandboxProvider({ maxSegments: 2 });
    const error = await sms
      .sendSms({ to: '05321234567', text: 'a'.repeat(400) })
      .catch((caught: unknown) => caught);
    expect(MessageTooLongError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ segments: 3, maxSegments: 2, type: 'normal' });
    expect(sms.sent).toHaveLength(0);
  });

  it('refuses a text the requested type cannot carry, and an empty text', async () => {
    const sms = createSandboxProvider();
    await expect(sms.sendSms({ to: '05321234567', text: 'Ş', type: 'normal' })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
    await expect(sms.sendSms({ to: '05321234567', text: '' })).rejects.toSatisfy(ValidationError.isInstance);
    await expect(sms.sendSms({ to: [], text: TEXT })).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('refuses more recipients than one call allows', async () => {
    const sms = createSandboxProvider({ maxRecipientsPerCall: 1 });
    await expect(sms.sendSms({ to: ['05321234567', '05337654321'], text: TEXT })).rejects.toSatisfy(
      ValidationError.isInstance,
    );
  });

  it('refuses a send the balance cannot pay, charging nothing', async () => {
    const sms = createSandboxProvider({ balance: 1 });
    await expect(sms.sendSms({ to: ['05321234567', '05337654321'], text: TEXT })).rejects.toSatisfy(
      InsufficientBalanceError.isInstance,
    );
    expect(sms.balance).toBe(1);
    expect(sms.sent).toHaveLength(0);
  });

  it('sends once per idempotency key', async () => {
    const sms = createSandboxProvider();
    const first = await sms.sendSms({ to: '05321234567', text: TEXT }, { idempotencyKey: 'order-1/shipped' });
    const second = await sms.sendSms(
      { to: '05321234567', text: TEXT },
      { idempotencyKey: 'order-1/shipped' },
    );
    expect(second.messages).toEqual(first.messages);
    expect(second.providerBatchId).toBe(first.providerBatchId);
    expect(second.cost).toEqual({ credits: 0 });
    expect(sms.sent).toHaveLength(1);
    expect(sms.calls.map((call) => call.idempotencyKey)).toEqual(['order-1/shipped', 'order-1/shipped']);
  });

  it('under a key already used, sends only to the recipients not sent under it yet', async () => {
    const sms = createSandboxProvider();
    const key = { idempotencyKey: 'order-1/shipped' };
    const first = await sms.sendSms({ to: '05321234567', text: TEXT }, key);
    const second = await sms.sendSms({ to: ['05321234567', '05337654321'], text: TEXT }, key);
    expect(second.messages[0]).toEqual(first.messages[0]);
    expect(second.messages[1]?.status).toBe('accepted');
    expect(sms.sent.map((message) => message.to)).toEqual(['+905321234567', '+905337654321']);
  });

  it("rejects with the caller's abort reason before doing anything", async () => {
    const sms = createSandboxProvider();
    const reason = new Error('stop');
    await expect(
      sms.sendSms({ to: '05321234567', text: TEXT }, { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(sms.sent).toHaveLength(0);
  });
});

describe('sandbox: simulated failures', () => {
  it.each([
    ['auth', AuthenticationError.isInstance],
    ['insufficient-balance', InsufficientBalanceError.isInstance],
    ['invalid-sender', InvalidSenderError.isInstance],
  ] as const)('fails the next call with %s', async (failure, check) => {
    const sms = createSandboxProvider();
    sms.failNext(failure);
    await expect(sms.sendSms({ to: '05321234567', text: TEXT })).rejects.toSatisfy(check);
    await expect(sms.sendSms({ to: '05321234567', text: TEXT })).resolves.toMatchObject({ segments: 1 });
  });

  it('simulates a lost response: the message is sent, the call fails as maybe delivered', async () => {
    const sms = createSandboxProvider();
    sms.failNext('timeout');
    const error = await sms
      .sendSms({ to: '05321234567', text: TEXT }, { timeoutMs: 5, idempotencyKey: 'order-1/shipped' })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error) && error.maybeDelivered).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(5);
    expect(sms.sent).toHaveLength(1);
    // The provider kept the send: the same key returns it instead of sending twice.
    const again = await sms.sendSms({ to: '05321234567', text: TEXT }, { idempotencyKey: 'order-1/shipped' });
    expect(again.messages[0]?.providerMessageId).toBe(sms.sent[0]?.providerMessageId);
    expect(sms.sent).toHaveLength(1);
  });

  it("ends a simulated hang with the caller's abort reason", async () => {
    const sms = createSandboxProvider();
    sms.failNext('timeout', { method: 'getBalance' });
    const controller = new AbortController();
    const pending = sms.getBalance({ signal: controller.signal, timeoutMs: 60_000 });
    const reason = new Error('user navigated away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('lets withRetry retry a refused connection but not a lost response', async () => {
    const sms = createSandboxProvider();
    sms.failNext('network');
    await withRetry(() => sms.sendSms({ to: '05321234567', text: TEXT }), { initialDelayMs: 1 });
    expect(sms.calls).toHaveLength(2);
    expect(sms.sent).toHaveLength(1);

    sms.reset();
    sms.failNext('timeout');
    await expect(
      withRetry(() => sms.sendSms({ to: '05321234567', text: TEXT }, { timeoutMs: 5 }), {
        initialDelayMs: 1,
      }),
    ).rejects.toSatisfy(TimeoutError.isInstance);
    expect(sms.calls).toHaveLength(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('passes retryAfterMs on a simulated rate limit, and targets one method', async () => {
    const sms = createSandboxProvider();
    sms.failNext('rate-limit', { method: 'getBalance', retryAfterMs: 1234 });
    await sms.sendSms({ to: '05321234567', text: TEXT });
    const error = await sms.getBalance().catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(1234);
  });

  it('fails several calls when asked', async () => {
    const sms = createSandboxProvider();
    sms.failNext('network', { times: 2 });
    await expect(sms.getBalance()).rejects.toSatisfy(NetworkError.isInstance);
    await expect(sms.getBalance()).rejects.toSatisfy(NetworkError.isInstance);
    await expect(sms.getBalance()).resolves.toMatchObject({ credits: 10_000 });
  });

  it('throws a given error as is', async () => {
    const sms = createSandboxProvider();
    const custom = new AuthenticationError({ message: 'custom', url: 'u' });
    sms.failNext(custom);
    await expect(sms.listSenders()).rejects.toBe(custom);
  });
});

describe('sandbox: reports, scheduling, blacklist, webhooks', () => {
  it('moves reports from sent to delivered', async () => {
    const sms = createSandboxProvider();
    const result = await sms.sendSms({ to: '05321234567', text: TEXT, reference: 'r-1' });
    const query = { providerBatchIds: [result.providerBatchId!] };
    expect((await sms.getDeliveryReports(query)).map((report) => report.status)).toEqual(['sent']);
    sms.deliverAll();
    const [report] = await sms.getDeliveryReports({ references: ['r-1'] });
    expect(report).toMatchObject({ status: 'delivered', to: '+905321234567', reference: 'r-1', segments: 1 });
    expect(JSON.stringify(report?.raw)).not.toContain(TEXT);
  });

  it('delivers at once with autoDeliver', async () => {
    const sms = createSandboxProvider({ autoDeliver: true });
    await sms.sendSms({ to: '05321234567', text: TEXT });
    expect(sms.sent[0]?.status).toBe('delivered');
  });

  it('refuses an empty report query', async () => {
    const sms = createSandboxProvider();
    await expect(sms.getDeliveryReports({})).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('schedules, cancels and refunds; a sent batch cannot be cancelled', async () => {
    const clock = new Date('2026-01-01T10:00:00Z');
    const sms = createSandboxProvider({ balance: 10, now: () => clock });
    const scheduled = await sms.sendSms({
      to: '05321234567',
      text: TEXT,
      sendAt: new Date('2026-01-02T10:00:00Z'),
    });
    const immediate = await sms.sendSms({ to: '05321234567', text: TEXT });
    expect(sms.sent.map((message) => message.status)).toEqual(['queued', 'sent']);
    expect(sms.balance).toBe(8);
    const results = await sms.cancelScheduled([
      scheduled.providerBatchId!,
      immediate.providerBatchId!,
      'nope',
    ]);
    expect(results.map((result) => result.cancelled)).toEqual([true, false, false]);
    expect(results[2]?.error?.kind).toBe('not-found');
    expect(sms.balance).toBe(9);
    expect(sms.sent[0]?.cancelled).toBe(true);
  });

  it('keeps a blacklist of normalised numbers', async () => {
    const sms = createSandboxProvider();
    await sms.blacklist.add(['0532 123 45 67', '+905321234567']);
    expect((await sms.blacklist.list()).map((entry) => entry.number)).toEqual(['+905321234567']);
    await sms.blacklist.remove(['5321234567']);
    expect(await sms.blacklist.list()).toEqual([]);
    await expect(sms.blacklist.add(['garbage'])).rejects.toSatisfy(InvalidPhoneNumberError.isInstance);
  });

  it('reads back the webhook it builds', async () => {
    const sms = createSandboxProvider();
    await sms.sendSms({ to: ['05321234567', '05337654321'], text: TEXT, reference: 'r' });
    sms.deliverAll();
    const reports = await sms.parseDeliveryWebhook(sms.createDeliveryWebhookRequest());
    expect(reports.map((report) => [report.to, report.status, report.reference])).toEqual([
      ['+905321234567', 'delivered', 'r'],
      ['+905337654321', 'delivered', 'r'],
    ]);
    expect(reports[0]?.at).toBeInstanceOf(Date);
  });

  it('refuses a malformed webhook', async () => {
    const sms = createSandboxProvider();
    const request = new Request('https://x.invalid/', {
      method: 'POST',
      body: '{"reports":[{"status":"lost"}]}',
    });
    await expect(sms.parseDeliveryWebhook(request)).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      sms.parseDeliveryWebhook(new Request('https://x.invalid/', { method: 'POST', body: '<' })),
    ).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('forgets everything on reset', async () => {
    const sms = createSandboxProvider({ balance: 5 });
    await sms.sendSms({ to: '05321234567', text: TEXT }, { idempotencyKey: 'k' });
    sms.failNext('auth');
    sms.reset();
    expect([sms.sent.length, sms.calls.length, sms.balance]).toEqual([0, 0, 5]);
    await sms.sendSms({ to: '05321234567', text: TEXT }, { idempotencyKey: 'k' });
    expect(sms.sent).toHaveLength(1);
  });
});

describe('sandbox: sends split into requests (sendInBatches)', () => {
  const [R1, R2, R3] = ['+905321111111', '+905322222222', '+905323333333'];
  const requests = (sms: SandboxProvider) =>
    sms.calls.filter((call) => call.method === 'sendSms').map((call) => call.to);

  it('sends recipientsPerRequest numbers per request, as one send with one batch id and the summed cost', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 2 });
    const result = await sms.sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(requests(sms)).toEqual([[R1, R2], [R3]]);
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(new Set(sms.sent.map((message) => message.providerBatchId))).toEqual(
      new Set([result.providerBatchId]),
    );
    expect(result.cost).toEqual({ credits: 3 });
  });

  it('a server error on a request in the middle: before it accepted, it unknown, after it not attempted', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 1 });
    sms.failNext('server-error', { match: (call) => call.to?.includes(R2) === true });
    const result = await sms.sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'unknown', 'rejected']);
    expect(result.messages[2]?.error).toMatchObject({ maybeDelivered: false, isRetryable: true });
    expect(requests(sms)).toEqual([[R1], [R2]]);
    expect(sms.sent.map((message) => message.to)).toEqual([R1]);
  });

  it('a lost response in the middle: the message went out, its outcome is unknown', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 1 });
    sms.failNext('timeout', { match: (call) => call.to?.includes(R2) === true });
    const result = await sms.sendSms({ to: [R1, R2, R3], text: TEXT }, { timeoutMs: 5 });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'unknown', 'rejected']);
    expect(TimeoutError.isInstance(result.messages[1]?.error)).toBe(true);
    expect(sms.sent.map((message) => message.to)).toEqual([R1, R2]);
  });

  it('rejects when the first of several requests surely sent nothing', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 1 });
    sms.failNext('auth');
    await expect(sms.sendSms({ to: [R1, R2], text: TEXT })).rejects.toSatisfy(AuthenticationError.isInstance);
    expect(requests(sms)).toEqual([[R1]]);
    expect(sms.sent).toHaveLength(0);
  });

  it('a balance that runs out half way refuses the request it cannot pay, and stops there', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 1, balance: 1 });
    const result = await sms.sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(InsufficientBalanceError.isInstance(result.messages[1]?.error)).toBe(true);
    expect(sms.balance).toBe(0);
  });

  it('under retryProvider and one idempotency key, a 429 half way is retried for the rest only', async () => {
    const sms = createSandboxProvider({ recipientsPerRequest: 1 });
    sms.failNext('rate-limit', { match: (call) => call.to?.includes(R2) === true });
    const result = await retryProvider(sms, { initialDelayMs: 0, maxDelayMs: 0 }).sendSms(
      { to: [R1, R2, R3], text: TEXT },
      { idempotencyKey: 'order-7/shipped' },
    );
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(requests(sms)).toEqual([[R1], [R2], [R2], [R3]]);
    expect(sms.sent.map((message) => message.to)).toEqual([R1, R2, R3]);
  });

  it('under fallback, only the recipients surely not sent move to the backup', async () => {
    const a = createSandboxProvider({ providerId: 'a', recipientsPerRequest: 1 });
    const b = createSandboxProvider({ providerId: 'b' });
    a.failNext('server-error', { match: (call) => call.to?.includes(R2) === true });
    const result = await fallback([a, b]).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(result.messages.map((message) => [message.status, message.providerId])).toEqual([
      ['accepted', 'a'],
      ['unknown', 'a'],
      ['accepted', 'b'],
    ]);
    expect(b.sent.map((message) => message.to)).toEqual([R3]);
  });
});
