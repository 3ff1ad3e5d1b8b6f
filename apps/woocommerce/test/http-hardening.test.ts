import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  computeWebhookSignature,
  createLogger,
  createService,
  parseServiceConfig,
  type Service,
} from '@x/app-service-kit';
import { openRawConnection, parseRawResponse, readUntilClosed } from '@x/app-service-kit/testing';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { type AcceptUnit, createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wooCommercePlatform } from '../src/woocommerce-platform';
import { type SignedWooDelivery, sampleWooOrder, signWooDelivery } from '../src/woocommerce-samples';

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

/** The WooCommerce service on a free port (SQLite outbox, dispatcher off), with `server` and `storage` settings. */
async function startService(
  server: Record<string, unknown> = {},
  storage: Record<string, unknown> = {},
  store?: OutboxStore,
) {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, ...server },
      storage: { sqliteFile: path.join(folder, 'notifications.db'), ...storage },
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
    ...(store ? { store } : {}),
  });
  running.push(service);
  const { url } = await service.start();
  return { service, url, webhookUrl: `${url}/webhooks/woocommerce/demo` };
}

/** The bytes of a POST of `delivery` to `url`'s path. */
function rawPost(url: string, delivery: SignedWooDelivery): string {
  const { host, pathname } = new URL(url);
  const headers = Object.entries(delivery.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return (
    `POST ${pathname} HTTP/1.1\r\nhost: ${host}\r\n${headers.join('')}` +
    `content-length: ${Buffer.byteLength(delivery.body)}\r\n\r\n${delivery.body}`
  );
}

function order(id: number): SignedWooDelivery {
  return signWooDelivery('order.created', sampleWooOrder({ id, status: 'processing' }), secret, `d-${id}`);
}

/**
 * Blocks this process's event loop (the service accepts and reads nothing meanwhile) until `file` exists: the
 * way to have connections wait in the kernel's queue, as they do behind a stalled or busy loop.
 */
function blockUntilExists(file: string): void {
  const giveUpAt = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (Date.now() > giveUpAt) throw new Error(`${file} never appeared`);
  }
}

interface ClientOutcome {
  status?: number;
  connection?: string;
  error?: string;
}

/**
 * Has a client process open one connection per request and write them all while this process's event loop is
 * blocked, so that they wait in the kernel's queue; `whileQueued` runs with the loop still blocked.
 */
async function sendWhileBlocked(url: string, requests: string[], whileQueued: () => void = () => undefined) {
  const requestsFile = path.join(folder, 'requests.json');
  const writtenFlag = path.join(folder, 'written');
  await writeFile(requestsFile, JSON.stringify(requests));
  const client = fork(fileURLToPath(new URL('./fixtures/send-requests.mjs', import.meta.url)), [
    url,
    requestsFile,
    writtenFlag,
  ]);
  const results = new Promise<ClientOutcome[]>((resolve) =>
    client.once('message', (message) => resolve(message as ClientOutcome[])),
  );
  blockUntilExists(writtenFlag);
  whileQueued();
  return results;
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

describe('WooCommerce service shutdown', () => {
  it('answers every request whose bytes were sent before SIGTERM, even those still queued by the kernel', async () => {
    const { service, webhookUrl, url } = await startService();
    const requests = Array.from({ length: 40 }, (_, index) => rawPost(webhookUrl, order(9000 + index)));
    let stopped: Promise<void> = Promise.resolve();
    const outcomes = await sendWhileBlocked(url, requests, () => {
      stopped = service.stop();
    });
    await stopped;
    expect(outcomes.filter((outcome) => outcome.error !== undefined)).toEqual([]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(40).fill(200));
    expect(outcomes.every((outcome) => outcome.connection === 'close')).toBe(true);
  });

  it('closes idle kept-alive connections at once, and serves a request arriving on an open one', async () => {
    const { service, webhookUrl, url } = await startService();
    const idle = await openRawConnection(url);
    const idleOutcome = readUntilClosed(idle);
    const first = order(9101);
    const answered = new Promise((resolve) => idle.once('data', resolve));
    idle.write(rawPost(webhookUrl, first));
    await answered;

    const open = await openRawConnection(url);
    const openOutcome = readUntilClosed(open);
    const stopped = service.stop();
    open.write(rawPost(webhookUrl, order(9102)));
    const [{ response: late }, { text: idleText }] = await Promise.all([openOutcome, idleOutcome]);
    await stopped;
    expect(idleText).toMatch(/^HTTP\/1\.1 200 /);
    expect(idleText.match(/HTTP\/1\.1/g)).toHaveLength(1);
    expect(late?.statusCode).toBe(200);
    expect(late?.headers.connection).toBe('close');
    expect(JSON.parse(late?.body ?? '')).toMatchObject({ accepted: true, queued: 2 });
  });

  it('answers a request whose body was still arriving at stop with Connection: close, and closes its connection', async () => {
    const { service, webhookUrl, url } = await startService({ shutdownTimeoutMs: 60_000 });
    const socket = await openRawConnection(url);
    const outcome = readUntilClosed(socket);
    let received = '';
    const answered = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (parseRawResponse(received)?.body.endsWith('}')) resolve();
      }),
    );
    const bytes = rawPost(webhookUrl, order(9103));
    const cut = bytes.indexOf('\r\n\r\n') + 20;
    const headersRead = new Promise<void>((resolve) => {
      const watch = () => {
        service.app.server.off('request', watch);
        resolve();
      };
      service.app.server.on('request', watch);
    });
    socket.write(bytes.slice(0, cut));
    await headersRead;
    const stopped = service.stop();
    socket.write(bytes.slice(cut));
    await answered;
    const response = parseRawResponse(received);
    expect(response?.statusCode).toBe(200);
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ accepted: true, queued: 2 });
    // A connection kept alive would hold the stop until its 60-second deadline.
    if (response?.headers.connection !== 'close') socket.destroy();
    expect(response?.headers.connection).toBe('close');
    // The server closes the connection after its answer, and the stop ends without waiting for the client.
    await outcome;
    await stopped;
  });

  it('closes a connection still receiving its request at the shutdown deadline', async () => {
    const { service, url } = await startService({ shutdownTimeoutMs: 300, requestTimeoutMs: 600_000 });
    const slow = await openRawConnection(url);
    const outcome = readUntilClosed(slow);
    slow.write('POST /webhooks/woocommerce/demo HTTP/1.1\r\nhost: t\r\ncontent-length: 100\r\n\r\n{"id"');
    await service.stop();
    const { response } = await outcome;
    expect(response).toBeUndefined();
    expect(slow.destroyed).toBe(true);
  });
});

describe('a burst of new connections', () => {
  it('shares outbox commits, although Node accepts one connection per turn of the event loop', async () => {
    const store = await createSqliteStore({ filename: path.join(folder, 'notifications.db') });
    const batches: number[] = [];
    const acceptBatch = store.acceptBatch.bind(store);
    store.acceptBatch = (units: readonly AcceptUnit[]) => {
      batches.push(units.length);
      return acceptBatch(units);
    };
    // A window far longer than the few turns the 20 queued connections take, so that the count is not a race.
    const { webhookUrl, url } = await startService({}, { groupCommitWindowMs: 100 }, store);
    const requests = Array.from({ length: 20 }, (_, index) => rawPost(webhookUrl, order(9200 + index)));
    const outcomes = await sendWhileBlocked(url, requests);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(20).fill(200));
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(20);
    expect(batches.length).toBeLessThan(5);
  });
});
