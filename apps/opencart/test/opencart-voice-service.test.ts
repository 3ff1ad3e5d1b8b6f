import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseServiceConfig, type Service } from '@x/app-service-kit';
import {
  readRequestText,
  startVoiceTestService,
  voiceJobsSettled,
  waitForCondition,
} from '@x/app-service-kit/testing';
import { provider as bulutfon } from '@x/bulutfon';
import { type BulutfonVoiceFake, bulutfonVoiceSettings, startBulutfonVoiceFake } from '@x/bulutfon/testing';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCartPlatform } from '../src/opencart-platform';
import { sampleOpenCartHistoryEvent, signOpenCartDelivery } from '../src/opencart-samples';
import { hasPhp } from './php-cli';

/*
 * A cash-on-delivery OpenCart order confirmed by a (fake) Bulutfon call, through the real HTTP service, written
 * back through the extension's signed route: a fake store serves the route by running the extension's PHP
 * (php-cli, test/php/run-write-back.php) on each request, keeping its orders, history and applied job ids.
 * Skipped where no PHP CLI is installed.
 */

const run = promisify(execFile);
const harness = path.join(import.meta.dirname, 'php', 'run-write-back.php');
const SECRET = 'opencart-voice-secret';
const HOOK = { username: 'santral', password: 'hook-password-123' };
const CUSTOMER = '0532 123 45 67';

interface HistoryEntry {
  order_id: number;
  order_status_id: number;
  comment: string;
  notify: boolean;
}

/** The fake store: the extension's route in PHP over the state kept here. */
interface FakeStore {
  url: string;
  history: HistoryEntry[];
  /** The answers the route gave, in order. */
  answers: { status: number; result: string }[];
  /** Answers the next request with 500 after the route applied it (the answer is lost on the way back). */
  loseNextAnswer: boolean;
  /** Statuses the next requests are answered with before they reach the route (one a request). */
  failures: number[];
  /** How many requests the store received, answered by the route or not. */
  received: number;
  server: Server;
}

async function startStore(folder: string): Promise<FakeStore> {
  const orders: Record<string, { order_id: number; order_status_id: number }> = {
    '4001': { order_id: 4001, order_status_id: 1 },
  };
  let applied: string[] = [];
  const store = {
    history: [],
    answers: [],
    loseNextAnswer: false,
    failures: [],
    received: 0,
  } as unknown as FakeStore;
  store.server = createServer(async (request, response) => {
    const body = await readRequestText(request);
    store.received += 1;
    const failure = store.failures.shift();
    if (failure !== undefined) {
      response.statusCode = failure;
      response.end(JSON.stringify({ result: 'refused' }));
      return;
    }
    const fixture = path.join(folder, `store-${Math.random()}.json`);
    await writeFile(
      fixture,
      JSON.stringify({
        config: { module_x_messaging_status: 1, module_x_messaging_secret: SECRET },
        orders,
        statuses: [1, 2, 7],
        applied,
        body,
        signature: String(request.headers['x-webhook-signature'] ?? ''),
      }),
    );
    const { stdout } = await run('php', [harness, fixture], { timeout: 20_000 });
    const result = JSON.parse(stdout) as {
      status: number;
      answer: { result: string };
      history: HistoryEntry[];
      applied: string[];
    };
    applied = result.applied;
    for (const entry of result.history) {
      store.history.push(entry);
      orders[String(entry.order_id)]!.order_status_id = entry.order_status_id;
    }
    store.answers.push({ status: result.status, result: result.answer.result });
    const lost = store.loseNextAnswer;
    store.loseNextAnswer = false;
    response.statusCode = lost ? 500 : result.status;
    response.end(JSON.stringify(result.answer));
  });
  await new Promise<void>((resolve) => store.server.listen(0, '127.0.0.1', resolve));
  store.url = `http://127.0.0.1:${(store.server.address() as AddressInfo).port}/shop`;
  return store;
}

