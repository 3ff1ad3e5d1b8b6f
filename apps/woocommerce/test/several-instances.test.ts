import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import { type CapturedLog, captureLog } from '@x/app-service-kit/testing';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { type AcceptUnit, createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_TIMEOUT_MS } from '../src/redis-snapshot-store';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooCustomerNote, sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';
import { blockEventLoop, closedPort, randomKeyPrefix, TEST_REDIS_URL } from './redis-test-helpers';

const REDIS_URL = TEST_REDIS_URL;
const secret = 'several-instances-secret';
const admin = createClient({ url: REDIS_URL });
const running: Service[] = [];
let folder: string;
let prefix: string;

beforeAll(async () => {
  await admin.connect();
});
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-instances-'));
  prefix = randomKeyPrefix();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await rm(folder, { recursive: true, force: true });
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(keys);
});
afterAll(async () => {
  await admin.close();
});

/** One instance: the shared SQLite outbox file of the test (or `store`), the snapshot store from `env`. */
async function instance(env: Record<string, string>, log: CapturedLog = captureLog(), store?: OutboxStore) {
  const config = parseServiceConfig(
    {
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: secret },
  );
  const sandbox = createSandboxProvider({ autoDeliver: true });
  const service = await createService({
    config,
    platform: wooCommercePlatform({ env }),
    providers: { sandbox },
    logger: createLogger({ level: 'debug', secrets: [secret], destination: log.destination }),
    ...(store ? { store } : {}),
  });
  running.push(service);
  const deliver = (topic: string, payload: unknown, deliveryId: string) => {
    const delivery = signWooDelivery(topic, payload, secret, deliveryId);
    return service.app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers: delivery.headers,
      payload: delivery.body,
    });
  };
  return { service, sandbox, deliver };
}

const noteText = 'Siparişiniz yarın kargoya verilecek.';

describe('several WooCommerce instances sharing order snapshots through Redis', () => {
  it('sends the customer note from instance B to the customer of the order instance A saw', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, REDIS_SNAPSHOT_TTL_SECONDS: '3600' };
    const a = await instance(env);
    const b = await instance(env);
    const order = await a.deliver(
      'order.created',
      sampleWooOrder({ id: 6001, status: 'processing', phone: '0533 444 55 66' }),
      'order-6001',
    );
    expect(order.statusCode).toBe(200);
    const ttl = await admin.ttl(`${prefix}demo:6001`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);

    const note = await b.deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(6001, noteText),
      'n1',
    );
    expect(note.statusCode).toBe(200);
    expect(note.json()).toMatchObject({ accepted: true, queued: 1 });
    // The order's messages are in the shared outbox; B sends the note (and A's new-order message).
    while ((await b.service.engine.dispatchOnce()) > 0);
    const notes = b.sandbox.sent.filter((message) => message.text.includes(noteText));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.to).toBe('+905334445566');
  });

  it('shares the order even when the outbox commit blocks the event loop longer than the Redis time bound', async () => {
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const store = await createSqliteStore({ filename: path.join(folder, 'notifications.db') });
    const acceptBatch = store.acceptBatch.bind(store);
    store.acceptBatch = (units: readonly AcceptUnit[]) => {
      blockEventLoop(4 * DEFAULT_REDIS_TIMEOUT_MS);
      return acceptBatch(units);
    };
    const a = await instance(env, captureLog(), store);
    const b = await instance(env);
    const order = await a.deliver(
      'order.created',
      sampleWooOrder({ id: 6004, status: 'processing', phone: '0533 444 55 66' }),
      'order-6004',
    );
    expect(order.statusCode).toBe(200);
    expect(await admin.exists(`${prefix}demo:6004`)).toBe(1);
    const note = await b.deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(6004, noteText),
      'n4',
    );
    expect(note.json()).toMatchObject({ accepted: true, queued: 1 });
  });

  it('without Redis, the same note reaching B is skipped for want of a phone (the single-instance behaviour)', async () => {
    const a = await instance({});
    const b = await instance({});
    await a.deliver('order.created', sampleWooOrder({ id: 6002, status: 'processing' }), 'order-6002');
    const note = await b.deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(6002, noteText),
      'n2',
    );
    expect(note.json()).toMatchObject({ accepted: true, queued: 0 });
    const skipped = await b.service.engine.messages.list({
      shopId: 'demo',
      orderId: '6002',
      status: 'skipped',
    });
    expect(skipped).toEqual([expect.objectContaining({ eventType: 'order.note_added', reason: 'no-phone' })]);
  });

  it('answers 200 and handles the note as without a snapshot when Redis is down, the password never logged', async () => {
    const password = 'redis-pass-never-logged';
    const log = captureLog();
    const env = {
      REDIS_URL: `redis://default:${password}@127.0.0.1:${await closedPort()}`,
      REDIS_KEY_PREFIX: prefix,
    };
    const only = await instance(env, log);
    const order = await only.deliver(
      'order.created',
      sampleWooOrder({ id: 6003, status: 'processing' }),
      'o3',
    );
    expect(order.statusCode).toBe(200);
    expect(order.json()).toMatchObject({ accepted: true, queued: 1 });
    const note = await only.deliver(
      'action.woocommerce_new_customer_note',
      sampleWooCustomerNote(6003, noteText),
      'n3',
    );
    expect(note.statusCode).toBe(200);
    const skipped = await only.service.engine.messages.list({
      shopId: 'demo',
      orderId: '6003',
      status: 'skipped',
    });
    expect(skipped).toEqual([expect.objectContaining({ eventType: 'order.note_added', reason: 'no-phone' })]);
    await only.service.stop();
    const output = log.text();
    expect(output).toContain('order snapshot not stored');
    expect(output).toContain('order snapshot not readable');
    expect(output).toContain('ECONNREFUSED');
    expect(output).not.toContain(password);
  });

  it('refuses to start with a REDIS_URL that is not a Redis URL, naming the variable only', async () => {
    await expect(instance({ REDIS_URL: 'https://user:hunter22@cache.internal' })).rejects.toThrow(
      /REDIS_URL/,
    );
    await expect(instance({ REDIS_URL: 'https://user:hunter22@cache.internal' })).rejects.not.toThrow(
      /hunter22/,
    );
  });
});
