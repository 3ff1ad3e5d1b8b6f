#!/usr/bin/env node
/**
 * The project's main job, end to end on one machine: starts the WooCommerce service (SQLite outbox in a
 * temporary folder, sandbox provider), posts signed sample WooCommerce webhooks to it over real HTTP, waits for
 * the dispatcher, prints the SMS the sandbox received and what was skipped, then shuts down. With `--keep` the
 * service stays up afterwards and the admin console's URL and sign-in token are printed; Ctrl-C stops it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { maskPhoneNumber } from '@x/messaging-core';
import { DEMO_SHOP, type DemoService, deliverDemoSteps, dispatched, startDemoService } from './demo-steps';
import { runVoiceDemo } from './demo-voice';

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

/** Prints the SMS the sandbox received, what was skipped and the totals. */
async function report(demo: DemoService, skippedRows: string[][]): Promise<void> {
  const { service, sandbox } = demo;
  const outbox = await service.engine.messages.list({ shopId: DEMO_SHOP, limit: 1000 });
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
  const costs = await service.engine.messages.costTotals({ shopId: DEMO_SHOP });
  console.log(
    `\nTotal: ${received.length} SMS, ${costs.segments} segments, ${costs.credits ?? costs.segments} credits.`,
  );
}

/** Runs the voice part (a cash-on-delivery order confirmed by a fake call, a missed call) and prints it. */
async function reportVoice(folder: string): Promise<void> {
  const voice = await runVoiceDemo(folder);
  console.log(
    '\nVoice (fake Bulutfon PBX): a cash-on-delivery order confirmed by phone, a missed call answered\n',
  );
  console.log(table(['delivery', 'topic', 'HTTP', 'result'], voice.deliveries));
  console.log(`\nCall events received from the PBX (${voice.calls.length}):\n`);
  console.log(table(['event', 'direction', 'from', 'to', 'call', 'order'], voice.calls));
  console.log(`\nWritten back to WooCommerce (${voice.writeBacks.length}):\n`);
  console.log(table(['method', 'path', 'body'], voice.writeBacks));
  console.log(`\nMissed-call SMS (${voice.sms.length}):\n`);
  console.log(table(['to', 'text'], voice.sms));
}

/** Resolves at the first SIGINT or SIGTERM. */
function interrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function main(keep: boolean): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-demo-'));
  const port = keep && process.env.PORT ? Number(process.env.PORT) : 0;
  let demo: DemoService | undefined;
  try {
    demo = await startDemoService({ folder, port });
    console.log(
      `WooCommerce service listening on ${demo.url} (SQLite outbox in ${folder}, sandbox provider)\n`,
    );
    const { deliveries, skippedRows } = await deliverDemoSteps(demo.webhookUrl, demo.secret);
    console.log(table(['delivery', 'topic', 'HTTP', 'result'], deliveries));
    await dispatched(demo.service.engine);
    await report(demo, skippedRows);
    await reportVoice(path.join(folder, 'voice'));
    if (keep) {
      console.log(`\nThe service keeps running. Admin console: ${demo.url}/admin/`);
      console.log(`Sign in with the admin token: ${demo.adminToken}`);
      console.log('Press Ctrl-C to stop.');
      const signal = await interrupted();
      console.log(`\n${signal}: stopping the service`);
    }
  } finally {
    await demo?.service.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

main(process.argv.includes('--keep')).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? `demo failed: ${error.message}` : error);
    process.exit(1);
  },
);
