import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { createSqliteStore, type OrderEvent } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger';
import { createService } from '../src/service';
import { parseServiceConfig } from '../src/service-config';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'shutdown-deadline-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const event: OrderEvent = {
  type: 'order.created',
  shopId: 'demo',
  occurredAt: new Date('2026-11-20T09:30:00Z'),
  order: { id: '501', number: '501', status: 'processing', total: '10', currency: 'TRY', items: [] },
  customer: { firstName: 'Ayşe', phone: '0532 123 45 67' },
  status: { to: 'processing' },
  raw: {},
};

async function startService(filename: string, provider: SmsProviderV1) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 300 },
      dispatcher: {
        pollIntervalMs: 20,
        deliveryReportIntervalMs: 0,
        sendTimeoutMs: 200,
        leaseMs: 600,
        reconcileAfterMs: 400,
      },
      shops: { demo: { name: 'Demo' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: 'deadline-secret' },
  );
  const service = await createService({
    config,
    platform: { name: 'test', register() {} },
    providers: { sandbox: provider },
    store: await createSqliteStore({ filename }),
    logger: createLogger({ level: 'silent' }),
  });
  await service.start();
  return service;
}

describe('shutdown with a provider that hangs', () => {
  it('ends at the deadline, and the abandoned send is settled once after the restart', async () => {
    const filename = path.join(folder, 'outbox.db');
    let called: () => void = () => undefined;
    const calling = new Promise<void>((resolve) => {
      called = resolve;
    });
    // Ignores its time limit and its abort signal: only the shutdown deadline can free the service.
    const hanging: SmsProviderV1 = {
      ...createSandboxProvider(),
      sendSms() {
        called();
        return new Promise(() => {});
      },
    };
    const first = await startService(filename, hanging);
    await first.engine.accept(event);
    await calling;
    await first.stop();

    const store = await createSqliteStore({ filename });
    const [abandoned] = await store.list({ shopId: 'demo' });
    await store.close();
    expect(abandoned).toMatchObject({ status: 'unknown', reason: 'abandoned-at-shutdown', attempts: 1 });

    const sandbox = createSandboxProvider();
    const second = await startService(filename, sandbox);
    try {
      await vi.waitFor(
        async () => {
          const [message] = await second.engine.messages.list({ shopId: 'demo' });
          expect(message?.status).toBe('sent');
        },
        { timeout: 10_000, interval: 25 },
      );
      await second.engine.syncDeliveryReports();
      expect(sandbox.sent.map((message) => message.reference)).toEqual([abandoned!.id]);
    } finally {
      await second.stop();
    }
  });
});
