/**
 * The service process of `pnpm bench`: a freshly started WooCommerce service (SQLite outbox in the given folder,
 * a provider that takes `sendDelayMs` per send), or one of two references, each warmed up like the service and
 * answering `{}` once it has read the body:
 * - `node`: a plain Node HTTP server, the floor of what any service can do on the machine;
 * - `http-layer`: the service's own HTTP server (`createHttpServer`: Fastify, the body parsers, the time limits)
 *   with the webhook route doing nothing, the floor of any route served by it.
 * It is driven by the parent over IPC:
 * - `start` → `listening { url }`;
 * - `mark` → `marked`: CPU time and event-loop delay count from here;
 * - `stop` → `stopped { report }`, then the process exits.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  createHttpServer,
  createLogger,
  createService,
  parseServiceConfig,
  type Service,
} from '@x/app-service-kit';
import { rawHttpRequest, sendEachOnNewConnection } from '@x/app-service-kit/testing';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { type AcceptUnit, createSqliteStore, type OutboxStore } from '@x/order-notifications';
import { wooCommercePlatform } from './woocommerce-platform';

/** How the parent wants the service set up. */
export interface BenchServiceStart {
  type: 'start';
  /** The SQLite outbox file (the parent removes it). */
  sqliteFile: string;
  secret: string;
  synchronous: 'full' | 'normal';
  dispatcher: boolean;
  sendDelayMs: number;
  /** A reference server instead of the service (see above). */
  reference?: BenchReference;
  /** `storage.groupCommitWindowMs`, when not the default. */
  groupCommitWindowMs?: number;
  /** New loopback connections of the warm-up before listening (the service's default, 200). */
  warmUpConnections: number;
}

/** The reference servers the burst is measured against. */
export type BenchReference = 'node' | 'http-layer';

/** The path the load generator posts to, which the references serve too. */
export const BENCH_WEBHOOK_PATH = '/webhooks/woocommerce/bench';

/** What the parent sends. */
export type BenchServiceCommand = BenchServiceStart | { type: 'mark' } | { type: 'stop' };

/** What the service measured since the last `mark`. */
export interface BenchServiceReport {
  /** CPU time (user + system) of the service process, in milliseconds. */
  cpuMs: number;
  /** The longest the event loop was blocked, in milliseconds (10 ms resolution). */
  maxEventLoopDelayMs: number;
  /** How long the event loop was busy (running code or blocked in a system call), in milliseconds. */
  eventLoopBusyMs: number;
  /** Outbox messages per status at the end. */
  outbox: Record<string, number>;
  /** Transactions that wrote accepted webhooks (group commits), and the webhooks they wrote. */
  acceptCommits: number;
  acceptedWebhooks: number;
}

/** What the service answers. */
export type BenchServiceMessage =
  | { type: 'listening'; url: string }
  | { type: 'marked' }
  | { type: 'stopped'; report: BenchServiceReport };

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

/** Accept transactions counted since the last `mark`. */
interface CommitCounter {
  commits: number;
  webhooks: number;
}

/** The service's SQLite outbox, opened here so that its accept transactions can be counted. */
async function countedStore(options: BenchServiceStart, counter: CommitCounter): Promise<OutboxStore> {
  const store = await createSqliteStore({ filename: options.sqliteFile, synchronous: options.synchronous });
  const acceptBatch = store.acceptBatch.bind(store);
  store.acceptBatch = (units: readonly AcceptUnit[]) => {
    counter.commits += 1;
    counter.webhooks += units.length;
    return acceptBatch(units);
  };
  return store;
}

async function start(options: BenchServiceStart, counter: CommitCounter): Promise<Service> {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: {
        sqliteFile: options.sqliteFile,
        sqliteSynchronous: options.synchronous,
        ...(options.groupCommitWindowMs === undefined
          ? {}
          : { groupCommitWindowMs: options.groupCommitWindowMs }),
      },
      dispatcher: {
        enabled: options.dispatcher,
        concurrency: 16,
        pollIntervalMs: 200,
        ratePerSecond: 1000,
        deliveryReportIntervalMs: 0,
      },
      shops: { bench: { name: 'Bench Mağaza', provider: 'sandbox' } },
    },
    {},
    { WEBHOOK_SECRET_BENCH: options.secret },
  );
  return createService({
    config,
    platform: wooCommercePlatform({ env: {} }),
    providers: { sandbox: slowProvider(options.sendDelayMs) },
    logger: createLogger({ level: 'warn' }),
    store: await countedStore(options, counter),
    warmUp: { connections: options.warmUpConnections },
  });
}

