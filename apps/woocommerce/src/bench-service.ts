/**
 * The service process of `pnpm bench`: a freshly started WooCommerce service (SQLite outbox in the given folder,
 * a provider that takes `sendDelayMs` per send), driven by the parent over IPC:
 * - `start` → `listening { url }`;
 * - `mark` → `marked`: CPU time and event-loop delay count from here;
 * - `stop` → `stopped { report }`, then the process exits.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createLogger, createService, parseServiceConfig, type Service } from '@x/app-service-kit';
import type { SmsProviderV1 } from '@x/messaging-core';
import { createSandboxProvider } from '@x/messaging-core/sandbox';
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
}

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

async function start(options: BenchServiceStart): Promise<Service> {
  const config = parseServiceConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      storage: { sqliteFile: options.sqliteFile, sqliteSynchronous: options.synchronous },
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
  });
}

function send(message: BenchServiceMessage): void {
  process.send?.(message);
}

function fail(error: unknown): void {
  console.error(error);
  process.exit(1);
}

function main(): void {
  let service: Service | undefined;
  let cpuAtMark = process.cpuUsage();
  let loopAtMark = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (message: BenchServiceCommand) => {
    if (message.type === 'start') {
      start(message)
        .then(async (created) => {
          service = created;
          const { url } = await created.start();
          send({ type: 'listening', url });
        })
        .catch(fail);
    } else if (message.type === 'mark') {
      cpuAtMark = process.cpuUsage();
      loopAtMark = performance.eventLoopUtilization();
      delay.reset();
      send({ type: 'marked' });
    } else if (message.type === 'stop' && service) {
      const cpu = process.cpuUsage(cpuAtMark);
      const eventLoopBusyMs = performance.eventLoopUtilization(loopAtMark).active;
      const maxEventLoopDelayMs = delay.max / 1e6;
      const running = service;
      running.engine.messages
        .counts({ shopId: 'bench' })
        .then(async (outbox) => {
          await running.stop();
          const cpuMs = (cpu.user + cpu.system) / 1000;
          const report = { cpuMs, maxEventLoopDelayMs, eventLoopBusyMs, outbox };
          process.send?.({ type: 'stopped', report } satisfies BenchServiceMessage, () => process.exit(0));
        })
        .catch(fail);
    }
  });
}

main();