let folder: string;
let voiceFake: BulutfonVoiceFake;
let store: FakeStore;
const services: Service[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-voice-'));
  voiceFake = await startBulutfonVoiceFake({ shopId: 'kupa', credentials: HOOK });
  store = await startStore(folder);
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
  await voiceFake.listener.close();
  await new Promise<void>((resolve) => store.server.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

async function startService(shop: Record<string, unknown> = { storeUrl: store.url }) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db'), sqliteSynchronous: 'normal' },
      dispatcher: { pollIntervalMs: 20, deliveryReportIntervalMs: 0 },
      shops: {
        kupa: {
          name: 'Kupa Dünyası',
          provider: 'sandbox',
          voice: bulutfonVoiceSettings(voiceFake.listener.url),
          ...shop,
        },
      },
    },
    {},
    {
      WEBHOOK_SECRET_KUPA: SECRET,
      BULUTFON_TOKEN: voiceFake.fake.token,
      VOICE_WEBHOOK_USER_KUPA: HOOK.username,
      VOICE_WEBHOOK_PASSWORD_KUPA: HOOK.password,
    },
  );
  return startVoiceTestService(
    {
      config,
      platform: openCartPlatform(),
      providers: { sandbox: createSandboxProvider({ autoDeliver: true }) },
      builtInProviders: [bulutfon],
    },
    { services, targets: voiceFake.targets },
  );
}

/** The extension's event for a new COD order (status 0 → pending). */
async function placeCodOrder(url: string, orderId: number) {
  const event = sampleOpenCartHistoryEvent({ orderId, oldStatusId: 0, newStatusId: 1, telephone: CUSTOMER });
  event.order.payment_method = { name: 'Kapıda Ödeme', code: 'cod.cod' };
  const delivery = signOpenCartDelivery(event, SECRET);
  const response = await fetch(`${url}/webhooks/opencart/kupa`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  expect(response.status).toBe(200);
}

/**
 * Places a COD order (delivered `deliveries` times), confirms it by key 1 and waits for the call and the
 * write-back to settle; returns the write-back job.
 */
async function confirmedOrder(deliveries = 1) {
  const { service, url } = await startService();
  for (let delivery = 0; delivery < deliveries; delivery++) await placeCodOrder(url, 4001);
  await waitForCondition('call placed', async () => {
    const [job] = await service.engine.voice.jobs({ kind: 'cod-call' });
    return job?.state.phase === 'waiting';
  });
  await voiceFake.fake.dialCalls();
  await voiceJobsSettled(service, 'cod-call');
  await voiceJobsSettled(service, 'write-back');
  const [job] = await service.engine.voice.jobs({ kind: 'write-back' });
  return job!;
}

describe.skipIf(!hasPhp())('OpenCart cash-on-delivery confirmation calls through the service', () => {
  it('key 1 writes one note and one status through the signed route, even when the first answer is lost', async () => {
    store.loseNextAnswer = true;
    const writeBack = await confirmedOrder(2);
    expect(voiceFake.fake.placedCalls).toHaveLength(1);
    expect(writeBack.status).toBe('done');
    // The note was applied, its answer lost, the retry found it applied; then the status.
    expect(store.answers.map((answer) => answer.result)).toEqual(['applied', 'already_applied', 'applied']);
    expect(store.history).toHaveLength(2);
    expect(store.history[0]).toMatchObject({ order_id: 4001, order_status_id: 1, notify: false });
    expect(store.history[0]?.comment).toMatch(/^Telefonla onaylandı, tuş 1, /);
    expect(store.history[1]).toEqual({ order_id: 4001, order_status_id: 2, comment: '', notify: false });
  });

  it.each([401, 403])('a write-back refused with %i fails at once, without a retry', async (status) => {
    store.failures = [status];
    const job = await confirmedOrder();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.lastError).toContain(`HTTP ${status}`);
    expect(job.lastError).not.toContain(SECRET);
    expect(store.received).toBe(1);
    expect(store.history).toEqual([]);
  });

  it('a 503 is retried, and the note and status are applied once', async () => {
    store.failures = [503];
    const job = await confirmedOrder();
    expect(job.status).toBe('done');
    expect(job.attempts).toBeGreaterThan(1);
    expect(store.received).toBe(3);
    expect(store.answers.map((answer) => answer.result)).toEqual(['applied', 'applied']);
    expect(store.history.map((entry) => entry.order_status_id)).toEqual([1, 2]);
  });

  it('refuses to start a shop that confirms COD orders by phone without a storeUrl, naming the setting', async () => {
    await expect(startService({})).rejects.toThrow(/shops\.kupa\.storeUrl/);
  });
});
