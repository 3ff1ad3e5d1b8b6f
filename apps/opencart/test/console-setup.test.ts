import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Service } from '@x/app-service-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCartPlatform } from '../src/opencart-platform';
import { sampleOpenCartHistoryEvent, signOpenCartDelivery } from '../src/opencart-samples';
import { startOpenCartService } from './service-fixture';

let folder: string;
let service: Service | undefined;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-console-'));
});
afterEach(async () => {
  await service?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('the console setup of an OpenCart shop', () => {
  it('describes the one endpoint the extension calls, and reports its deliveries and refused signatures', () => {
    expect(openCartPlatform().webhooks?.('kupa')).toEqual([
      { topic: 'order.history', path: '/webhooks/opencart/kupa' },
    ]);
  });

  it('counts an accepted delivery and a refused signature for the setup page', async () => {
    const secret = 'opencart-console-secret';
    const started = await startOpenCartService({ folder, secret });
    service = started.service;
    const placed = sampleOpenCartHistoryEvent({ orderId: 701, oldStatusId: 0, newStatusId: 2 });
    const good = signOpenCartDelivery(placed, secret);
    expect((await fetch(started.webhookUrl, { method: 'POST', ...good })).status).toBe(200);
    const bad = signOpenCartDelivery(placed, 'not-the-secret');
    expect((await fetch(started.webhookUrl, { method: 'POST', ...bad })).status).toBe(401);
    let stats = await service.engine.webhookStats('kupa');
    for (let attempt = 0; attempt < 200 && stats.signatureFailures24h === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stats = await service.engine.webhookStats('kupa');
    }
    expect(stats.lastDeliveries.map((delivery) => delivery.topic)).toEqual(['order.history']);
    expect(stats.signatureFailures24h).toBe(1);
  });
});
