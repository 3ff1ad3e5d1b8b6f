/**
 * The demo's service and webhook deliveries, shared by `demo.ts` and the console's browser tests: a WooCommerce
 * service on a free local port with a SQLite outbox in a folder and the sandbox provider, and the signed sample
 * deliveries of a shop's day.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  createLogger,
  createService,
  parseServiceConfig,
  parseServiceEnv,
  type Service,
} from '@x/app-service-kit';
import type { ProviderDescriptorV1 } from '@x/messaging-core';
import { createSandboxProvider, type SandboxProvider } from '@x/messaging-core/sandbox';
import type { NotificationEngine } from '@x/order-notifications';
import { wooCommercePlatform } from './woocommerce-platform';
import {
  sampleWooCustomer,
  sampleWooCustomerNote,
  sampleWooOrder,
  signWooDelivery,
} from './woocommerce-samples';

/** The demo shop's id. */
export const DEMO_SHOP = 'demo';

/** Options of {@link startDemoService}. */
export interface DemoServiceOptions {
  /** The folder of the SQLite outbox. */
  folder: string;
  /** The admin token (the console's sign-in); generated when absent. */
  adminToken?: string;
  /** The port (default 0, a free one). */
  port?: number;
  /** Settings of the demo shop that replace the demo's (`transliterate`...). */
  shop?: Record<string, unknown>;
  /**
   * More shops beside the demo shop, by id: their settings (the sandbox provider and the demo's sender unless
   * given); their webhooks are signed with the demo shop's secret.
   */
  otherShops?: Record<string, Record<string, unknown>>;
  /** Settings of the dispatcher that replace the demo's (`maxAttempts`...). */
  dispatcher?: Record<string, unknown>;
  /** The log level (default `error`). */
  logLevel?: string;
  /** More environment variables of the service and the platform (a voice shop's credentials). */
  env?: Record<string, string>;
  /** Provider descriptors shops may name by id (the voice shop's `bulutfon`). */
  builtInProviders?: readonly ProviderDescriptorV1[];
}

/** A started demo service. */
export interface DemoService {
  service: Service;
  sandbox: SandboxProvider;
  /** The service's base URL. */
  url: string;
  /** The demo shop's webhook URL. */
  webhookUrl: string;
  /** The demo shop's webhook secret. */
  secret: string;
  /** The admin token. */
  adminToken: string;
}

/**
 * Starts the demo's WooCommerce service: SQLite outbox in `folder`, the sandbox provider (it delivers what it
 * accepts), one shop `demo` with an admin phone, a random webhook secret and admin token.
 * @param options - folder, and what tests change
 */
export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  const secret = randomBytes(18).toString('base64url');
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: options.port ?? 0 },
      storage: { sqliteFile: path.join(options.folder, 'notifications.db') },
      dispatcher: { pollIntervalMs: 50, deliveryReportIntervalMs: 0, ...options.dispatcher },
      shops: {
        [DEMO_SHOP]: {
          name: 'Demo Mağaza',
          provider: 'sandbox',
          sender: 'DEMOMAGAZA',
          pricePerSegment: 1,
          adminPhones: ['0532 000 00 01'],
          ...options.shop,
        },
        ...Object.fromEntries(
          Object.entries(options.otherShops ?? {}).map(([id, shop]) => [
            id,
            { provider: 'sandbox', sender: 'DEMOMAGAZA', webhookSecretEnv: 'WEBHOOK_SECRET_DEMO', ...shop },
          ]),
        ),
      },
    },
    parseServiceEnv({ ADMIN_TOKEN: adminToken }),
    { WEBHOOK_SECRET_DEMO: secret, ...options.env },
  );
  const sandbox = createSandboxProvider({ autoDeliver: true, senders: ['DEMOMAGAZA'] });
  const service = await createService({
    config,
    platform: wooCommercePlatform(options.env ? { env: options.env } : {}),
    providers: { sandbox },
    ...(options.builtInProviders ? { builtInProviders: options.builtInProviders } : {}),
    logger: createLogger({
      level: options.logLevel ?? process.env.LOG_LEVEL ?? 'error',
      secrets: [secret, adminToken, ...Object.values(options.env ?? {})],
    }),
  });
  const { url } = await service.start();
  return {
    service,
    sandbox,
    url,
    webhookUrl: `${url}/webhooks/woocommerce/${DEMO_SHOP}`,
    secret,
    adminToken,
  };
}

/** One webhook delivery of the demo. */
export interface DemoStep {
  label: string;
  topic: string;
  payload: unknown;
  deliveryId?: string;
  signWith?: string;
}

