import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '@x/order-notifications';
import { createOrganik, provider as organikDescriptor, toOrganikTrackId } from '@x/organik';
import { createOrganikFakeServer, listenOrganikFakeServer, type OrganikFakeServer } from '@x/organik/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLog } from '../src/log-capture';
import { createLogger } from '../src/logger';
import { pushedReportIds } from '../src/report-push-route';
import { configSecrets, createService, type Service } from '../src/service';
import { parseServiceConfig } from '../src/service-config';
import { orderCreated } from './fixtures/order-created';

const TOKEN = 'rPt0k3n_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaZ9';

const event = orderCreated('601');

let folder: string;
let organik: OrganikFakeServer;
let service: Service;
let url: string;
let logText: () => string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'report-push-'));
  organik = createOrganikFakeServer();
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      dispatcher: { enabled: false },
      shops: { demo: { name: 'Demo', provider: 'organik' }, other: { name: 'Other', provider: 'organik' } },
    },
    {},
    { WEBHOOK_SECRET_DEMO: 'push-secret-1', WEBHOOK_SECRET_OTHER: 'push-secret-2', REPORT_TOKEN_DEMO: TOKEN },
  );
  const log = captureLog();
  logText = log.text;
  service = await createService({
    config,
    platform: { name: 'test', register() {} },
    providers: {
      organik: createOrganik({ apiKey: organik.apiKey, fetch: organik.fetch, sender: 'ORGANIK' }),
    },
    store: await createSqliteStore({ filename: path.join(folder, 'outbox.db') }),
    logger: createLogger({
      level: 'debug',
      secrets: configSecrets(config, [organik.apiKey]),
      destination: log.destination,
    }),
  });
  url = (await service.start()).url;
});

afterEach(async () => {
  await service.stop();
  await rm(folder, { recursive: true, force: true });
});

/** Queues the order's SMS and sends it through the fake Organik: the message is `sent`. */
async function sentMessage() {
  await service.engine.accept(event);
  await service.engine.dispatchOnce();
  const [message] = await service.engine.messages.list({ shopId: 'demo' });
  expect(message?.status).toBe('sent');
  return message!;
}

function push(pathname: string, body: string, contentType = 'application/json') {
  return fetch(`${url}${pathname}`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function statusNow() {
  return (await service.engine.messages.list({ shopId: 'demo' }))[0]?.status;
}

describe('POST /webhooks/:providerId/reports/:shop/:token', () => {
  it('applies a real push: the provider confirms the delivery', async () => {
    await sentMessage();
    organik.deliverAll(2);
    // The body Organik pushes to its report URL: the message's detailed-report row.
    const body = JSON.stringify(organik.reportRow(organik.messages[0]!));
    const response = await push(`/webhooks/organik/reports/demo/${TOKEN}`, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: true, changed: 1 });
    expect(await statusNow()).toBe('delivered');
  });

  it('refuses a wrong token, shop or provider with the same 404, and changes nothing', async () => {
    await sentMessage();
    organik.deliverAll(2);
    const body = JSON.stringify(organik.reportRow(organik.messages[0]!));
    const lookupsBefore = organik.requests.length;
    for (const pathname of [
      `/webhooks/organik/reports/demo/${TOKEN.slice(0, -1)}x`,
      `/webhooks/organik/reports/demo/${TOKEN}extra`,
      `/webhooks/organik/reports/other/${TOKEN}`,
      `/webhooks/organik/reports/nope/${TOKEN}`,
      `/webhooks/sandbox/reports/demo/${TOKEN}`,
      '/webhooks/organik/reports/demo',
    ]) {
      const response = await push(pathname, body);
      expect(response.status, pathname).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
    }
    expect(organik.requests.length).toBe(lookupsBefore);
    expect(await statusNow()).toBe('sent');
  });

  it('never trusts the body: a forged "delivered" for a message the provider says failed leaves it failed', async () => {
    await sentMessage();
    organik.deliverAll(3);
    const forged = { ...organik.reportRow(organik.messages[0]!), status: 2 };
    const response = await push(`/webhooks/organik/reports/demo/${TOKEN}`, JSON.stringify(forged));
    expect(response.status).toBe(200);
    expect(await statusNow()).toBe('failed');
  });

  it('a forged push for a message still on its way changes nothing', async () => {
    const message = await sentMessage();
    const forged = [
      { gsm_track_id: message.providerMessageId, status: 2, finish_date: '2026-11-20 12:00:00' },
    ];
    const response = await push(`/webhooks/organik/reports/demo/${TOKEN}`, JSON.stringify(forged));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: true, changed: 0 });
    expect(await statusNow()).toBe('sent');
  });

  it('answers 400 to a body that names no id, and 503 when the provider cannot be asked', async () => {
    await sentMessage();
    const empty = await push(
      `/webhooks/organik/reports/demo/${TOKEN}`,
      JSON.stringify({ status: 'delivered' }),
    );
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe('malformed_report');
    organik.failNext('server-error');
    const body = JSON.stringify(organik.reportRow(organik.messages[0]!));
    const failed = await push(`/webhooks/organik/reports/demo/${TOKEN}`, body);
    expect(failed.status).toBe(503);
    expect((await failed.json()).error.code).toBe('report_lookup_failed');
    expect(await statusNow()).toBe('sent');
  });

  it('never logs the token, in any encoding', async () => {
    await sentMessage();
    organik.failNext('server-error');
    await push(
      `/webhooks/organik/reports/demo/${TOKEN}`,
      JSON.stringify(organik.reportRow(organik.messages[0]!)),
    );
    await push(`/webhooks/organik/reports/demo/${TOKEN}`, '{not json');
    await push(`/webhooks/organik/reports/demo/${TOKEN}`, 'x'.repeat(70_000));
    const text = logText();
    expect(text).toContain('pushed report');
    for (const encoded of [TOKEN, encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString('base64')]) {
      expect(text).not.toContain(encoded);
    }
  });
});

