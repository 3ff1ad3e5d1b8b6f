import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createLogger,
  createService,
  parseServiceConfig,
  parseServiceEnv,
  type Service,
} from '@x/app-service-kit';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooCustomerNote, sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const secret = 'hostile-text-secret';
/** The test server: DATABASE_URL, or the machine's local trust-auth server (which CI starts). */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `woo_text_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
/** A line break, a control character or a bidi override. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let folder: string;
const running: Service[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-text-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await rm(folder, { recursive: true, force: true });
});
afterAll(async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/** The WooCommerce service on a free port (dispatcher off): SQLite, or PostgreSQL with `postgres`. */
async function startService(shop: Record<string, unknown> = {}, postgres = false) {
  const rawEnv = { WEBHOOK_SECRET_DEMO: secret, ...(postgres ? { DATABASE_URL } : {}) };
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: postgres ? { postgresSchema: schema } : { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: {
        demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['0532 000 00 01'], ...shop },
      },
    },
    parseServiceEnv(rawEnv),
    rawEnv,
  );
  const sandbox = createSandboxProvider();
  const service = await createService({
    config,
    platform: wooCommercePlatform({ env: {} }),
    providers: { sandbox },
    logger: createLogger({ level: 'silent' }),
  });
  running.push(service);
  const { url } = await service.start();
  const webhookUrl = `${url}/webhooks/woocommerce/demo`;
  async function post(topic: string, payload: unknown) {
    const delivery = signWooDelivery(topic, payload, secret);
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function sentTexts(): Promise<string[]> {
    await service.engine.dispatchOnce();
    return (sandbox as SandboxProvider).sent.map((message) => message.text);
  }
  return { service, post, sentTexts };
}

describe('text the customer controls, over HTTP', () => {
  it('never puts a line break or control character of a name into an SMS, to the customer or the admin', async () => {
    const { post, sentTexts } = await startService();
    const order = sampleWooOrder({
      id: 41,
      status: 'processing',
      firstName: 'Ali\r\nBEDAVA SMS: http://evil.example',
      lastName: '\u202eYılmaz\b\b',
    });
    expect(await post('order.created', order)).toMatchObject({ status: 200, body: { queued: 2 } });
    const texts = await sentTexts();
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text).not.toMatch(CONTROL);
      expect(text).toContain('Ali BEDAVA SMS: http://evil.example');
    }
    expect(texts.find((text) => text.startsWith('Yeni sipariş'))).toContain(
      'Ali BEDAVA SMS: http://evil.example Yılmaz',
    );
  });

  it('answers 400, not 500, to a status or order id that is empty once normalised, and sends nothing', async () => {
    const { post, sentTexts } = await startService();
    for (const order of [
      { ...sampleWooOrder({ id: 42, status: 'processing' }), status: '\u200b\u202e' },
      { ...sampleWooOrder({ id: 43, status: 'processing' }), id: ' \u200b ' },
    ]) {
      const answer = await post('order.created', order);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_payload' } });
    }
    expect(await sentTexts()).toEqual([]);
  });

  it('bounds an ignored topic it answers with, and strips its control characters', async () => {
    const { post } = await startService();
    const answer = await post(`x.${'y'.repeat(5000)}\u009b31m`, {});
    expect(answer.status).toBe(200);
    const topic = String(answer.body.topic);
    expect(topic.length).toBeLessThanOrEqual(100);
    expect(topic).not.toMatch(CONTROL);
  });

  it('accepts a NUL in a name, status, order id, tracking number and note on PostgreSQL, and stores none', async () => {
    const { post, sentTexts } = await startService({}, true);
    const created = {
      ...sampleWooOrder({ id: 51, status: 'processing\u0000', firstName: 'Ay\u0000şe' }),
      id: '51\u0000',
    };
    expect(await post('order.created', created)).toMatchObject({ status: 200, body: { queued: 2 } });
    const shipped = {
      ...sampleWooOrder({ id: 51, status: 'completed\u0000', trackingNumber: 'YK\u0000123' }),
      id: '51\u0000',
    };
    // The status change and the tracking number that came with it: one SMS.
    expect(await post('order.updated', shipped)).toMatchObject({ status: 200, body: { queued: 1 } });
    const note = sampleWooCustomerNote(51, 'Kargonuz\u0000 yarın\r\nteslim edilecek.');
    expect(
      await post('action.woocommerce_new_customer_note', {
        ...note,
        arg: { ...note.arg, order_id: '51\u0000' },
      }),
    ).toMatchObject({
      status: 200,
      body: { queued: 1 },
    });
    expect(await post('order.updated', shipped)).toMatchObject({
      status: 200,
      body: { events: 0, queued: 0 },
    });

    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const messages = await client.query(
        `SELECT text, order_id, dedupe_key FROM "${schema}".outbox_messages ORDER BY created_at, id`,
      );
      const statuses = await client.query(
        `SELECT order_id, status FROM "${schema}".order_statuses ORDER BY order_id`,
      );
      expect(JSON.stringify([messages.rows, statuses.rows])).not.toContain('\\u0000');
      expect(messages.rows.map((row) => row.order_id)).toEqual(['51', '51', '51', '51']);
      expect(statuses.rows).toEqual([
        { order_id: '51', status: 'completed' },
        { order_id: '51#tracking', status: 'YK123' },
      ]);
    } finally {
      await client.end();
    }
    const texts = await sentTexts();
    expect(texts).toHaveLength(4);
    expect(texts.filter((text) => /siparişiniz tamamlandı\..* takip no: YK123$/.test(text))).toHaveLength(1);
    expect(texts).toContain(
      'Demo Mağaza: 51 numaralı siparişinize not eklendi: Kargonuz yarın\nteslim edilecek.',
    );
  });

  it('sends two SMS for a status change with a tracking number when the shop keeps separate messages', async () => {
    const { post, sentTexts } = await startService({ statusChangeWithTracking: 'separate-messages' });
    await post('order.created', sampleWooOrder({ id: 61, status: 'processing' }));
    const shipped = sampleWooOrder({ id: 61, status: 'completed', trackingNumber: 'YK61' });
    expect(await post('order.updated', shipped)).toMatchObject({ status: 200, body: { queued: 2 } });
    expect(await post('order.updated', shipped)).toMatchObject({ status: 200, body: { queued: 0 } });
    expect(await sentTexts()).toHaveLength(4);
  });
});

describe('a very large order over HTTP', () => {
  it('accepts 12,000 lines (about 400 KB) and names only what fits in the SMS', async () => {
    const { post, sentTexts } = await startService({
      rules: {
        events: { 'order.created': { customerTemplate: 'Siparişiniz alındı: {items}. {shop_name}' } },
      },
    });
    const lines = Array.from({ length: 12_000 }, (_, index) => ({ name: `Ürün ${index + 1}`, quantity: 1 }));
    const order = { ...sampleWooOrder({ id: 71, status: 'processing' }), line_items: lines };
    const delivery = signWooDelivery('order.created', order, secret);
    expect(delivery.body.length).toBeGreaterThan(350_000);
    expect(await post('order.created', order)).toMatchObject({ status: 200, body: { queued: 2 } });
    const texts = await sentTexts();
    const customer = texts.find((text) => text.startsWith('Siparişiniz'));
    const admin = texts.find((text) => text.startsWith('Yeni sipariş'));
    expect(customer).toMatch(/^Siparişiniz alındı: Ürün 1, Ürün 2, .* ve \d+ ürün daha\. Demo Mağaza$/);
    expect(customer!.length).toBeLessThanOrEqual(7 * 160);
    expect(admin).toContain('12000 ürün');
  });
});
