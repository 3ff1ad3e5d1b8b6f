import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeWebhookSignature, parseServiceConfig, type Service } from '@x/app-service-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleOpenCartHistoryEvent, signOpenCartDelivery } from '../src/opencart-samples';
import { openCartWarmUp } from '../src/opencart-warm-up';
import { startOpenCartService } from './service-fixture';

const secret = 'opencart-service-secret';
let folder: string;
let service: Service | undefined;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-service-'));
});
afterEach(async () => {
  await service?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('OpenCart service (engine, SQLite outbox, sandbox provider)', () => {
  it('sends a new-order SMS and a status SMS over a real socket, once each despite a re-sent body', async () => {
    const started = await startOpenCartService({
      folder,
      secret,
      shop: { opencartStatuses: { '17': 'kargoda' } },
    });
    service = started.service;
    const { sandbox, webhookUrl } = started;
    const post = async (payload: unknown) => {
      const delivery = signOpenCartDelivery(payload, secret);
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const placed = sampleOpenCartHistoryEvent({ orderId: 601, oldStatusId: 0, newStatusId: 2 });
    expect(await post(placed)).toMatchObject({ status: 200, body: { queued: 1 } });
    expect(await post(placed)).toMatchObject({ status: 200, body: { queued: 0, duplicates: 1 } });
    const shipped = sampleOpenCartHistoryEvent({ orderId: 601, oldStatusId: 2, newStatusId: 5 });
    expect(await post(shipped)).toMatchObject({ status: 200, body: { queued: 1 } });
    expect(await service.engine.dispatchOnce()).toBe(2);
    expect(sandbox.sent.map((message) => message.to)).toEqual(['+905327654321', '+905327654321']);
    expect(sandbox.sent[0]?.text).toContain('601');
    expect(sandbox.sent[1]?.text).toContain('tamamlandı');
  });

  it('answers a signed body that is not JSON 415 in the service format, queuing nothing', async () => {
    const started = await startOpenCartService({ folder, secret });
    service = started.service;
    const form = 'order_id=1&order_status_id=2';
    const response = await fetch(started.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-webhook-signature': computeWebhookSignature(form, secret),
      },
      body: form,
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: { code: 'unsupported_media_type', message: 'OpenCart webhooks carry JSON (application/json)' },
    });
    expect(await service.engine.messages.list({ shopId: 'kupa' })).toEqual([]);
  });
});

describe('the OpenCart part of the warm-up before listening', () => {
  it('gives a request the route refuses at the signature check, and events an engine plans; none reach the outbox', async () => {
    const started = await startOpenCartService({ folder, secret });
    service = started.service;
    const part = openCartWarmUp('kupa', {
      engine: service.engine,
      webhookStats: { delivered() {}, signatureFailed() {} },
      config: parseServiceConfig(
        { shops: { kupa: { name: 'Kupa Dünyası' } } },
        {},
        { WEBHOOK_SECRET_KUPA: secret },
      ),
      logger: service.logger,
    });
    expect(part.requests).toHaveLength(1);
    for (const request of part.requests) expect((await service.app.inject(request)).statusCode).toBe(401);
    expect(part.sampleEvents().map((event) => event.type)).toEqual([
      'order.created',
      'order.note_added',
      'order.status_changed',
    ]);
    // The warm-up at start and the refused request left the service's outbox empty.
    expect(await service.engine.messages.list({ limit: 10 })).toEqual([]);
    const accepted = await service.engine.acceptAll(part.sampleEvents());
    expect(accepted.queued.length).toBeGreaterThan(0);
  });
});
