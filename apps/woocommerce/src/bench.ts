#!/usr/bin/env node
/**
 * `pnpm bench`: the WooCommerce service (SQLite outbox, dispatcher running) under signed webhook load while
 * the provider takes 2 s per send. The load comes from a separate process (bench-load) over keep-alive
 * connections. Reports accepted webhooks per second and p50/p99 response times, median of several runs.
 *
 * Settings (environment): BENCH_RUNS (3), BENCH_DURATION_MS (5000), BENCH_CONNECTIONS (32),
 * BENCH_SEND_DELAY_MS (2000), BENCH_SQLITE_SYNCHRONOUS (full), BENCH_DISPATCHER (1; 0 measures accepting alone).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createService, parseServiceConfig } from '@x/app-service-kit';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import type { LoadReport, LoadRequest } from './bench-load';
import { wooCommercePlatform } from './woocommerce-platform';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const sendDelayMs = Number(process.env.BENCH_SEND_DELAY_MS ?? 2000);
const synchronous = process.env.BENCH_SQLITE_SYNCHRONOUS === 'normal' ? 'normal' : 'full';

/** A provider that answers after `delayMs`, like a slow SMS gateway. */
function slowProvider(delayMs: number): SmsProviderV1 {
  const sandbox = createSandboxProvider({ balance: 10_000_000 });
  return {
    specificationVersion: 'v1',
    providerId: sandbox.providerId,
    capabilities: sandbox.capabilities,
    async sendSms(request, options) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return sandbox.sendSms(request, options);
    },
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function load(request: LoadRequest): Promise<LoadReport> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-load.js');
  const child = fork(script, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoadReport));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with code ${code}`));
    });
    child.send(request);
  });
}

async function runOnce(run: number) {
  const folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-bench-'));
  const secret = randomBytes(18).toString('base64url');
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: path.join(folder, 'notifications.db'), sqliteSynchronous: synchronous },
      dispatcher: {
        enabled: process.env.BENCH_DISPATCHER !== '0',
        concurrency: 16,
        pollIntervalMs: 200,
        ratePerSecond: 1000,
        deliveryReportIntervalMs: 0,
      },
      shops: { bench: { name: 'Bench Mağaza', provider: 'sandbox' } },
    },
    {},
    { WEBHOOK_SECRET_BENCH: secret },
  );
  const service = await createService({
    config,
    platform: wooCommercePlatform(),
    providers: { sandbox: slowProvider(sendDelayMs) },
    logger: createLogger({ level: 'warn' }),
  });
  const { url } = await service.start();
  const cpuBefore = process.cpuUsage();
  try {
    const report = await load({
      url: `${url}/webhooks/woocommerce/bench`,
      secret,
      connections,
      durationMs,
      warmupMs: 1000,
      maxRequests: Math.ceil(((durationMs + 1000) / 1000) * 8000),
      firstOrderId: 100_000 + run * 1_000_000,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const counts = await service.engine.messages.counts({ shopId: 'bench' });
    const messages = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const sorted = report.latenciesMs.sort((left, right) => left - right);
    return {
      acceptedPerSecond: report.accepted / (report.elapsedMs / 1000),
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      failed: report.failed,
      statusCodes: report.statusCodes,
      outbox: counts,
      cpuMsPerWebhook: (cpu.user + cpu.system) / 1000 / Math.max(1, messages),
      loadCpuMsPerRequest: report.cpuMs / Math.max(1, report.sent),
      loadCpuShare: report.cpuMs / report.elapsedMs,
    };
  } finally {
    await service.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `WooCommerce service bench: ${runs} runs x ${durationMs} ms, ${connections} keep-alive connections, ` +
      `provider ${sendDelayMs} ms per send, SQLite synchronous=${synchronous}, ${cpus().length} CPUs, Node ${process.version}\n`,
  );
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const result = await runOnce(run);
    results.push(result);
    const sending = result.outbox.sending ?? 0;
    const sent = (result.outbox.sent ?? 0) + (result.outbox.delivered ?? 0);
    console.log(
      `run ${run + 1}: ${result.acceptedPerSecond.toFixed(0)} accepted/s, p50 ${result.p50.toFixed(2)} ms, ` +
        `p99 ${result.p99.toFixed(2)} ms, failed ${result.failed}; outbox at the end: queued ${result.outbox.queued}, ` +
        `sending ${sending}, sent ${sent}; service CPU ${result.cpuMsPerWebhook.toFixed(3)} ms per webhook; load generator CPU ` +
        `${result.loadCpuMsPerRequest.toFixed(3)} ms per request (${(result.loadCpuShare * 100).toFixed(0)}% of one core)`,
    );
  }
  const rate = median(results.map((result) => result.acceptedPerSecond));
  const p50 = median(results.map((result) => result.p50));
  const p99 = median(results.map((result) => result.p99));
  console.log('\n| metric (median of runs) | value | target |');
  console.log('| --- | --- | --- |');
  console.log(`| accepted webhooks/s | ${rate.toFixed(0)} | >= 2000 (${(rate / 2000).toFixed(2)}x) |`);
  console.log(`| p50 response | ${p50.toFixed(2)} ms | |`);
  console.log(`| p99 response | ${p99.toFixed(2)} ms | < 25 ms (${(p99 / 25).toFixed(2)}x of budget) |`);
  const cpuMs = median(results.map((result) => result.cpuMsPerWebhook));
  console.log(
    `| service CPU per webhook (HTTP + signature + mapping + one group-committed SQLite write + dispatch) | ${cpuMs.toFixed(3)} ms | |`,
  );
  const loadCpu = median(results.map((result) => result.loadCpuMsPerRequest));
  const loadShare = median(results.map((result) => result.loadCpuShare));
  console.log(
    `| load generator CPU per request (separate process) | ${loadCpu.toFixed(3)} ms (${(loadShare * 100).toFixed(0)}% of one core) | |`,
  );
  console.log(`| implied capacity of one free core | ${(1000 / cpuMs).toFixed(0)} webhooks/s | |`);
  console.log(
    `\nload average at the end: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
