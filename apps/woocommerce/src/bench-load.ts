/**
 * The load generator of `pnpm bench`, run as a separate process: signs WooCommerce `order.created` deliveries
 * up front, then posts them over keep-alive connections for a bounded time and count, and reports each
 * answer's latency to the parent.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sampleWooOrder, signWooDelivery } from './woocommerce-samples';

/** What the parent asks for. */
export interface LoadRequest {
  url: string;
  secret: string;
  connections: number;
  durationMs: number;
  maxRequests: number;
  warmupMs: number;
  firstOrderId: number;
}

/** What the generator reports. */
export interface LoadReport {
  sent: number;
  accepted: number;
  failed: number;
  statusCodes: Record<string, number>;
  elapsedMs: number;
  latenciesMs: number[];
  /** CPU time (user + system) the generator itself used in the measured window, in milliseconds. */
  cpuMs: number;
}

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function run(options: LoadRequest): Promise<LoadReport> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const deliveries = Array.from({ length: options.maxRequests }, (_, index) => {
    const id = options.firstOrderId + index;
    return signWooDelivery(
      'order.created',
      sampleWooOrder({
        id,
        status: 'processing',
        phone: `0532 ${String(1_000_000 + (id % 9_000_000)).slice(0, 3)} ${String(id % 100).padStart(2, '0')} ${String((id >> 7) % 100).padStart(2, '0')}`,
      }),
      options.secret,
      `bench-${id}`,
    );
  });
  let next = 0;
  const report: LoadReport = {
    sent: 0,
    accepted: 0,
    failed: 0,
    statusCodes: {},
    elapsedMs: 0,
    latenciesMs: [],
    cpuMs: 0,
  };
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  const warmupEnds = performance.now() + options.warmupMs;
  let measuredStart = 0;
  let deadline = Number.POSITIVE_INFINITY;

  async function worker(): Promise<void> {
    for (;;) {
      const now = performance.now();
      if (now >= deadline || next >= deliveries.length) return;
      const delivery = deliveries[next++]!;
      const started = performance.now();
      let status = 0;
      try {
        status = await post(agent, url, delivery.body, delivery.headers);
      } catch {
        status = 0;
      }
      const ended = performance.now();
      if (started < warmupEnds) continue;
      if (measuredStart === 0) {
        measuredStart = started;
        cpuAtStart = process.cpuUsage();
        deadline = started + options.durationMs;
      }
      report.sent += 1;
      report.statusCodes[status] = (report.statusCodes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) report.accepted += 1;
      else report.failed += 1;
      report.latenciesMs.push(ended - started);
    }
  }

  await Promise.all(Array.from({ length: options.connections }, () => worker()));
  report.elapsedMs = performance.now() - measuredStart;
  const cpu = process.cpuUsage(cpuAtStart);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  agent.destroy();
  return report;
}

process.once('message', (message) => {
  run(message as LoadRequest).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
