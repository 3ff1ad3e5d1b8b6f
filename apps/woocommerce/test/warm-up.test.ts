import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createLogger,
  createService,
  type PlatformModule,
  parseServiceConfig,
  type Service,
} from '@x/app-service-kit';
import { captureLog } from '@x/app-service-kit/testing';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import {
  type AcceptUnit,
  createNotificationEngine,
  createSqliteStore,
  parseNotificationConfig,
} from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSnapshotStore } from '../src/order-snapshot-store';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';
import { wooCommerceWarmUp } from '../src/woocommerce-warm-up';

const secret = 'warm-up-secret';
let folder: string;
let service: Service | undefined;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-warm-up-'));
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await rm(folder, { recursive: true, force: true });
});

const config = () =>
  parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['0532 000 00 01'] } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: secret },
  );

/** Every call made to the order snapshots. */
function recordingSnapshots(calls: string[]): OrderSnapshotStore {
  return {
    async get(shopId, orderId) {
      calls.push(`get ${shopId} ${orderId}`);
      return undefined;
    },
    async set(shopId, snapshot) {
      calls.push(`set ${shopId} ${snapshot.order.id}`);
    },
  };
}

describe('the warm-up before listening', () => {
  it('runs the platform part for each shop and leaves no trace in the outbox, the snapshots or the log', async () => {
    const store = await createSqliteStore({ filename: path.join(folder, 'notifications.db') });
    const commits: number[] = [];
    const acceptBatch = store.acceptBatch.bind(store);
    store.acceptBatch = (units: readonly AcceptUnit[]) => {
      commits.push(units.length);
      return acceptBatch(units);
    };
    const snapshotCalls: string[] = [];
    const log = captureLog();
    const platform = wooCommercePlatform({ env: {}, orderSnapshotStore: recordingSnapshots(snapshotCalls) });
    const warmedShops: string[] = [];
    const watched: PlatformModule = {
      ...platform,
      warmUp(shopId, context) {
        warmedShops.push(shopId);
        return platform.warmUp!(shopId, context);
      },
    };
    service = await createService({
      config: config(),
      platform: watched,
      providers: { sandbox: createSandboxProvider() },
      logger: createLogger({ level: 'info', destination: log.destination }),
      store,
    });
    const answered: { status: number; socket: string | undefined }[] = [];
    service.app.addHook('onResponse', async (request, reply) => {
      answered.push({ status: reply.statusCode, socket: request.raw.socket.remoteAddress });
    });
    await service.start();

    expect(warmedShops).toEqual(['demo']);
    // The requests came over real loopback connections, and the route refused every signed one.
    expect(answered.length).toBe(200);
    expect(new Set(answered.map((answer) => answer.socket))).toEqual(new Set(['127.0.0.1']));
    expect(new Set(answered.map((answer) => answer.status))).toEqual(new Set([200, 401]));
    expect(answered.filter((answer) => answer.status === 401)).toHaveLength(100);
    expect(commits).toEqual([]);
    expect(await service.engine.messages.list({ limit: 10 })).toEqual([]);
    expect(snapshotCalls).toEqual([]);
    expect(log.text()).not.toMatch(/signature rejected/);
    // The service still takes a real webhook afterwards.
    const delivery = signWooDelivery(
      'order.created',
      sampleWooOrder({ id: 42, status: 'processing' }),
      secret,
    );
    const { headers, body: payload } = delivery;
    const answer = await service.app.inject({
      method: 'POST',
      url: '/webhooks/woocommerce/demo',
      headers,
      payload,
    });
    expect(answer.statusCode).toBe(200);
    expect(commits).toEqual([1]);
  });

  it('can be switched off', async () => {
    const platform = wooCommercePlatform({ env: {}, orderSnapshotStore: recordingSnapshots([]) });
    let warmed = 0;
    service = await createService({
      config: config(),
      platform: {
        ...platform,
        warmUp(shopId, context) {
          warmed += 1;
          return platform.warmUp!(shopId, context);
        },
      },
      providers: { sandbox: createSandboxProvider() },
      logger: createLogger({ level: 'silent' }),
      warmUp: false,
    });
    await service.start();
    expect(warmed).toBe(0);
  });

  it('opens as many loopback connections as asked, one request each', async () => {
    service = await createService({
      config: config(),
      platform: wooCommercePlatform({ env: {}, orderSnapshotStore: recordingSnapshots([]) }),
      providers: { sandbox: createSandboxProvider() },
      logger: createLogger({ level: 'silent' }),
      warmUp: { connections: 30, rounds: 1 },
    });
    const sockets = new Set<unknown>();
    let requests = 0;
    service.app.addHook('onRequest', async (request) => {
      requests += 1;
      sockets.add(request.raw.socket);
    });
    await service.start();
    expect(requests).toBe(30);
    expect(sockets.size).toBe(30);
  });
});

describe('the WooCommerce part of the warm-up', () => {
  it('gives requests the route refuses at the signature check, and events an engine plans', async () => {
    const snapshotCalls: string[] = [];
    service = await createService({
      config: config(),
      platform: wooCommercePlatform({ env: {}, orderSnapshotStore: recordingSnapshots(snapshotCalls) }),
      providers: { sandbox: createSandboxProvider() },
      logger: createLogger({ level: 'silent' }),
      warmUp: false,
    });
    const part = wooCommerceWarmUp('demo', {
      engine: service.engine,
      config: config(),
      logger: service.logger,
      webhookStats: { delivered() {}, signatureFailed() {} },
    });
    expect(part.requests).toHaveLength(1);
    for (const request of part.requests) {
      const answer = await service.app.inject(request);
      expect(answer.statusCode).toBe(401);
    }
    expect(snapshotCalls).toEqual([]);
    expect(await service.engine.messages.list({ limit: 10 })).toEqual([]);

    const engine = createNotificationEngine({
      store: await createSqliteStore({ filename: ':memory:' }),
      config: parseNotificationConfig({
        shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['0532 000 00 01'] } },
      }),
      providers: { sandbox: createSandboxProvider() },
    });
    const events = part.sampleEvents().map((event) => event.type);
    expect(events).toEqual([
      'order.created',
      'order.status_changed',
      'order.shipment_added',
      'customer.registered',
    ]);
    const accepted = await engine.acceptAll(part.sampleEvents());
    expect(accepted.queued.length).toBeGreaterThanOrEqual(4);
    await engine.close();
  });
});