describe('pushedReportIds', () => {
  it('keeps only bounded, well-formed ids of the known fields, from rows, lists, wrappers and forms', () => {
    expect(
      pushedReportIds({
        data: [
          {
            gsm_track_id: '16502030-4730-63032793',
            transaction_id: 16502030,
            delivery_track_id: '42',
            status: 2,
          },
          { message_id: 'a b', batch_id: 2 ** 60, reference: 'ok-1' },
        ],
      }),
    ).toEqual({
      providerMessageIds: ['16502030-4730-63032793'],
      providerBatchIds: ['16502030'],
      references: ['42', 'ok-1'],
    });
    expect(pushedReportIds(Buffer.from('gsm_track_id=7&status=2'))).toEqual({ providerMessageIds: ['7'] });
    const many = Array.from({ length: 500 }, (_, index) => ({ gsm_track_id: String(index) }));
    expect(pushedReportIds(many).providerMessageIds).toHaveLength(100);
    let deep: unknown = { gsm_track_id: 'deep' };
    for (let level = 0; level < 50; level++) deep = { nested: deep };
    expect(pushedReportIds(deep)).toEqual({});
    // Raw bytes holding JSON are parsed unless nested deeper than the server's JSON bodies may be.
    expect(pushedReportIds(Buffer.from('{"gsm_track_id":"9"}'))).toEqual({ providerMessageIds: ['9'] });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const brackets = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      expect(pushedReportIds(Buffer.from(brackets))).toEqual({});
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

describe('a provider told where to push (server.publicUrl)', () => {
  it("gives the registry's Organik the shop's report route as report_url, and a push there settles the message", async () => {
    const fake = createOrganikFakeServer();
    const listening = await listenOrganikFakeServer(fake);
    const publicUrl = 'https://sms.magaza.example';
    const config = parseServiceConfig(
      {
        server: { host: '127.0.0.1', port: 0, publicUrl },
        dispatcher: { enabled: false },
        shops: {
          demo: {
            name: 'Demo',
            provider: { id: 'organik', options: { baseUrl: listening.url, sender: 'ORGANIK' } },
          },
          other: {
            name: 'Other',
            provider: { id: 'organik', options: { baseUrl: listening.url, sender: 'ORGANIK' } },
          },
        },
      },
      {},
      {
        WEBHOOK_SECRET_DEMO: 'push-secret-1',
        WEBHOOK_SECRET_OTHER: 'push-secret-2',
        REPORT_TOKEN_DEMO: TOKEN,
        ORGANIK_API_KEY: fake.apiKey,
      },
    );
    const registered = await createService({
      config,
      platform: { name: 'test', register() {} },
      builtInProviders: [organikDescriptor],
      store: await createSqliteStore({ filename: path.join(folder, 'registry.db') }),
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const base = (await registered.start()).url;
      for (const shopId of ['demo', 'other']) {
        await registered.engine.accept({ ...orderCreated('602'), shopId });
      }
      await registered.engine.dispatchOnce();
      const sends = fake.requests.filter((request) => request.requestName === 'sendsms');
      expect(sends).toHaveLength(2);
      type SendData = { deliveries: { options: { report_url?: string } }[] };
      const reportUrls = sends.map((request) => (request.data as SendData).deliveries[0]?.options.report_url);
      // Only the shop with a report token has a route to push to.
      expect(reportUrls).toContain(`${publicUrl}/webhooks/organik/reports/demo/${TOKEN}`);
      expect(reportUrls).toContain(undefined);

      const [message] = await registered.engine.messages.list({ shopId: 'demo' });
      const row = fake.messages.find((sent) => sent.trackId === toOrganikTrackId(message!.id));
      expect(row).toBeDefined();
      fake.deliverAll(2);
      const pushed = await fetch(`${base}/webhooks/organik/reports/demo/${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fake.reportRow(row!)),
      });
      expect(pushed.status).toBe(200);
      expect((await registered.engine.messages.list({ shopId: 'demo' }))[0]?.status).toBe('delivered');
      expect((await registered.engine.messages.list({ shopId: 'other' }))[0]?.status).toBe('sent');
    } finally {
      await registered.stop();
      await listening.close();
    }
  });
});
