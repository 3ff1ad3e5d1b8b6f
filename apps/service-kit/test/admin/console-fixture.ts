import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import type { OrderEvent, OutboxStore } from '@x/order-notifications';
import { acceptEvents } from '../../src/engine-port';
import { captureLog } from '../../src/log-capture';
import { createLogger } from '../../src/logger';
import { configSecrets, createService, type PlatformModule, type Service } from '../../src/service';
import { parseServiceConfig, parseServiceEnv } from '../../src/service-config';
import { computeWebhookSignature, verifyWebhookSignature } from '../../src/signature';

/** The admin token of the console tests. */
export const ADMIN_TOKEN = 'k9P2xQ7vL4mN8rT1wZ5yB3cD6fG0hJ2sA';
/** The webhook secret of shop `demo`. */
export const WEBHOOK_SECRET = 'console-webhook-secret';

/**
 * A platform for the console tests: `POST /webhooks/test/:shop` takes a signed JSON order event, reports the
 * delivery (topic `order.created`) or the refused signature like the real platforms, and declares its endpoint.
 */
export const testPlatform: PlatformModule = {
  name: 'test',
  webhooks: (shopId) => [{ topic: 'order.created', path: `/webhooks/test/${shopId}` }],
  register(app, { engine, config, webhookStats }) {
    app.post<{ Params: { shop: string } }>('/webhooks/test/:shop', async (request, reply) => {
      const { shop } = request.params;
      const secret = config.webhookSecrets[shop];
      const signature = request.headers['x-webhook-signature'];
      if (
        !secret ||
        !request.rawBody ||
        !verifyWebhookSignature(request.rawBody, String(signature), secret)
      ) {
        webhookStats.signatureFailed(shop);
        return reply.code(401).send({ error: { code: 'invalid_signature', message: 'bad signature' } });
      }
      const body = request.body as Omit<OrderEvent, 'occurredAt'> & { occurredAt: string };
      const answer = await acceptEvents(engine, [{ ...body, occurredAt: new Date(body.occurredAt) }], {
        recordStatus: true,
      });
      webhookStats.delivered(shop, 'order.created');
      return answer;
    });
  },
};

/** A new order event of shop `demo`. */
export function orderEvent(orderId: string, phone = '0532 123 45 67'): OrderEvent {
  return {
    type: 'order.created',
    shopId: 'demo',
    occurredAt: new Date('2026-11-20T09:30:00Z'),
    order: {
      id: orderId,
      number: orderId,
      status: 'processing',
      total: '149.90',
      currency: 'TRY',
      items: [],
    },
    customer: { firstName: 'Ayşe', phone },
    status: { to: 'processing' },
    raw: {},
  };
}

/** The headers and body of a signed delivery of an order event to the test platform. */
export function signedDelivery(event: OrderEvent, secret = WEBHOOK_SECRET) {
  const body = JSON.stringify(event);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': computeWebhookSignature(body, secret),
    },
    body,
  };
}

/** A running console service and what the tests look at. */
export interface ConsoleService {
  service: Service;
  url: string;
  sandbox: SandboxProvider;
  /** Every log line written so far. */
  logText(): string;
}

/** Options of {@link startConsoleService}. */
export interface ConsoleServiceOptions {
  folder: string;
  env?: Record<string, string>;
  server?: Record<string, unknown>;
  shop?: Record<string, unknown>;
  store?: OutboxStore;
  postgresSchema?: string;
  sandbox?: SandboxProvider;
}

/**
 * Starts a service with the test platform on a free port: shop `demo` on the sandbox provider, the dispatcher
 * off (tests call `dispatchOnce`), a SQLite outbox in `folder` (or PostgreSQL with `DATABASE_URL` in `env`),
 * logging at debug into memory with the configuration's secrets.
 */
export async function startConsoleService(options: ConsoleServiceOptions): Promise<ConsoleService> {
  const rawEnv = { ADMIN_TOKEN, WEBHOOK_SECRET_DEMO: WEBHOOK_SECRET, ...options.env };
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0, ...options.server },
      storage: {
        sqliteFile: path.join(options.folder, 'notifications.db'),
        ...(options.postgresSchema ? { postgresSchema: options.postgresSchema } : {}),
      },
      dispatcher: { enabled: false },
      shops: {
        demo: { name: 'Demo Mağaza', pricePerSegment: 1, adminPhones: ['0555 000 11 22'], ...options.shop },
      },
    },
    parseServiceEnv(rawEnv),
    rawEnv,
  );
  const log = captureLog();
  const sandbox = options.sandbox ?? createSandboxProvider();
  const service = await createService({
    config,
    platform: testPlatform,
    providers: { sandbox },
    logger: createLogger({ level: 'debug', secrets: configSecrets(config), destination: log.destination }),
    warmUp: false,
    ...(options.store ? { store: options.store } : {}),
  });
  const { url } = await service.start();
  return { service, url, sandbox, logText: log.text };
}

/** A pino log line: its level (30 info, 40 warn, 50 error), its message and its fields. */
export interface LogRecord {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

/** The JSON log lines of a service's log text ({@link ConsoleService.logText}). */
export function logRecords(text: string): LogRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogRecord);
}

/** A temporary folder, removed by the returned function. */
export async function temporaryFolder(): Promise<{ folder: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'console-'));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** A small client of the admin API that keeps the session cookie and CSRF token like the console does. */
export class ConsoleClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  readonly responses: { status: number; headers: Headers; body: string }[] = [];

  constructor(readonly url: string) {}

  /** Sends a request; JSON bodies are serialised; the answer's text is kept for the secret sweep. */
  async request(
    method: string,
    pathname: string,
    options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean; cookie?: boolean } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie !== false && this.cookie) headers.cookie = this.cookie;
    if (options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let body: string | Blob | undefined;
    if (typeof options.body === 'string') body = options.body;
    else if (options.body instanceof Uint8Array) body = new Blob([new Uint8Array(options.body)]);
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${pathname}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    this.responses.push({ status: response.status, headers: response.headers, body: text });
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }

  /** Signs in with `{ token }` or `{ user, password }`, keeping the cookie and the CSRF token. */
  async signIn(credentials: Record<string, string>) {
    const response = await this.request('POST', '/admin/session', {
      body: credentials,
      cookie: false,
      csrf: false,
    });
    const setCookie = response.headers.get('set-cookie');
    if (response.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.csrfToken = response.json().csrfToken;
    }
    return response;
  }
}

/** Polls `check` until it returns a value (at most 10 s), for what the service does in the background. */
export async function waitFor<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached within 10 s');
}

/**
 * Starts a service in a temporary folder and signs a client in with `credentials`; `close` stops the service
 * and removes the folder.
 */
export async function startSignedIn(
  options: Omit<ConsoleServiceOptions, 'folder'>,
  credentials: Record<string, string>,
): Promise<{ started: ConsoleService; client: ConsoleClient; close: () => Promise<void> }> {
  const temporary = await temporaryFolder();
  const started = await startConsoleService({ folder: temporary.folder, ...options });
  const client = new ConsoleClient(started.url);
  const answer = await client.signIn(credentials);
  if (answer.status !== 200) throw new Error(`sign-in refused: ${answer.status}`);
  return {
    started,
    client,
    close: async () => {
      await started.service.stop();
      await temporary.remove();
    },
  };
}
