import { createServer, type Socket } from 'node:net';
import { NetworkError, TimeoutError, ValidationError } from '@x/messaging-core';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OrderSnapshot, OrderSnapshotCache } from '../src/order-snapshot-cache';
import {
  DEFAULT_SNAPSHOT_TTL_SECONDS,
  parseSnapshotStoreEnv,
  RedisSnapshotStore,
} from '../src/redis-snapshot-store';
import { blockEventLoop, closedPort, randomKeyPrefix, TEST_REDIS_URL } from './redis-test-helpers';

const REDIS_URL = TEST_REDIS_URL;
const admin = createClient({ url: REDIS_URL });
const stores: RedisSnapshotStore[] = [];
/** The key prefixes of the current test (one per store it opens). */
const prefixes: string[] = [];
let prefix: string;

beforeAll(async () => {
  await admin.connect();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const used of prefixes.splice(0)) {
    const keys = await admin.keys(`${used}*`);
    if (keys.length > 0) await admin.del(keys);
  }
});
afterAll(async () => {
  await admin.close();
});

function newPrefix(): string {
  prefix = randomKeyPrefix();
  prefixes.push(prefix);
  return prefix;
}

function open(options: Partial<ConstructorParameters<typeof RedisSnapshotStore>[0]> = {}) {
  const warnings: Record<string, unknown>[] = [];
  const store = new RedisSnapshotStore({
    url: REDIS_URL,
    keyPrefix: newPrefix(),
    logger: { info: () => undefined, warn: (fields, message) => warnings.push({ ...fields, message }) },
    ...options,
  });
  stores.push(store);
  return { store, warnings };
}

function snapshot(orderId: string, phone: string): OrderSnapshot {
  return {
    order: {
      id: orderId,
      number: `#${orderId}`,
      status: 'processing',
      total: '149.90',
      currency: 'TRY',
      items: [{ name: 'Kahve', quantity: 2, total: '149.90' }],
      createdAt: new Date('2026-11-20T09:30:00Z'),
    },
    customer: { firstName: 'Ayşe', phone },
  };
}

