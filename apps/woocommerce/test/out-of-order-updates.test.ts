import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import { waitForCondition } from '@x/app-service-kit/testing';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import { createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const SECRET = 'out-of-order-secret';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const ORDER_ID = 4100;

let folder: string;
let service: Service | undefined;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-out-of-order-'));
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** Starts the service on a real socket, with a shop that also messages its admin, on a store the test reads. */
async function start(sandbox: SandboxProvider): Promise<{ url: string; store: OutboxStore }> {
  const sqliteFile = path.join(folder, 'notifications.db');
  const store = await createSqliteStore({ filename: sqliteFile });
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile },
      dispatcher: { enabled: true, pollIntervalMs: 20, deliveryReportIntervalMs: 0 },
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['0532 000 00 01'] } },
    },
    { ADMIN_TOKEN },
    { WEBHOOK_SECRET_DEMO: SECRET },
  );
  service = await createService({
    config,
    platform: wooCommercePlatform(),
    providers: { sandbox },
    logger: createLogger({ level: 'silent' }),
    store,
  });
  return { url: (await service.start()).url, store };
}

describe('order.updated deliveries that arrive out of order', () => {
  it('sends nothing for an update older than the one recorded, and the order stays at the newer status', async () => {
    const sandbox = createSandboxProvider({ autoDeliver: true });
    const { url, store } = await start(sandbox);
    const deliver = async (status: string, modifiedGmt: string, deliveryId: string) => {
      const order = sampleWooOrder({ id: ORDER_ID, status, modifiedAt: new Date(`${modifiedGmt}Z`) });
      const delivery = signWooDelivery('order.updated', order, SECRET, deliveryId);
      const response = await fetch(`${url}/webhooks/woocommerce/demo`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      expect(response.status).toBe(200);
      return response.json();
    };

    expect(await deliver('pending', '2026-12-01T10:00:00', 'u1')).toMatchObject({ events: 1, queued: 0 });
    expect(await deliver('completed', '2026-12-01T10:05:00', 'u2')).toMatchObject({ events: 1, queued: 1 });
    // Delayed: WooCommerce saved it before the completion, and it arrives after.
    const late = await deliver('processing', '2026-12-01T10:01:00', 'u3');
    expect(late).toMatchObject({ accepted: true, events: 0, queued: 0, duplicates: 0 });
    expect(await store.calls.orderState('demo', String(ORDER_ID))).toEqual({ status: 'completed' });
    const again = await deliver('completed', '2026-12-01T10:05:00', 'u4');
    expect(again).toMatchObject({ accepted: true, events: 0, queued: 0, duplicates: 0 });

    await waitForCondition('every message sent', async () => {
      const counts = await store.counts({ shopId: 'demo' });
      return counts.queued + counts.sending === 0;
    });
    expect(sandbox.sent.map((message) => message.text)).toEqual([
      'Sayın Ayşe, 4100 numaralı siparişiniz tamamlandı. Bizi tercih ettiğiniz için teşekkürler. Demo Mağaza',
    ]);
    const listed = await fetch(`${url}/admin/messages?shop=demo&order=${ORDER_ID}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(listed.status).toBe(200);
    const { messages } = (await listed.json()) as { messages: { role: string; eventType: string }[] };
    expect(messages.map((message) => `${message.role} ${message.eventType}`)).toEqual([
      'customer order.status_changed',
    ]);
    expect(await store.calls.orderState('demo', String(ORDER_ID))).toEqual({ status: 'completed' });
  });
});
