import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  ConsoleClient,
  type ConsoleService,
  orderEvent,
  signedDelivery,
  startConsoleService,
  temporaryFolder,
  WEBHOOK_SECRET,
  waitFor,
} from './console-fixture';

let remove: () => Promise<void>;
let console_: ConsoleService;
let client: ConsoleClient;

beforeEach(async () => {
  const temporary = await temporaryFolder();
  remove = temporary.remove;
  console_ = await startConsoleService({
    folder: temporary.folder,
    server: { publicUrl: 'https://sms.example.com' },
  });
  client = new ConsoleClient(console_.url);
  await client.signIn({ token: ADMIN_TOKEN });
});
afterEach(async () => {
  await console_.service.stop();
  await remove();
});

async function deliver(orderId: string, phone?: string, secret?: string) {
  return fetch(`${console_.url}/webhooks/test/demo`, signedDelivery(orderEvent(orderId, phone), secret));
}

async function customerText(orderId: string): Promise<{ status: string; text: string; reason?: string }> {
  const page = (await client.request('GET', `/admin/messages?order=${orderId}&phone=4567`)).json();
  return page.messages[0];
}

describe('templates', () => {
  it('saves a template that the next webhook order uses, keeps versions with a diff, and restores the file baseline', async () => {
    const initial = (await client.request('GET', '/admin/shops/demo/templates')).json();
    expect(initial).toMatchObject({ version: 0, overridden: [] });
    expect(initial.statuses).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: 'completed' })]),
    );
    const settings = structuredClone(initial.settings);
    settings.rules.events['order.created'] = {
      ...settings.rules.events['order.created'],
      enabled: true,
      customerTemplate: 'Yeni metin: {order_number} alındı',
    };
    const saved = await client.request('PUT', '/admin/shops/demo/templates', {
      body: { settings, baseVersion: 0 },
    });
    expect(saved.status).toBe(200);
    expect(saved.json()).toEqual({ version: 1 });
    const stale = await client.request('PUT', '/admin/shops/demo/templates', {
      body: { settings, baseVersion: 0 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');

    expect((await deliver('4001')).status).toBe(200);
    expect((await customerText('4001')).text).toBe('Yeni metin: 4001 alındı');
    const current = (await client.request('GET', '/admin/shops/demo/templates')).json();
    expect(current.version).toBe(1);
    expect(current.overridden).toContain('rules.events.order.created');

    const versions = (await client.request('GET', '/admin/shops/demo/templates/versions')).json();
    expect(versions.versions).toEqual([
      expect.objectContaining({ version: 1, user: 'admin', at: expect.any(String) }),
    ]);
    const one = (await client.request('GET', '/admin/shops/demo/templates/versions/1')).json();
    expect(one.diff).toEqual([
      expect.objectContaining({
        path: 'rules.events.order.created.customerTemplate',
        after: 'Yeni metin: {order_number} alındı',
      }),
    ]);

    // Back to the file's text: save the baseline as version 2, then restore version 1 as version 3.
    const back = await client.request('PUT', '/admin/shops/demo/templates', {
      body: { settings: initial.baseline, baseVersion: 1 },
    });
    expect(back.json()).toEqual({ version: 2 });
    await deliver('4002');
    expect((await customerText('4002')).text).not.toContain('Yeni metin');
    const restored = await client.request('POST', '/admin/shops/demo/templates/versions/1/restore', {
      body: { baseVersion: 2 },
    });
    expect(restored.json()).toEqual({ version: 3 });
    await deliver('4003');
    expect((await customerText('4003')).text).toBe('Yeni metin: 4003 alındı');
    expect(
      (
        await client.request('POST', '/admin/shops/demo/templates/versions/99/restore', {
          body: { baseVersion: 3 },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses an unknown variable with its path and position, and hostile settings with 400', async () => {
    const { settings } = (await client.request('GET', '/admin/shops/demo/templates')).json();
    settings.rules.events['order.created'].customerTemplate = 'Merhaba {first_name}, {kargo_kodu}';
    const response = await client.request('PUT', '/admin/shops/demo/templates', {
      body: { settings, baseVersion: 0 },
    });
    expect(response.status).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_settings',
      issues: [
        expect.objectContaining({
          path: expect.stringContaining('order.created'),
          variable: 'kargo_kodu',
          index: 22,
        }),
      ],
    });
    const hostile = structuredClone(settings);
    hostile.rules.events['order.created'].customerTemplate = 'x'.repeat(2001);
    expect(
      (
        await client.request('PUT', '/admin/shops/demo/templates', {
          body: { settings: hostile, baseVersion: 0 },
        })
      ).status,
    ).toBe(400);
    const extra = { ...settings, injected: true };
    expect(
      (
        await client.request('PUT', '/admin/shops/demo/templates', {
          body: { settings: extra, baseVersion: 0 },
        })
      ).status,
    ).toBe(400);
    expect((await client.request('GET', '/admin/shops/nope/templates')).status).toBe(404);
    const versions = '/admin/shops/demo/templates/versions';
    expect((await client.request('GET', `${versions}/abc`)).status).toBe(400);
    expect((await client.request('GET', `${versions}/0`)).status).toBe(400);
    expect((await client.request('GET', `${versions}/5`)).status).toBe(404);
    expect(
      (await client.request('POST', `${versions}/1/restore`, { body: { baseVersion: -1 } })).status,
    ).toBe(400);
    expect((await client.request('POST', `${versions}/1/restore`, { body: {} })).status).toBe(400);
    const overview = await client.request('GET', '/admin/overview?days=9999');
    expect(overview.status).toBe(400);
  });

  it('previews a template as typed: type and segments change with a Turkish letter or an emoji, unknown variables by position', async () => {
    const plain = (
      await client.request('POST', '/admin/preview', {
        body: { shop: 'demo', template: 'Siparis {order_number}' },
      })
    ).json();
    expect(plain).toMatchObject({ type: 'normal', segments: 1, unknownVariables: [] });
    expect(plain.charactersLeft).toBeGreaterThan(0);
    const emoji = (
      await client.request('POST', '/admin/preview', {
        body: { shop: 'demo', template: 'Sipariş 🎉 {order_number}' },
      })
    ).json();
    expect(emoji.type).toBe('unicode');
    const unknown = (
      await client.request('POST', '/admin/preview', { body: { shop: 'demo', template: 'A {nope}' } })
    ).json();
    expect(unknown.unknownVariables).toEqual([{ variable: 'nope', index: 2 }]);
    expect(
      (await client.request('POST', '/admin/preview', { body: { shop: 'demo', template: 'x'.repeat(2001) } }))
        .status,
    ).toBe(400);
    expect(
      (await client.request('POST', '/admin/preview', { body: { shop: 'zzz', template: 'x' } })).status,
    ).toBe(404);
  });
});

describe('opt-outs', () => {
  it('opts a number out: the next order to it is skipped; removing it lets the next one through', async () => {
    const added = await client.request('POST', '/admin/opt-outs', { body: { phones: ['0532 123 45 67'] } });
    expect(added.json()).toEqual({ added: 1 });
    await deliver('5001');
    await console_.service.engine.dispatchOnce();
    expect(await customerText('5001')).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    const list = await client.request('GET', '/admin/opt-outs?q=4567');
    expect(list.json().optOuts).toEqual([
      { phone: '+90532*****67', source: 'local', createdAt: expect.any(String) },
    ]);
    expect(list.text).not.toContain('5321234567');
    const removed = await client.request('DELETE', '/admin/opt-outs', {
      body: { phones: ['+905321234567'] },
    });
    expect(removed.json()).toEqual({ removed: 1 });
    await deliver('5002');
    expect((await customerText('5002')).status).toBe('queued');
  });

  it('imports a CSV, reporting invalid lines by number; refuses another type or a body over the limit', async () => {
    const csv = 'telefon\n0532 111 22 33\nyanlış\n0533 444 55 66\n';
    const imported = await client.request('POST', '/admin/opt-outs/import', {
      body: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(imported.status).toBe(200);
    expect(imported.json()).toEqual({ added: 2, invalid: [{ line: 3, reason: expect.any(String) }] });
    expect((await client.request('GET', '/admin/opt-outs?limit=1')).json()).toMatchObject({
      nextCursor: expect.any(String),
    });
    const json = await client.request('POST', '/admin/opt-outs/import', { body: { phones: [] } });
    expect(json.status).toBe(415);
    const huge = await client.request('POST', '/admin/opt-outs/import', {
      body: '0532 111 22 33\n'.repeat(40_000),
      headers: { 'content-type': 'text/csv' },
    });
    expect(huge.status).toBe(413);
    const many = await client.request('POST', '/admin/opt-outs', {
      body: { phones: Array(1001).fill('0532 111 22 33') },
    });
    expect(many.status).toBe(400);
  });
});

describe('setup, overview and audit', () => {
  it('gives the exact webhook URLs, the last delivery, signature failures and a checklist', async () => {
    const before = (await client.request('GET', '/admin/shops/demo/setup')).json();
    expect(before.webhooks).toEqual([
      { topic: 'order.created', url: 'https://sms.example.com/webhooks/test/demo' },
    ]);
    expect(before.lastDeliveries).toEqual([]);
    expect(before.checklist.find((item: { id: string }) => item.id === 'webhook-seen')).toMatchObject({
      ok: false,
    });
    expect((await deliver('6001')).status).toBe(200);
    expect((await deliver('6002', undefined, 'the-wrong-secret')).status).toBe(401);
    // The statistics are written in batches (every 2 s): wait for the batch.
    const after = await waitFor(async () => {
      const setup = (await client.request('GET', '/admin/shops/demo/setup')).json();
      return setup.lastDeliveries.length > 0 && setup.signatureFailures24h > 0 ? setup : undefined;
    });
    expect(after.lastDeliveries).toEqual([{ topic: 'order.created', at: expect.any(String) }]);
    expect(after.signatureFailures24h).toBe(1);
    const checklist = Object.fromEntries(
      after.checklist.map((item: { id: string; ok: boolean }) => [item.id, item.ok]),
    );
    expect(checklist).toMatchObject({
      'webhook-seen': true,
      signatures: false,
      'admin-phone': true,
      'public-url': true,
    });
    expect(JSON.stringify(after)).not.toContain(WEBHOOK_SECRET);
    expect((await client.request('GET', '/admin/shops/nope/setup')).status).toBe(404);
  });

  it('sums today and the last 7 days by status, credits, attention, balances and the dispatcher', async () => {
    await deliver('7001');
    await deliver('7002');
    console_.sandbox.failNext('auth', { method: 'sendSms' });
    await console_.service.engine.dispatchOnce();
    const overview = (await client.request('GET', '/admin/overview?shop=demo')).json();
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total(overview.today)).toBe(4);
    expect(total(overview.last7Days)).toBe(4);
    expect(overview.perDay).toHaveLength(7);
    expect(overview.perDay[6].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(overview.today.sent + overview.today.failed + overview.today.dead).toBe(4);
    expect(overview.credits.today).toBe(3);
    expect(overview.attention.failed + overview.attention.dead).toBe(1);
    expect(overview.balances).toEqual([
      { shopId: 'demo', providerId: 'sandbox', balance: { amount: expect.any(Number), unit: 'credits' } },
    ]);
    expect(overview.dispatcher).toMatchObject({ queued: 0, running: false, lastSentAt: expect.any(String) });
    expect((await client.request('GET', '/admin/overview?shop=nope')).status).toBe(404);
  });

  it('records who did what in the audit log, with the signed-in user', async () => {
    await client.request('POST', '/admin/shops/demo/test-sms', {
      body: { phone: '0532 765 43 21', text: 'Deneme' },
    });
    await client.request('POST', '/admin/opt-outs', { body: { phones: ['0532 111 22 33'] } });
    const audit = await client.request('GET', '/admin/audit?shop=demo&limit=10');
    expect(audit.status).toBe(200);
    expect(audit.json().entries[0]).toMatchObject({
      user: 'admin',
      action: expect.any(String),
      at: expect.any(String),
    });
    expect(audit.text).not.toContain('7654321');
    expect((await client.request('GET', '/admin/audit?limit=500')).status).toBe(400);
  });
});

describe('secrets', () => {
  it('never puts the admin token, a session id, a CSRF token or a webhook secret in an answer or a log line', async () => {
    const sessionId = client.cookie?.split('=')[1] ?? '';
    const csrf = client.csrfToken ?? '';
    await deliver('8001');
    await client.signIn({ token: `${ADMIN_TOKEN}x` });
    for (const path of [
      '/admin/shops',
      '/admin/messages',
      '/admin/overview',
      '/admin/shops/demo/setup',
      '/admin/shops/demo/templates',
      '/admin/audit',
      '/admin/opt-outs',
    ]) {
      await client.request('GET', path);
    }
    await client.request('POST', '/admin/messages/x/cancel', { headers: { origin: 'https://evil.example' } });
    await client.request('DELETE', '/admin/session');
    const answers = client.responses
      .map((response) => `${[...response.headers].join('\n')}\n${response.body}`)
      .join('\n');
    const logs = console_.logText();
    for (const secret of [ADMIN_TOKEN, WEBHOOK_SECRET, sessionId]) {
      expect(answers.replace(/set-cookie,x_admin_session=[^;]+/g, '')).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(csrf);
    expect(logs).toContain('console sign-in');
  });
});
