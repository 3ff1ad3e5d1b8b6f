import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  computeWebhookSignature,
  createLogger,
  createService,
  parseServiceConfig,
  type Service,
} from '@x/app-service-kit';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const secret = 'http-hardening-secret';
let folder: string;
const running: Service[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-http-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await rm(folder, { recursive: true, force: true });
});

/** The WooCommerce service on a free port (SQLite outbox, dispatcher off), with `server` settings. */
async function startService(server: Record<string, unknown> = {}) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, ...server },
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { demo: { name: 'Demo Mağaza', provider: 'sandbox', adminPhones: ['0532 000 00 01'] } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: secret },
  );
  const service = await createService({
    config,
    platform: wooCommercePlatform({ env: {} }),
    providers: { sandbox: createSandboxProvider() },
    logger: createLogger({ level: 'silent' }),
  });
  running.push(service);
  const { url } = await service.start();
  return { service, url, webhookUrl: `${url}/webhooks/woocommerce/demo` };
}

async function queuedCount(service: Service): Promise<number> {
  const counts = await service.engine.messages.counts({ shopId: 'demo' });
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

describe('WooCommerce webhooks over HTTP: hostile and broken clients', () => {
  it('answers a signed form-encoded body on an order topic 415, queuing nothing; the creation ping stays 200', async () => {
    const { service, webhookUrl } = await startService();
    const form = 'id=1&status=processing';
    for (const topic of ['order.created', 'order.updated', 'action.woocommerce_new_customer_note']) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-signature': computeWebhookSignature(form, secret),
        },
        body: form,
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({
        error: { code: 'unsupported_media_type', message: `${topic} webhooks carry JSON (application/json)` },
      });
    }
    const ping = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=7',
    });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ ok: true, ping: true });
    expect(await queuedCount(service)).toBe(0);

    const order = signWooDelivery('order.created', sampleWooOrder({ id: 71, status: 'processing' }), secret);
    const accepted = await fetch(webhookUrl, { method: 'POST', headers: order.headers, body: order.body });
    expect(await accepted.json()).toMatchObject({ accepted: true, queued: 2 });
  });
});
