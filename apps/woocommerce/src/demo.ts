#!/usr/bin/env node
/**
 * The project's main job, end to end on one machine: starts the WooCommerce service (SQLite outbox in a
 * temporary folder, sandbox provider), posts signed sample WooCommerce webhooks to it over real HTTP, waits for
 * the dispatcher, prints the SMS the sandbox received and what was skipped, then shuts down.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, createService, parseServiceConfig, parseServiceEnv } from '@x/app-service-kit';
import { maskPhoneNumber } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import type { NotificationEngine } from '@x/order-notifications';
import { wooCommercePlatform } from './woocommerce-platform';
import {
  sampleWooCustomer,
  sampleWooCustomerNote,
  sampleWooOrder,
  signWooDelivery,
} from './woocommerce-samples';

const SHOP = 'demo';

interface Step {
  label: string;
  topic: string;
  payload: unknown;
  deliveryId?: string;
  signWith?: string;
}

function steps(): Step[] {
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

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Sends the ping and every step's delivery; returns the table rows of the answers and of what was skipped. */
async function deliverSteps(
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
  for (const step of steps()) {
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

/** Waits until the dispatcher has sent every queued message (20 s at the most). */
async function dispatched(engine: NotificationEngine): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const counts = await engine.messages.counts({ shopId: SHOP });
    if (counts.queued === 0 && counts.sending === 0) return;
    if (Date.now() > deadline) throw new Error('The dispatcher did not finish within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-demo-'));
  const secret = randomBytes(18).toString('base64url');
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db') },
      dispatcher: { pollIntervalMs: 50, deliveryReportIntervalMs: 0 },
      shops: {
        [SHOP]: {
          name: 'Demo Mağaza',
          provider: 'sandbox',
          sender: 'DEMOMAGAZA',
          pricePerSegment: 1,
          adminPhones: ['0532 000 00 01'],
        },
      },
    },
    parseServiceEnv({}),
    { WEBHOOK_SECRET_DEMO: secret },
  );
  const sandbox = createSandboxProvider({ autoDeliver: true, senders: ['DEMOMAGAZA'] });
  const service = await createService({
    config,
    platform: wooCommercePlatform(),
    providers: { sandbox },
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'error', secrets: [secret] }),
  });
  try {
    const { url } = await service.start();
    console.log(`WooCommerce service listening on ${url} (SQLite outbox in ${folder}, sandbox provider)\n`);
    const { deliveries, skippedRows } = await deliverSteps(`${url}/webhooks/woocommerce/${SHOP}`, secret);
    console.log(table(['delivery', 'topic', 'HTTP', 'result'], deliveries));

    await dispatched(service.engine);

    const outbox = await service.engine.messages.list({ shopId: SHOP, limit: 1000 });
    const byId = new Map(outbox.map((message) => [message.id, message]));
    const received = [...sandbox.sent].sort(
      (left, right) => left.acceptedAt.getTime() - right.acceptedAt.getTime(),
    );
    console.log(`\nSMS received by the sandbox (${received.length}):\n`);
    console.log(
      table(
        ['to', 'event', 'role', 'type', 'seg', 'cost', 'text'],
        received.map((message) => {
          const stored = message.reference ? byId.get(message.reference) : undefined;
          return [
            maskPhoneNumber(message.to),
            stored?.eventType ?? '?',
            stored?.role ?? '?',
            message.type,
            String(message.segments),
            String(stored?.credits ?? message.segments),
            message.text,
          ];
        }),
      ),
    );
    console.log(`\nNot sent, and why (${skippedRows.length}):\n`);
    console.log(table(['delivery', 'role', 'to', 'reason'], skippedRows));
    const costs = await service.engine.messages.costTotals({ shopId: SHOP });
    console.log(
      `\nTotal: ${received.length} SMS, ${costs.segments} segments, ${costs.credits ?? costs.segments} credits.`,
    );
  } finally {
    await service.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? `demo failed: ${error.message}` : error);
    process.exit(1);
  },
);
