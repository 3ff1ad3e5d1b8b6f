import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  ConsoleClient,
  type ConsoleService,
  logRecords,
  orderEvent,
  signedDelivery,
  startConsoleService,
  temporaryFolder,
} from './console-fixture';

let remove: () => Promise<void>;
let console_: ConsoleService;
let client: ConsoleClient;

beforeEach(async () => {
  const temporary = await temporaryFolder();
  remove = temporary.remove;
  console_ = await startConsoleService({ folder: temporary.folder });
  client = new ConsoleClient(console_.url);
  await client.signIn({ token: ADMIN_TOKEN });
});
afterEach(async () => {
  await console_.service.stop();
  await remove();
});

async function deliver(orderId: string, phone?: string) {
  const response = await fetch(
    `${console_.url}/webhooks/test/demo`,
    signedDelivery(orderEvent(orderId, phone)),
  );
  expect(response.status).toBe(200);
  return response.json();
}

async function customerMessage(orderId: string) {
  const page = (await client.request('GET', `/admin/messages?order=${orderId}&phone=4567`)).json();
  return page.messages[0];
}

describe('shops and the message log', () => {
  it('lists the shops', async () => {
    const response = await client.request('GET', '/admin/shops');
    expect(response.json()).toEqual({
      shops: [{ id: 'demo', name: 'Demo Mağaza', provider: 'sandbox', platform: 'test' }],
    });
  });

  it('lists messages newest first by keyset pages, filtered, recipients masked and without dedupe keys', async () => {
    for (const id of ['1001', '1002', '1003']) await deliver(id);
    const all = await client.request('GET', '/admin/messages?shop=demo&limit=200');
    expect(all.status).toBe(200);
    const everything = all.json().messages;
    expect(everything.length).toBe(6);
    expect(everything[0].orderId).toBe('1003');
    expect(all.text).not.toContain('5321234567');
    expect(everything[0]).not.toHaveProperty('dedupeKey');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await client.request('GET', `/admin/messages?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.messages.map((message: { id: string }) => message.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything.map((message: { id: string }) => message.id));

    const byPhone = (await client.request('GET', '/admin/messages?phone=4567')).json().messages;
    expect(byPhone.map((message: { orderId: string }) => message.orderId)).toEqual(['1003', '1002', '1001']);
    const byOrder = (
      await client.request('GET', '/admin/messages?order=1002&status=queued,sent&event=order.created')
    ).json();
    expect(byOrder.messages).toHaveLength(2);
    const none = (await client.request('GET', '/admin/messages?status=failed,dead')).json();
    expect(none.messages).toEqual([]);
    const later = (
      await client.request('GET', `/admin/messages?since=${new Date(Date.now() + 60_000).toISOString()}`)
    ).json();
    expect(later.messages).toEqual([]);
  });

  it('refuses hostile or malformed filters with 400, and an unknown shop with 404', async () => {
    for (const query of [
      'status=lost',
      'status=queued,lost',
      `status=${'queued,'.repeat(100)}`,
      'limit=201',
      'limit=0',
      'phone=1',
      'phone=12345678901',
      'phone=12ab',
      'cursor=%27%20OR%201=1',
      `order=${'9'.repeat(101)}`,
      'since=yesterday',
      'event=order.exploded',
      'unknown=1',
    ]) {
      const response = await client.request('GET', `/admin/messages?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json().error.code).toBe('invalid_query');
    }
    const unknownShop = await client.request('GET', '/admin/messages?shop=other');
    expect(unknownShop.status).toBe(404);
    expect(unknownShop.json().error.code).toBe('unknown_shop');
  });

  it('answers 400 invalid_query, logging no error, to a tampered cursor of the message log and the audit', async () => {
    for (const id of ['1101', '1102']) await deliver(id);
    for (const text of ['Deneme 1', 'Deneme 2']) {
      const sent = await client.request('POST', '/admin/shops/demo/test-sms', {
        body: { phone: '0532 765 43 21', text },
      });
      expect(sent.status).toBe(202);
    }
    const lists = ['/admin/messages?shop=demo&limit=1', '/admin/audit?shop=demo&limit=1'];
    for (const list of lists) {
      const first = await client.request('GET', list);
      expect(first.status).toBe(200);
      const cursor: string = first.json().nextCursor;
      expect(cursor).toEqual(expect.any(String));
      expect((await client.request('GET', `${list}&cursor=${cursor}`)).status).toBe(200);
      const key = Buffer.from(cursor, 'base64url').toString('utf8');
      const encoded = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
      const tampered = [
        'AAAA',
        'A'.repeat(200),
        `${cursor.slice(0, -2)}${cursor.at(-2) === 'A' ? 'B' : 'A'}${cursor.at(-1)}`,
        encoded('null'),
        encoded('[1,2,3]'),
        encoded(key.replace(/^\d+/, '99999999999999999999999')),
        encoded(`${key}' OR 1=1 --`),
        'a.b',
      ];
      for (const bad of tampered) {
        const answer = await client.request('GET', `${list}&cursor=${encodeURIComponent(bad)}`);
        expect(answer.status, `${list} ${bad}`).toBe(400);
        expect(answer.json().error).toMatchObject({ code: 'invalid_query', message: expect.any(String) });
      }
    }
    const errors = logRecords(console_.logText()).filter((line) => line.level >= 50);
    expect(errors).toEqual([]);
  });

  it('shows one message with its measure, attempts, actions and explanation; 404 for an unknown id', async () => {
    await deliver('2001');
    await console_.service.engine.dispatchOnce();
    const listed = await customerMessage('2001');
    const detail = await client.request('GET', `/admin/messages/${listed.id}`);
    expect(detail.status).toBe(200);
    const body = detail.json();
    expect(body.message).toMatchObject({ id: listed.id, status: 'sent', recipient: '+90532*****67' });
    expect(body.measure).toMatchObject({
      type: expect.any(String),
      segments: expect.any(Number),
      units: expect.any(Number),
    });
    expect(body.attempts).toEqual([expect.objectContaining({ result: 'sent', at: expect.any(String) })]);
    expect(body.actions).toEqual([]);
    expect(body.explanation).toEqual({ tr: expect.any(String), en: expect.any(String) });
    expect(detail.text).not.toContain('5321234567');
    expect((await client.request('GET', '/admin/messages/nope0000')).status).toBe(404);
    expect((await client.request('GET', '/admin/messages/a%2Fb')).status).toBe(400);
  });
});

