#!/usr/bin/env node
/**
 * `pnpm bench`: the WooCommerce service (SQLite outbox, dispatcher running, a provider that takes 2 s per send)
 * in its own process, driven by a separate load-generator process, in two scenarios:
 * - keep-alive: signed webhooks over keep-alive connections for a few seconds; accepted webhooks per second
 *   and p50/p99 response times, median of several runs;
 * - burst: on a freshly started service process, many new connections opened at once, each posting one signed
 *   webhook; p50/p99 of the first response, the longest event-loop stall of the service meanwhile, the outbox
 *   commits that wrote the burst and the CPU of both processes, median of several runs (a new service process
 *   each, warmed up by its start), each beside two references warmed up the same way: the service's HTTP layer
 *   with a webhook route that does nothing, and a bare Node server;
 * - large: on a freshly started service, five `order.created` webhooks of 10,000 order lines each (about 1 MB,
 *   under the 1 MiB body limit), one after another; the longest event-loop stall of the service meanwhile (the
 *   bound is 50 ms) and its CPU per webhook.
 *
 * Settings (environment): BENCH_RUNS (3), BENCH_DURATION_MS (5000), BENCH_CONNECTIONS (32),
 * BENCH_SEND_DELAY_MS (2000), BENCH_SQLITE_SYNCHRONOUS (full), BENCH_DISPATCHER (1; 0 measures accepting alone),
 * BENCH_BURST_RUNS (5), BENCH_BURST_CONNECTIONS (200), BENCH_GROUP_COMMIT_WINDOW_MS (the configuration's default),
 * BENCH_LARGE_RUNS (3), BENCH_WARM_UP_CONNECTIONS (200, the service's default: the new loopback connections that
 * warm the service, and the references, up before they listen), BENCH_CPU_PROFILE (a folder: each service
 * process writes a CPU profile of its measured part there), BENCH_CPU_PROFILE_INTERVAL_US (100: the sampling
 * interval of those profiles; a longer one disturbs the measure less).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWarmUpAmount } from '@x/app-service-kit';
import type { BurstReport, BurstRequest, LoadReport, LoadRequest } from './bench-load';
import {
  BENCH_WEBHOOK_PATH,
  type BenchReference,
  type BenchServiceCommand,
  type BenchServiceMessage,
  type BenchServiceReport,
} from './bench-service';
import { type SignedWooDelivery, sampleWooOrder, signWooDelivery } from './woocommerce-samples';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const sendDelayMs = Number(process.env.BENCH_SEND_DELAY_MS ?? 2000);
const synchronous = process.env.BENCH_SQLITE_SYNCHRONOUS === 'normal' ? 'normal' : 'full';
const burstRuns = Number(process.env.BENCH_BURST_RUNS ?? 5);
const burstConnections = Number(process.env.BENCH_BURST_CONNECTIONS ?? 200);
const groupCommitWindowMs = process.env.BENCH_GROUP_COMMIT_WINDOW_MS
  ? Number(process.env.BENCH_GROUP_COMMIT_WINDOW_MS)
  : undefined;
const largeRuns = Number(process.env.BENCH_LARGE_RUNS ?? 3);
const warmUpConnections = Number(process.env.BENCH_WARM_UP_CONNECTIONS ?? 200);
checkWarmUpAmount({ connections: warmUpConnections });
const LARGE_LINES = 10_000;
const LARGE_WEBHOOKS = 5;
const here = path.dirname(fileURLToPath(import.meta.url));

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs one child process job: sends `request`, resolves with its first message. */
function load<T>(request: LoadRequest | BurstRequest): Promise<T> {
  const child = fork(path.join(here, 'bench-load.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with code ${code}`));
    });
    child.send(request);
  });
}

