import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger';
import { createService, type Service } from '../src/service';
import { parseServiceConfig } from '../src/service-config';
import { orderCreated } from './fixtures/order-created';

let folder: string;
const running: Service[] = [];
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'dispatcher-timings-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await rm(folder, { recursive: true, force: true });
});

const event = orderCreated('501');

async function startService(
  dispatcher: Record<string, unknown>,
  provider: SmsProviderV1,
  store: OutboxStore,
  server: Record<string, unknown> = {},
) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, ...server },
      dispatcher: { pollIntervalMs: 20, deliveryReportIntervalMs: 0, ...dispatcher },
      shops: { demo: { name: 'Demo' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: 'timings-secret' },
  );
  const service = await createService({
    config,
    platform: { name: 'test', register() {} },
    providers: { sandbox: provider },
    store,
    logger: createLogger({ level: 'silent' }),
  });
  running.push(service);
  return service;
}

describe('the dispatcher timings of the configuration', () => {
  it('give the provider its send time limit and the outbox claims their lease', async () => {
    const store = await createSqliteStore({ filename: path.join(folder, 'outbox.db') });
    const leases: number[] = [];
    const claim = store.claim.bind(store);
    store.claim = (options) => {
      leases.push(options.leaseMs);
      return claim(options);
    };
    const sandbox = createSandboxProvider();
    const timeLimits: (number | undefined)[] = [];
    let sent: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => {
      sent = resolve;
    });
    const provider: SmsProviderV1 = {
      ...sandbox,
      async sendSms(request, options) {
        timeLimits.push(options?.timeoutMs);
        const result = await sandbox.sendSms(request, options);
        sent();
        return result;
      },
    };
    const service = await startService({ sendTimeoutMs: 1500, leaseMs: 4000 }, provider, store);
    await service.engine.accept(event);
    await service.start();
    await sending;
    expect(timeLimits).toEqual([1500]);
    expect(new Set(leases)).toEqual(new Set([4000]));
  });

  it('send an unknown message again only once reconcileAfterMs has passed without a report of it', async () => {
    for (const [reconcileAfterMs, expected] of [
      [600_000, 'unknown'],
      [1000, 'queued'],
    ] as const) {
      const store = await createSqliteStore({ filename: path.join(folder, `outbox-${reconcileAfterMs}.db`) });
      const service = await startService(
        { enabled: false, reconcileAfterMs },
        createSandboxProvider(),
        store,
      );
      const [message] = (await service.engine.accept(event)).queued;
      await store.update(message!.id, { status: 'unknown', updatedAt: new Date(Date.now() - 2000) });
      await service.engine.syncDeliveryReports();
      const [after] = await service.engine.messages.list({ shopId: 'demo' });
      expect(after?.status).toBe(expected);
    }
  });
});

describe('shutdown with a provider that hangs', () => {
  const timings = { pollIntervalMs: 20, sendTimeoutMs: 200, leaseMs: 600, reconcileAfterMs: 400 };

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
    const first = await startService(timings, hanging, await createSqliteStore({ filename }), {
      shutdownTimeoutMs: 300,
    });
    await first.engine.accept(event);
    await first.start();
    await calling;
    await first.stop();

    const store = await createSqliteStore({ filename });
    const [abandoned] = await store.list({ shopId: 'demo' });
    await store.close();
    expect(abandoned).toMatchObject({ status: 'unknown', reason: 'abandoned-at-shutdown', attempts: 1 });

    const sandbox = createSandboxProvider();
    const second = await startService(timings, sandbox, await createSqliteStore({ filename }));
    await second.start();
    await vi.waitFor(
      async () => {
        const [message] = await second.engine.messages.list({ shopId: 'demo' });
        expect(message?.status).toBe('sent');
      },
      { timeout: 10_000, interval: 25 },
    );
    await second.engine.syncDeliveryReports();
    expect(sandbox.sent.map((message) => message.reference)).toEqual([abandoned!.id]);
  });
});