describe('RedisSnapshotStore (real Redis)', () => {
  it('shares a snapshot between two stores, with Dates intact, under <prefix><shop>:<order>', async () => {
    const { store: first } = open();
    const second = new RedisSnapshotStore({ url: REDIS_URL, keyPrefix: prefix });
    stores.push(second);
    // Connected first: the time bound of each call is for Redis's answer, not for opening the connection.
    await Promise.all([first.connect(), second.connect()]);
    await first.set('demo', snapshot('5001', '0532 111 22 33'));
    const read = await second.get('demo', '5001');
    expect(read).toEqual(snapshot('5001', '0532 111 22 33'));
    expect(read?.order.createdAt).toBeInstanceOf(Date);
    expect(await second.get('demo', '5002')).toBeUndefined();
    expect(await second.get('other-shop', '5001')).toBeUndefined();
    expect(await admin.keys(`${prefix}*`)).toEqual([`${prefix}demo:5001`]);
  });

  it('sets the TTL (30 days by default, or the one configured) and restarts it on each write', async () => {
    const { store } = open();
    await store.connect();
    await store.set('demo', snapshot('1', '05321112233'));
    const ttl = await admin.ttl(store.key('demo', '1'));
    expect(ttl).toBeGreaterThan(DEFAULT_SNAPSHOT_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(DEFAULT_SNAPSHOT_TTL_SECONDS);

    const { store: short } = open({ ttlSeconds: 120 });
    await short.connect();
    await short.set('demo', snapshot('2', '05321112233'));
    await admin.expire(short.key('demo', '2'), 5);
    await short.set('demo', snapshot('2', '05329998877'));
    const restarted = await admin.ttl(short.key('demo', '2'));
    expect(restarted).toBeGreaterThan(100);
    expect(restarted).toBeLessThanOrEqual(120);
    expect((await short.get('demo', '2'))?.customer.phone).toBe('05329998877');
  });

  it('keeps a reply that arrived while the event loop was blocked past the time bound', async () => {
    const { store } = open({ timeoutMs: 100 });
    await store.connect();
    await store.set('demo', snapshot('7', '05321112233'));
    const reading = store.get('demo', '7');
    setImmediate(() => blockEventLoop(500));
    expect((await reading)?.customer.phone).toBe('05321112233');
  });

  it('connects ahead of the first call, and reports a Redis that is down as a NetworkError', async () => {
    const { store } = open();
    await store.connect();
    const clients = await admin.clientList();
    expect(clients.length).toBeGreaterThan(1);
    const { store: down } = open({ url: `redis://127.0.0.1:${await closedPort()}` });
    await expect(down.connect()).rejects.toSatisfy(NetworkError.isInstance);
  });

  it('reports a stored value that is not a snapshot as a ValidationError', async () => {
    const { store } = open();
    await store.connect();
    await admin.set(store.key('demo', '9'), '{"order":{"id":9}}');
    await expect(store.get('demo', '9')).rejects.toSatisfy(ValidationError.isInstance);
    await admin.set(store.key('demo', '10'), 'not json');
    await expect(store.get('demo', '10')).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('fails fast with a NetworkError when Redis is down, logs once, and never shows the password', async () => {
    const password = 'pa55-w0rd-not-for-logs';
    const port = await closedPort();
    const { store, warnings } = open({
      url: `redis://default:${password}@127.0.0.1:${port}`,
      timeoutMs: 2000,
    });
    const errors: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await store.get('demo', '1').catch((error: unknown) => errors.push(error));
      await store.set('demo', snapshot('1', '05321112233')).catch((error: unknown) => errors.push(error));
    }
    // Refused at once, not after the 2 s bound: a NetworkError each time, never a TimeoutError.
    expect(errors).toHaveLength(10);
    for (const error of errors) {
      expect(NetworkError.isInstance(error)).toBe(true);
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as NetworkError).url}`;
      expect(text).toContain('ECONNREFUSED');
      expect(text).not.toContain(password);
    }
    expect((errors[0] as NetworkError).url).toBe(`redis://default:***@127.0.0.1:${port}`);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain(password);
    await store.close();
    await store.close();
  });

  it('gives up after timeoutMs with a TimeoutError when Redis accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const { store } = open({ url: `redis://127.0.0.1:${address.port}`, timeoutMs: 100 });
      const results = await Promise.allSettled([
        store.get('demo', '1'),
        store.set('demo', snapshot('1', '05321112233')),
        store.get('demo', '2'),
      ]);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason;
        expect(TimeoutError.isInstance(reason)).toBe(true);
        expect((reason as TimeoutError).timeoutMs).toBe(100);
      }
      expect(sockets.length).toBeGreaterThan(0);
      await store.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('keeps the password out of errors when Redis refuses it', async () => {
    const password = 'wrong-secret-4711';
    const url = new URL(REDIS_URL);
    url.username = 'no-such-user';
    url.password = password;
    const { store, warnings } = open({ url: url.toString(), timeoutMs: 2000 });
    const error = await store.get('demo', '1').catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/WRONGPASS|NOAUTH|AUTH/);
    expect(`${String(error)} ${JSON.stringify(error)} ${JSON.stringify(warnings)}`).not.toContain(password);
  });
});

describe('snapshot store settings', () => {
  it('reads REDIS_* from the environment and names a bad variable without echoing its value', () => {
    expect(parseSnapshotStoreEnv({})).toEqual({});
    expect(
      parseSnapshotStoreEnv({
        REDIS_URL: 'redis://:secret@cache:6379/2',
        REDIS_KEY_PREFIX: 'shop-a:',
        REDIS_SNAPSHOT_TTL_SECONDS: '86400',
        REDIS_TIMEOUT_MS: '',
      }),
    ).toEqual({
      REDIS_URL: 'redis://:secret@cache:6379/2',
      REDIS_KEY_PREFIX: 'shop-a:',
      REDIS_SNAPSHOT_TTL_SECONDS: 86400,
    });
    expect(() => parseSnapshotStoreEnv({ REDIS_URL: 'http://user:hunter22@cache' })).toThrow(/REDIS_URL/);
    expect(() => parseSnapshotStoreEnv({ REDIS_URL: 'http://user:hunter22@cache' })).not.toThrow(/hunter22/);
    expect(() => parseSnapshotStoreEnv({ REDIS_SNAPSHOT_TTL_SECONDS: 'soon' })).toThrow(
      /REDIS_SNAPSHOT_TTL_SECONDS/,
    );
  });
});

describe('OrderSnapshotCache (one process)', () => {
  it('forgets the least recently used order beyond its capacity', async () => {
    const cache = new OrderSnapshotCache(2);
    await cache.set('demo', snapshot('1', '05321112233'));
    await cache.set('demo', snapshot('2', '05321112233'));
    expect(await cache.get('demo', '1')).toBeDefined();
    await cache.set('demo', snapshot('3', '05321112233'));
    expect(await cache.get('demo', '2')).toBeUndefined();
    expect(await cache.get('demo', '1')).toBeDefined();
    expect(cache.size).toBe(2);
  });
});