/** The demo's deliveries, in order: orders, duplicates, a note, an unusable phone, a customer, a forgery. */
export function demoSteps(): DemoStep[] {
  const ayse = { firstName: 'Ayşe', lastName: 'Yılmaz', phone: '0532 123 45 67' };
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 9, 30 + minutes));
  // Delivered twice, with the same payload, as WooCommerce does when an answer is lost.
  const mehmet = sampleWooOrder({
    id: 1002,
    status: 'processing',
    firstName: 'Mehmet',
    lastName: 'Öztürk',
    phone: '+90 (555) 765 43 21',
    total: '349.90',
  });
  return [
    {
      label: 'new order #1001 (pending payment)',
      topic: 'order.created',
      payload: sampleWooOrder({ id: 1001, status: 'pending', ...ayse }),
    },
    {
      label: '#1001 paid: pending -> processing',
      topic: 'order.updated',
      payload: sampleWooOrder({ id: 1001, status: 'processing', ...ayse, modifiedAt: at(5) }),
      deliveryId: 'd-1001-processing',
    },
    {
      label: 'duplicate delivery of the same update',
      topic: 'order.updated',
      payload: sampleWooOrder({ id: 1001, status: 'processing', ...ayse, modifiedAt: at(5) }),
      deliveryId: 'd-1001-processing-retry',
    },
    {
      label: '#1001 customer note',
      topic: 'action.woocommerce_new_customer_note',
      payload: sampleWooCustomerNote(1001, 'Siparişiniz paketlendi, yarın kargoya verilecek.'),
    },
    {
      label: '#1001 shipped with tracking, -> completed',
      topic: 'order.updated',
      payload: sampleWooOrder({
        id: 1001,
        status: 'completed',
        ...ayse,
        trackingNumber: 'YK7845120396',
        modifiedAt: at(60),
      }),
    },
    { label: 'new order #1002 (+90 (555) ... notation)', topic: 'order.created', payload: mehmet },
    { label: 'duplicate delivery of order #1002', topic: 'order.created', payload: mehmet },
    {
      label: 'new order #1003 with an unusable phone',
      topic: 'order.created',
      payload: sampleWooOrder({
        id: 1003,
        status: 'processing',
        firstName: 'Can',
        lastName: 'Demir',
        phone: '0212 55',
      }),
    },
    {
      label: 'new customer account',
      topic: 'customer.created',
      payload: sampleWooCustomer({ id: 42, firstName: 'Zeynep', lastName: 'Kaya', phone: '0 533 444 55 66' }),
    },
    {
      label: 'forged delivery (wrong secret)',
      topic: 'order.updated',
      payload: sampleWooOrder({ id: 1002, status: 'cancelled' }),
      signWith: 'not-the-shop-secret',
    },
  ];
}

/**
 * Sends the creation ping and every step's delivery over HTTP, signed with the shop's secret (or the step's
 * forged one).
 * @param webhookUrl - the shop's webhook URL
 * @param secret - the shop's webhook secret
 * @returns the table rows of the answers and of what was skipped
 */
export async function deliverDemoSteps(
  webhookUrl: string,
  secret: string,
): Promise<{ deliveries: string[][]; skippedRows: string[][] }> {
  const ping = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'webhook_id=7',
  });
  const deliveries: string[][] = [['webhook creation ping', '-', String(ping.status), '']];
  const skippedRows: string[][] = [];
  let index = 0;
  for (const step of demoSteps()) {
    index += 1;
    const delivery = signWooDelivery(
      step.topic,
      step.payload,
      step.signWith ?? secret,
      step.deliveryId ?? `d-${index}`,
    );
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    const answer = (await response.json()) as Record<string, unknown>;
    const summary =
      response.ok && 'queued' in answer
        ? `queued ${answer.queued}, duplicates ${answer.duplicates}, skipped ${answer.skipped}`
        : String((answer.error as { code?: string } | undefined)?.code ?? '');
    deliveries.push([step.label, step.topic, String(response.status), summary]);
    for (const skip of (answer.skips as { role: string; reason: string; recipient?: string }[] | undefined) ??
      []) {
      skippedRows.push([step.label, skip.role, skip.recipient ?? '-', skip.reason]);
    }
  }
  return { deliveries, skippedRows };
}

/**
 * Waits until the dispatcher has handled every queued message of a shop (20 s at the most).
 * @param engine - the service's engine
 * @param shopId - the shop (the demo shop by default)
 */
export async function dispatched(engine: NotificationEngine, shopId = DEMO_SHOP): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const counts = await engine.messages.counts({ shopId });
    if (counts.queued === 0 && counts.sending === 0) return;
    if (Date.now() > deadline) throw new Error('The dispatcher did not finish within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