/** Sends a command to the service process and waits for its answer of type `expected`. */
function ask<T extends BenchServiceMessage['type']>(
  child: ChildProcess,
  command: BenchServiceCommand,
  expected: T,
): Promise<Extract<BenchServiceMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the service process exited with code ${code}`));
    child.once('exit', onExit);
    const onMessage = (message: BenchServiceMessage) => {
      if (message.type !== expected) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<BenchServiceMessage, { type: T }>);
    };
    child.on('message', onMessage);
    child.send(command);
  });
}

/** A freshly started service process on a new SQLite file; `measure` wraps the part that is measured. */
async function withService<T>(
  measure: (url: string, secret: string) => Promise<T>,
  reference?: BenchReference,
): Promise<{ result: T; service: BenchServiceReport }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'woocommerce-bench-'));
  const secret = randomBytes(18).toString('base64url');
  const child = fork(path.join(here, 'bench-service.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { url } = await ask(
      child,
      {
        type: 'start',
        sqliteFile: path.join(folder, 'notifications.db'),
        secret,
        synchronous,
        dispatcher: process.env.BENCH_DISPATCHER !== '0',
        sendDelayMs,
        warmUpConnections,
        ...(reference ? { reference } : {}),
        ...(groupCommitWindowMs === undefined ? {} : { groupCommitWindowMs }),
      },
      'listening',
    );
    await ask(child, { type: 'mark' }, 'marked');
    const result = await measure(url, secret);
    const { report } = await ask(child, { type: 'stop' }, 'stopped');
    return { result, service: report };
  } finally {
    child.kill();
    await rm(folder, { recursive: true, force: true });
  }
}

async function keepAliveRun(run: number) {
  const { result: report, service } = await withService((url, secret) =>
    load<LoadReport>({
      kind: 'keep-alive',
      url: `${url}${BENCH_WEBHOOK_PATH}`,
      secret,
      connections,
      durationMs,
      warmupMs: 1000,
      maxRequests: Math.ceil(((durationMs + 1000) / 1000) * 8000),
      firstOrderId: 100_000 + run * 1_000_000,
    }),
  );
  const messages = Object.values(service.outbox).reduce((sum, count) => sum + count, 0);
  const sorted = report.latenciesMs.sort((left, right) => left - right);
  return {
    acceptedPerSecond: report.accepted / (report.elapsedMs / 1000),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    failed: report.failed,
    outbox: service.outbox,
    cpuMsPerWebhook: service.cpuMs / Math.max(1, messages),
    loadCpuMsPerRequest: report.cpuMs / Math.max(1, report.sent),
    loadCpuShare: report.cpuMs / report.elapsedMs,
    webhooksPerCommit: service.acceptedWebhooks / Math.max(1, service.acceptCommits),
  };
}

async function burstRun(run: number, reference?: BenchReference) {
  const { result: report, service } = await withService(
    (url, secret) =>
      load<BurstReport>({
        kind: 'burst',
        url: `${url}${BENCH_WEBHOOK_PATH}`,
        secret,
        connections: burstConnections,
        firstOrderId: 50_000_000 + run * 1_000_000,
      }),
    reference,
  );
  const sorted = report.firstResponseMs.sort((left, right) => left - right);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    failed: report.failed,
    statusCodes: report.statusCodes,
    maxStallMs: service.maxEventLoopDelayMs,
    cpuMs: service.cpuMs,
    busyMs: service.eventLoopBusyMs,
    commits: service.acceptCommits,
    generatorCpuMs: report.cpuMs,
  };
}

async function keepAliveScenario(): Promise<void> {
  console.log(
    `keep-alive: ${runs} runs x ${durationMs} ms, ${connections} keep-alive connections, provider ${sendDelayMs} ms per send\n`,
  );
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const result = await keepAliveRun(run);
    results.push(result);
    const sending = result.outbox.sending ?? 0;
    const sent = (result.outbox.sent ?? 0) + (result.outbox.delivered ?? 0);
    console.log(
      `run ${run + 1}: ${result.acceptedPerSecond.toFixed(0)} accepted/s, p50 ${result.p50.toFixed(2)} ms, ` +
        `p99 ${result.p99.toFixed(2)} ms, failed ${result.failed}, ${result.webhooksPerCommit.toFixed(1)} webhooks per commit; ` +
        `outbox at the end: queued ${result.outbox.queued}, ` +
        `sending ${sending}, sent ${sent}; service CPU ${result.cpuMsPerWebhook.toFixed(3)} ms per webhook; load generator CPU ` +
        `${result.loadCpuMsPerRequest.toFixed(3)} ms per request (${(result.loadCpuShare * 100).toFixed(0)}% of one core)`,
    );
  }
  const rate = median(results.map((result) => result.acceptedPerSecond));
  const p50 = median(results.map((result) => result.p50));
  const p99 = median(results.map((result) => result.p99));
  console.log('\n| keep-alive (median of runs) | value | target |');
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
}

type BurstResult = Awaited<ReturnType<typeof burstRun>>;

function printBurstRun(label: string, result: BurstResult): void {
  console.log(
    `${label}: first response p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
      `max ${result.max.toFixed(1)} ms, failed ${result.failed} (${JSON.stringify(result.statusCodes)}); ` +
      `service: CPU ${result.cpuMs.toFixed(0)} ms, event loop busy ${result.busyMs.toFixed(0)} ms, longest stall ${result.maxStallMs.toFixed(1)} ms, ` +
      `${result.commits} accept commits; load generator CPU ${result.generatorCpuMs.toFixed(0)} ms`,
  );
}

/** The servers of the burst, in the order of each run and of the table's columns. */
const BURST_SERVERS: readonly { label: string; reference?: BenchReference }[] = [
  { label: 'service' },
  { label: "service's HTTP layer, route doing nothing", reference: 'http-layer' },
  { label: 'bare Node server', reference: 'node' },
];

/** The burst table's rows: a label and what each run gives for it. */
const BURST_ROWS: readonly [string, (result: BurstResult) => number][] = [
  ['first response p50 (ms)', (result) => result.p50],
  ['first response p99 (ms)', (result) => result.p99],
  ['first response max (ms)', (result) => result.max],
  ['CPU of the server process during the burst (ms)', (result) => result.cpuMs],
  ['CPU of the load generator, a separate process (ms)', (result) => result.generatorCpuMs],
  // Both processes share the machine's cores: however the work were split between threads, the last answer
  // cannot come before their CPU time, spread over every core, has run.
  [
    `both processes' CPU spread over ${cpus().length} cores, before which no split into threads answers (ms)`,
    (result) => (result.cpuMs + result.generatorCpuMs) / cpus().length,
  ],
  ["the server's event loop busy, code and blocking calls (ms)", (result) => result.busyMs],
  ['outbox commits of the accepted webhooks', (result) => result.commits],
  ['longest event-loop stall (ms)', (result) => result.maxStallMs],
];

