import {
  InsufficientBalanceError,
  InvalidPhoneNumberError,
  InvalidRecipientError,
  InvalidSenderError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { createOrganik, type OrganikFormat, toOrganikTrackId } from '../src/index';
import { createOrganikFakeServer, type OrganikFakeServerOptions } from '../src/testing';

const NOW = new Date('2030-01-15T09:00:00Z');

function setup(format: OrganikFormat = 'json', options: OrganikFakeServerOptions = {}, sender?: string) {
  const server = createOrganikFakeServer({ now: () => NOW, ...options });
  const organik = createOrganik({
    apiKey: server.apiKey,
    fetch: server.fetch,
    format,
    ...(sender === undefined ? {} : { sender }),
  });
  return { server, organik };
}

describe.each(['json', 'xml'] as const)('createOrganik (%s)', (format) => {
  it('sends with the reference as track_id and finds the messages again by batch id and by reference', async () => {
    const { server, organik } = setup(format, {}, 'ORGANIK');
    const result = await organik.sendSms({
      to: ['0532 123 45 67', '+90 530 123 45 67', '05321234567'],
      text: 'Siparişiniz kargoya verildi.',
      reference: 'order-1001/shipped',
    });
    expect(result).toMatchObject({
      type: 'turkish',
      segments: 1,
      providerBatchId: '16502030',
      cost: { credits: 2 },
      warnings: [],
      messages: [
        { to: '+905321234567', status: 'accepted', providerMessageId: '16502030-4730-63032793' },
        { to: '+905301234567', status: 'accepted', providerMessageId: '16502030-4731-63032794' },
      ],
    });
    const trackId = toOrganikTrackId('order-1001/shipped');
    expect(trackId).toMatch(/^[1-9]\d{0,15}$/);
    expect(server.sentMessages.map((message) => message.reference)).toEqual([trackId, trackId]);

    server.deliverAll();
    const byBatch = await organik.getDeliveryReports({ providerBatchIds: [result.providerBatchId ?? ''] });
    const byReference = await organik.getDeliveryReports({ references: ['order-1001/shipped'] });
    expect(byReference.map((report) => [report.to, report.status, report.reference, report.at])).toEqual([
      ['+905321234567', 'delivered', 'order-1001/shipped', NOW],
      ['+905301234567', 'delivered', 'order-1001/shipped', NOW],
    ]);
    // Found by batch id, a report carries the track_id as Organik stores it.
    expect(byBatch.map((report) => report.reference)).toEqual([trackId, trackId]);
    expect(await organik.getDeliveryReports({ providerMessageIds: ['16502030-4731-63032794'] })).toHaveLength(
      1,
    );
    expect(await organik.getDeliveryReports({ references: ['unknown'] })).toEqual([]);
  });

  it.each([
    ['a numeric reference, sent as is', '4711', '4711'],
    ['a 32-hex message id, sent as its digest', '9f86d081884c7d659a2feaa0c55ad015', undefined],
    ['a number with a leading zero, sent as its digest', '0042', undefined],
    ['a number beyond signed 64-bit, sent as its digest', '9223372036854775808', undefined],
  ])('sends %s as track_id and maps the report rows back to it', async (_case, reference, expected) => {
    const { server, organik } = setup(format, {}, 'ORGANIK');
    await organik.sendSms({ to: '05321234567', text: 'Hi', reference });
    const [sent] = server.sentMessages;
    expect(sent?.reference).toBe(expected ?? toOrganikTrackId(reference));
    expect(sent?.reference).toMatch(/^(0|[1-9]\d{0,18})$/);
    if (expected === undefined) expect(sent?.reference).not.toBe(reference);
    const reports = await organik.getDeliveryReports({ references: [reference] });
    expect(reports.map((report) => [report.to, report.reference])).toEqual([['+905321234567', reference]]);
  });

  it('uses the idempotency key as track_id when there is no reference', async () => {
    const { organik } = setup(format, {}, 'ORGANIK');
    await organik.sendSms({ to: '05321234567', text: 'Hi' }, { idempotencyKey: 'order-7/processing' });
    const reports = await organik.getDeliveryReports({ references: ['order-7/processing'] });
    expect(reports).toHaveLength(1);
  });

  it('reports every recipient in request order: accepted, refused by Organik, or refused locally', async () => {
    const { server, organik } = setup(format, {}, 'ORGANIK');
    server.blacklist.set('905329999999', '2030-01-01');
    const result = await organik.sendSms({
      to: ['05321234567', 'not a number', '+905329999999', '+90 212 123 45 67'],
      text: 'Hi',
    });
    expect(result.messages.map((message) => [message.to, message.status])).toEqual([
      ['+905321234567', 'accepted'],
      ['not a number', 'rejected'],
      ['+905329999999', 'rejected'],
      ['+902121234567', 'accepted'],
    ]);
    expect(InvalidPhoneNumberError.isInstance(result.messages[1]?.error)).toBe(true);
    const blacklisted = result.messages[2]?.error;
    expect(InvalidRecipientError.isInstance(blacklisted)).toBe(true);
    expect(blacklisted).toMatchObject({
      kind: 'blacklisted',
      providerCode: '109',
      recipient: '+90532*****99',
    });
    expect(result.warnings).toEqual([
      { type: 'landline', recipient: '+90212*****67', details: 'Not a mobile number.' },
    ]);
  });

  it('schedules in Istanbul time and cancels by batch id, restoring the credits', async () => {
    const { server, organik } = setup(format, {}, 'ORGANIK');
    const result = await organik.sendSms({
      to: ['05321234567', '05301234567'],
      text: 'Yarın indirim!',
      sendAt: new Date('2030-01-16T06:00:30Z'),
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'sendAt' }),
    ]);
    expect(server.messages[0]?.startAt).toEqual(new Date('2030-01-16T06:00:00Z'));
    expect((await organik.getBalance()).credits).toBe(998);
    const reports = await organik.getDeliveryReports({ providerBatchIds: [result.providerBatchId ?? ''] });
    expect(reports.map((report) => report.status)).toEqual(['queued', 'queued']);

    const cancelled = await organik.cancelScheduled([result.providerBatchId ?? '', '99999']);
    expect(cancelled[0]).toEqual({ id: '16502030', cancelled: true });
    expect(cancelled[1]).toMatchObject({ id: '99999', cancelled: false });
    expect((await organik.cancelScheduled([result.providerBatchId ?? '']))[0]?.cancelled).toBe(false);
    expect((await organik.getBalance()).credits).toBe(1000);
    expect(server.sentMessages).toEqual([]);
  });

  it('lists, adds and removes blacklist entries, and sends to a blacklisted number are refused', async () => {
    const { organik } = setup(format, {}, 'ORGANIK');
    expect(await organik.blacklist.list()).toEqual([]);
    await organik.blacklist.add(['0532 123 45 67']);
    expect(await organik.blacklist.list()).toEqual([
      { number: '+905321234567', addedAt: new Date('2030-01-14T21:00:00Z') },
    ]);
    const refused = await organik.sendSms({ to: '+905321234567', text: 'Hi' });
    expect(refused.messages[0]).toMatchObject({ status: 'rejected', error: { kind: 'blacklisted' } });
    await organik.blacklist.remove(['+905321234567']);
    expect(await organik.blacklist.list()).toEqual([]);
    // A number that is not one is refused before any request, like a send's recipient.
    await expect(organik.blacklist.add(['12ab'])).rejects.toSatisfy(InvalidPhoneNumberError.isInstance);
    expect(await organik.blacklist.list()).toEqual([]);
  });

  it('reads balance and senders', async () => {
    const { organik } = setup(format, { credit: 250, tl: 12.5, headers: [{ id: 3, name: 'SHOP' }] });
    expect(await organik.getBalance()).toEqual({
      credits: 250,
      amount: 12.5,
      currency: 'TRY',
      raw: { credit: 250, tl: 12.5 },
    });
    expect(await organik.listSenders()).toEqual([{ id: '3', name: 'SHOP', active: true }]);
  });
});

