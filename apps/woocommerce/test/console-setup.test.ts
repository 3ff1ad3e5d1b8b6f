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
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

const secret = 'console-setup-secret';
const adminToken = 'k9P2xQ7vL4mN8rT1wZ5yB3cD6fG0hJ2sA';
let folder: string;
let service: Service;
let url: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-console-'));
  const rawEnv = { WEBHOOK_SECRET_MAGAZA: secret, ADMIN_TOKEN: adminToken };
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, publicUrl: 'https://sms.example.com' },
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { enabled: false },
      shops: { magaza: { name: 'Mağaza', provider: 'sandbox' } },
    },
    parseServiceEnv(rawEnv),
    rawEnv,
  );
  // The warm-up runs (its requests, refused at the signature check on purpose, must not count as failures).
  service = await createService({
    config,
    platform: wooCommercePlatform(),
    providers: { sandbox: createSandboxProvider() },
    logger: createLogger({ level: 'silent' }),
  });
  url = (await service.start()).url;
});
afterEach(async () => {
  await service.stop();
  await rm(folder, { recursive: true, force: true });
});

async function setup() {
  const response = await fetch(`${url}/admin/shops/magaza/setup`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    webhooks: { topic: string; url: string }[];
    lastDeliveries: { topic: string; at: string }[];
    signatureFailures24h: number;
  };
}

describe('the console setup page of a WooCommerce shop', () => {
  it('lists one URL per topic to paste, then the deliveries and refused signatures the route reported', async () => {
    const before = await setup();
    expect(before.webhooks).toEqual(
      ['order.created', 'order.updated', 'action.woocommerce_new_customer_note', 'customer.created'].map(
        (topic) => ({
          topic,
          url: 'https://sms.example.com/webhooks/woocommerce/magaza',
        }),
      ),
    );
    expect(before).toMatchObject({ lastDeliveries: [], signatureFailures24h: 0 });

    const delivery = signWooDelivery(
      'order.created',
      sampleWooOrder({ id: 3101, status: 'processing' }),
      secret,
    );
    const accepted = await fetch(`${url}/webhooks/woocommerce/magaza`, { method: 'POST', ...delivery });
    expect(accepted.status).toBe(200);
    const forged = signWooDelivery(
      'order.created',
      sampleWooOrder({ id: 3102, status: 'processing' }),
      'wrong-secret',
    );
    const refused = await fetch(`${url}/webhooks/woocommerce/magaza`, { method: 'POST', ...forged });
    expect(refused.status).toBe(401);

    // The engine writes the figures in the background: wait for them with a bounded poll.
    let after = await setup();
    for (let attempt = 0; attempt < 200 && after.signatureFailures24h === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await setup();
    }
    expect(after.lastDeliveries).toEqual([{ topic: 'order.created', at: expect.any(String) }]);
    expect(after.signatureFailures24h).toBe(1);
  });
});