async function burstScenario(): Promise<void> {
  console.log(
    `\nburst: ${burstRuns} runs, each on a freshly started service: ${burstConnections} new connections at once, one webhook each; ` +
      "each run is followed by the same burst against two references, warmed up like the service, that read the body and answer {}: the service's HTTP layer " +
      'with a route that does nothing (the floor of any route it serves) and a bare Node server (the floor on this machine)\n',
  );
  const results = BURST_SERVERS.map((): BurstResult[] => []);
  for (let run = 0; run < burstRuns; run += 1) {
    for (const [index, server] of BURST_SERVERS.entries()) {
      const result = await burstRun(run, server.reference);
      results[index]!.push(result);
      printBurstRun(`run ${run + 1}, ${server.label}`, result);
    }
  }
  console.log(`\n| burst (median of runs) | ${BURST_SERVERS.map((server) => server.label).join(' | ')} |`);
  console.log(`| --- | ${BURST_SERVERS.map(() => '---').join(' | ')} |`);
  for (const [label, pick] of BURST_ROWS) {
    const cells = results.map((values) => median(values.map(pick)).toFixed(1));
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  const p99 = median(results[0]!.map((result) => result.p99));
  console.log(`\ntarget: the service's first response p99 < 100 ms; now ${(p99 / 100).toFixed(2)}x of it`);
}

/** A signed `order.created` of `lines` order lines, written as WooCommerce writes a short line. */
function largeDelivery(id: number, lines: number, secret: string): SignedWooDelivery {
  const order = sampleWooOrder({ id, status: 'processing' });
  order.line_items = Array.from({ length: lines }, (_, line) => ({
    id: line + 1,
    name: `Ürün numarası ${line + 1}`,
    product_id: 88,
    quantity: 1,
    total: '9.90',
    price: 9.9,
  }));
  return signWooDelivery('order.created', order, secret, `large-${id}`);
}

async function largeRun(run: number) {
  const { result, service } = await withService(async (url, secret) => {
    const answers: number[] = [];
    let bytes = 0;
    for (let index = 0; index < LARGE_WEBHOOKS; index++) {
      const delivery = largeDelivery(70_000_000 + run * 1000 + index, LARGE_LINES, secret);
      bytes = delivery.body.length;
      const started = performance.now();
      const response = await fetch(`${url}${BENCH_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`a large webhook was answered ${response.status}`);
      answers.push(performance.now() - started);
    }
    return { answerMs: median(answers), bytes };
  });
  return {
    ...result,
    maxStallMs: service.maxEventLoopDelayMs,
    cpuMsPerWebhook: service.cpuMs / LARGE_WEBHOOKS,
  };
}

async function largeScenario(): Promise<void> {
  console.log(
    `\nlarge: ${largeRuns} runs, each on a freshly started service: ${LARGE_WEBHOOKS} order.created webhooks of ` +
      `${LARGE_LINES.toLocaleString('en')} order lines, one after another\n`,
  );
  const results: Awaited<ReturnType<typeof largeRun>>[] = [];
  for (let run = 0; run < largeRuns; run += 1) {
    const result = await largeRun(run);
    results.push(result);
    console.log(
      `run ${run + 1}: ${(result.bytes / 1024).toFixed(0)} KB each, answer ${result.answerMs.toFixed(1)} ms (median), ` +
        `service CPU ${result.cpuMsPerWebhook.toFixed(1)} ms per webhook, longest event-loop stall ${result.maxStallMs.toFixed(1)} ms`,
    );
  }
  const figure = (pick: (result: Awaited<ReturnType<typeof largeRun>>) => number) =>
    median(results.map(pick)).toFixed(1);
  console.log('\n| large webhooks (median of runs) | value | target |');
  console.log('| --- | --- | --- |');
  console.log(`| answer | ${figure((result) => result.answerMs)} ms | |`);
  console.log(`| service CPU per webhook | ${figure((result) => result.cpuMsPerWebhook)} ms | |`);
  console.log(
    `| longest event-loop stall (10 ms resolution; the first webhook of a fresh process included) | ${figure((result) => result.maxStallMs)} ms | <= 50 ms |`,
  );
}

async function main(): Promise<void> {
  console.log(
    `WooCommerce service bench: SQLite synchronous=${synchronous}, group commit window ${groupCommitWindowMs ?? 'default'} ms, ${cpus().length} CPUs, Node ${process.version}\n`,
  );
  if (runs > 0) await keepAliveScenario();
  if (burstRuns > 0) await burstScenario();
  if (largeRuns > 0) await largeScenario();
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