describe('createOrganik sending details', () => {
  it('uses the first sender id of the account when none is configured, asking only once', async () => {
    const { server, organik } = setup('json', { headers: [{ id: 9, name: 'SHOP' }] });
    await organik.sendSms({ to: '05321234567', text: 'One' });
    await organik.sendSms({ to: '05321234567', text: 'Two' });
    expect(server.requests.map((call) => call.requestName)).toEqual(['headers', 'sendsms', 'sendsms']);
    expect(server.messages.map((message) => message.header)).toEqual(['9', '9']);
  });

  it('throws the typed error when Organik refuses the whole send, and sends nothing', async () => {
    const { server, organik } = setup('json', {}, 'UNKNOWN');
    await expect(organik.sendSms({ to: '05321234567', text: 'Hi' })).rejects.toSatisfy(
      InvalidSenderError.isInstance,
    );
    server.failNext(103);
    await expect(organik.sendSms({ to: '05321234567', text: 'Hi', from: 'ORGANIK' })).rejects.toSatisfy(
      InsufficientBalanceError.isInstance,
    );
    expect(server.sentMessages).toEqual([]);
  });

  it('packs a bulk send into as few requests as allowed and keeps one result per recipient', async () => {
    const server = createOrganikFakeServer({ credit: 10_000 });
    const organik = createOrganik({
      apiKey: server.apiKey,
      fetch: server.fetch,
      sender: 'ORGANIK',
      maxRecipientsPerRequest: 1000,
    });
    const to = Array.from({ length: 2500 }, (_, index) => `+90532${String(index).padStart(7, '0')}`);
    const result = await organik.sendSms({ to, text: 'Kampanya' });
    expect(server.requests.filter((call) => call.requestName === 'sendsms')).toHaveLength(3);
    expect(result.providerBatchId).toBe('16502030,16502031,16502032');
    expect(result.messages).toHaveLength(2500);
    expect(
      result.messages.every((message, index) => message.to === to[index] && message.status === 'accepted'),
    ).toBe(true);
    expect(result.cost).toEqual({ credits: 2500 });
    const reports = await organik.getDeliveryReports({ providerBatchIds: [result.providerBatchId ?? ''] });
    expect(reports).toHaveLength(2500);
  });

  it('reports the recipients of a failed later request as rejected, keeping those already sent', async () => {
    const server = createOrganikFakeServer();
    const organik = createOrganik({
      apiKey: server.apiKey,
      fetch: server.fetch,
      sender: 'ORGANIK',
      maxRecipientsPerRequest: 2,
    });
    let sends = 0;
    server.failNext(93, { match: (request) => request.requestName === 'sendsms' && ++sends === 2 });
    const result = await organik.sendSms({
      to: ['05321234561', '05321234562', '05321234563', '05321234564', '05321234565'],
      text: 'Hi',
    });
    expect(result.messages.map((message) => message.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(RateLimitError.isInstance(result.messages[2]?.error)).toBe(true);
    expect(result.messages[4]?.error).toMatchObject({ maybeDelivered: false, isRetryable: true });
    expect(server.sentMessages).toHaveLength(2);
    expect(result.providerBatchId).toBe('16502030');
  });

  it('refuses bad input before any request', async () => {
    const { server, organik } = setup('json', {}, 'ORGANIK');
    await expect(organik.sendSms({ to: [], text: 'Hi' })).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      organik.sendSms({ to: '05321234567', text: 'Hi', providerOptions: { organik: { timeoutHours: 100 } } }),
    ).rejects.toThrow(/timeoutHours/);
    await expect(organik.sendSms({ to: '05321234567', text: 'x'.repeat(2000) })).rejects.toMatchObject({
      kind: 'message-too-long',
    });
    await expect(organik.getDeliveryReports({})).rejects.toSatisfy(ValidationError.isInstance);
    expect(server.requests).toHaveLength(0);
  });

  it('passes timeoutHours and reportUrl, and reads the report callback', async () => {
    const { server, organik } = setup('json', {}, 'ORGANIK');
    const result = await organik.sendSms({
      to: '05321234567',
      text: 'Hi',
      reference: 'r-1',
      providerOptions: { organik: { timeoutHours: 6, reportUrl: 'https://shop.example/organik/report' } },
    });
    expect(server.messages[0]).toMatchObject({
      timeoutHours: 6,
      reportUrl: 'https://shop.example/organik/report',
    });
    server.deliverAll(2);
    const callback = server.callbacks[0];
    expect(callback?.url).toBe('https://shop.example/organik/report');
    const reports = await organik.parseDeliveryWebhook(
      new Request(callback?.url ?? '', { method: 'POST', body: callback?.body }),
    );
    expect(reports).toEqual([
      expect.objectContaining({
        to: '+905321234567',
        status: 'delivered',
        // A callback carries the track_id as Organik stores it: the digest of a reference that is not a number.
        reference: toOrganikTrackId('r-1'),
        providerBatchId: result.providerBatchId,
        providerMessageId: result.messages[0]?.providerMessageId,
        at: NOW,
      }),
    ]);
  });

  it('tolerates unknown fields and wrappers in report callbacks, and refuses what is no report', async () => {
    const { organik } = setup();
    const row = {
      gsm: '905321234567',
      transaction_id: '1',
      gsm_track_id: 77,
      status: '4',
      finish_date: '2030-01-15 12:00:00',
      operator: 'x',
    };
    const parse = (body: unknown) =>
      organik.parseDeliveryWebhook(
        new Request('https://shop.example', { method: 'POST', body: JSON.stringify(body) }),
      );
    const expected = [expect.objectContaining({ status: 'expired', providerMessageId: '77', at: NOW })];
    expect(await parse(row)).toEqual(expected);
    expect(await parse([row])).toEqual(expected);
    expect(await parse({ response: { data: [row] } })).toEqual(expected);
    await expect(parse({ hello: 'world' })).rejects.toSatisfy(ValidationError.isInstance);
    await expect(
      organik.parseDeliveryWebhook(new Request('https://shop.example', { method: 'POST', body: '<html>' })),
    ).rejects.toMatchObject({ target: 'webhook' });
  });

  it('reports a scheduled send Organik did not mention as not cancelled, with a NotFoundError', async () => {
    const organik = createOrganik({
      apiKey: '0123456789abcdef0123456789abcdef',
      fetch: async () => Response.json({ response: { result: true, data: [] } }),
    });
    const [result] = await organik.cancelScheduled(['123']);
    expect(result?.cancelled).toBe(false);
    expect(NotFoundError.isInstance(result?.error)).toBe(true);
  });
});