/**
 * Warms a reference server up as the service's start warms the service: requests to the webhook path, each on
 * a new loopback connection, 20 at a time.
 */
async function warmUpReference(port: number, connections: number): Promise<void> {
  const raw = rawHttpRequest({
    method: 'POST',
    path: BENCH_WEBHOOK_PATH,
    host: '127.0.0.1',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  await sendEachOnNewConnection(port, [raw], connections, 20);
}

/** A listening reference server: a plain Node one, or the service's HTTP layer with a route that does nothing. */
async function referenceServer(reference: BenchReference): Promise<Server> {
  if (reference === 'http-layer') {
    const app = createHttpServer({ logger: createLogger({ level: 'warn' }) });
    app.post(BENCH_WEBHOOK_PATH, async () => ({}));
    await app.listen({ host: '127.0.0.1', port: 0 });
    return app.server;
  }
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Starts a reference server and warms it up; resolves with its URL and closer. */
async function startReference(
  reference: BenchReference,
  warmUpConnections: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await referenceServer(reference);
  const { port } = server.address() as AddressInfo;
  await warmUpReference(port, warmUpConnections);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The service, or a reference server, as something that listens and stops. */
async function listen(options: BenchServiceStart, counter: CommitCounter) {
  if (options.reference) {
    return {
      ...(await startReference(options.reference, options.warmUpConnections)),
      counts: async () => ({}),
    };
  }
  const service = await start(options, counter);
  const { url } = await service.start();
  return {
    url,
    stop: () => service.stop(),
    counts: () => service.engine.messages.counts({ shopId: 'bench' }),
  };
}

function send(message: BenchServiceMessage): void {
  process.send?.(message);
}

function fail(error: unknown): void {
  console.error(error);
  process.exit(1);
}

/**
 * With BENCH_CPU_PROFILE set to a folder, a V8 CPU profile of the measured part (from `mark` to `stop`) is
 * written there as `<pid>.cpuprofile`, for Chrome's DevTools or any reader of that format.
 */
function profiler(folder: string | undefined) {
  if (!folder) return { start: async () => {}, stop: async () => {} };
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', {
        interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 100),
      });
      await post('Profiler.start');
    },
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(`${folder}/${process.pid}.cpuprofile`, JSON.stringify(profile));
    },
  };
}

function main(): void {
  const profile = profiler(process.env.BENCH_CPU_PROFILE);
  let running: Awaited<ReturnType<typeof listen>> | undefined;
  const counter: CommitCounter = { commits: 0, webhooks: 0 };
  let cpuAtMark = process.cpuUsage();
  let loopAtMark = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (message: BenchServiceCommand) => {
    if (message.type === 'start') {
      listen(message, counter)
        .then((listening) => {
          running = listening;
          send({ type: 'listening', url: listening.url });
        })
        .catch(fail);
    } else if (message.type === 'mark') {
      profile
        .start()
        .then(() => {
          cpuAtMark = process.cpuUsage();
          loopAtMark = performance.eventLoopUtilization();
          delay.reset();
          counter.commits = 0;
          counter.webhooks = 0;
          send({ type: 'marked' });
        })
        .catch(fail);
    } else if (message.type === 'stop' && running) {
      const cpu = process.cpuUsage(cpuAtMark);
      const eventLoopBusyMs = performance.eventLoopUtilization(loopAtMark).active;
      const maxEventLoopDelayMs = delay.max / 1e6;
      const listening = running;
      const { commits: acceptCommits, webhooks: acceptedWebhooks } = counter;
      profile
        .stop()
        .then(() => listening.counts())
        .then(async (outbox) => {
          await listening.stop();
          const cpuMs = (cpu.user + cpu.system) / 1000;
          const report = {
            cpuMs,
            maxEventLoopDelayMs,
            eventLoopBusyMs,
            outbox,
            acceptCommits,
            acceptedWebhooks,
          };
          process.send?.({ type: 'stopped', report } satisfies BenchServiceMessage, () => process.exit(0));
        })
        .catch(fail);
    }
  });
}

main();