describe('message actions', () => {
  it('retries a failed message once even when two retries arrive together, recording who did it', async () => {
    await deliver('3001');
    console_.sandbox.failNext('auth', {
      method: 'sendSms',
      match: (call) => call.to?.includes('+905321234567') ?? false,
    });
    await console_.service.engine.dispatchOnce();
    const failed = await customerMessage('3001');
    expect(['failed', 'dead']).toContain(failed.status);
    const sentBefore = console_.sandbox.sent.length;

    const [first, second] = await Promise.all([
      client.request('POST', `/admin/messages/${failed.id}/retry`),
      client.request('POST', `/admin/messages/${failed.id}/retry`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const ok = first.status === 200 ? first : second;
    expect(ok.json().message).toMatchObject({ id: failed.id, status: 'queued' });
    expect((first.status === 409 ? first : second).json().error.code).toBe('not_retryable');

    await console_.service.engine.dispatchOnce();
    await console_.service.engine.dispatchOnce();
    expect(console_.sandbox.sent.length - sentBefore).toBe(1);
    const detail = (await client.request('GET', `/admin/messages/${failed.id}`)).json();
    expect(detail.message.status).toBe('sent');
    expect(detail.attempts.map((attempt: { result: string }) => attempt.result)).toEqual(['failed', 'sent']);
    expect(detail.actions).toEqual([
      expect.objectContaining({ user: 'admin', action: expect.stringMatching(/retry/) }),
    ]);
    const again = await client.request('POST', `/admin/messages/${failed.id}/retry`);
    expect(again.status).toBe(409);
  });

  it('cancels a queued message: skipped with reason cancelled, never sent; a second cancel is 409', async () => {
    await deliver('3002');
    const queued = await customerMessage('3002');
    const cancelled = await client.request('POST', `/admin/messages/${queued.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json().message).toMatchObject({ status: 'skipped', reason: 'cancelled' });
    expect((await client.request('POST', `/admin/messages/${queued.id}/cancel`)).status).toBe(409);
    await console_.service.engine.dispatchOnce();
    expect(
      console_.sandbox.sent.some(
        (message) => message.text.includes('3002') && message.to === '+905321234567',
      ),
    ).toBe(false);
    const retry = await client.request('POST', `/admin/messages/${queued.id}/retry`);
    expect(retry.status).toBe(409);
  });

  it('resolves an unknown message after checking, and refuses to resolve one that is not unknown', async () => {
    await deliver('3003');
    console_.sandbox.failNext('server-error', { method: 'sendSms', times: 2 });
    await console_.service.engine.dispatchOnce();
    const unknown = await customerMessage('3003');
    expect(unknown.status).toBe('unknown');
    const bad = await client.request('POST', `/admin/messages/${unknown.id}/resolve`, {
      body: { outcome: 'maybe' },
    });
    expect(bad.status).toBe(400);
    const resolved = await client.request('POST', `/admin/messages/${unknown.id}/resolve`, {
      body: { outcome: 'failed' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.json().message.status).toBe('failed');
    const twice = await client.request('POST', `/admin/messages/${unknown.id}/resolve`, {
      body: { outcome: 'sent' },
    });
    expect(twice.status).toBe(409);
    const audit = (await client.request('GET', '/admin/audit?shop=demo')).json();
    expect(audit.entries[0]).toMatchObject({
      user: 'admin',
      target: unknown.id,
      action: expect.stringMatching(/resolve/),
    });
  });

  it('sends a test SMS through the outbox exactly once', async () => {
    const response = await client.request('POST', '/admin/shops/demo/test-sms', {
      body: { phone: '0532 765 43 21', text: 'Deneme mesajı' },
    });
    expect(response.status).toBe(202);
    expect(response.json().message).toMatchObject({ status: 'queued', recipient: '+90532*****21' });
    await console_.service.engine.dispatchOnce();
    await console_.service.engine.dispatchOnce();
    expect(console_.sandbox.sent.filter((message) => message.text === 'Deneme mesajı')).toHaveLength(1);
    const invalid = await client.request('POST', '/admin/shops/demo/test-sms', {
      body: { phone: '12', text: 'x' },
    });
    expect(invalid.status).toBe(400);
    const missing = await client.request('POST', '/admin/shops/other/test-sms', {
      body: { phone: '0532 765 43 21', text: 'x' },
    });
    expect(missing.status).toBe(404);
    const long = await client.request('POST', '/admin/shops/demo/test-sms', {
      body: { phone: '0532 765 43 21', text: 'x'.repeat(1601) },
    });
    expect(long.status).toBe(400);
  });
});
