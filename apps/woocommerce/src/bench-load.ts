/**
 * The load generator of `pnpm bench`, run as a separate process. It signs WooCommerce `order.created` deliveries
 * up front, then either
 * - `keep-alive`: posts them over keep-alive connections for a bounded time and count, or
 * - `burst`: opens one new connection per delivery, all at once, each posting one webhook,
 * and reports each answer's latency to the parent.
 */
import { Agent, request } from 'node:http';
import { type AddressInfo, connect, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rawHttpRequest } from '@x/app-service-kit/testing';
import { type SignedWooDelivery, sampleWooOrder, signWooDelivery } from './woocommerce-samples';

/** What the parent asks for: a keep-alive load. */
export interface LoadRequest {
  kind: 'keep-alive';
  url: string;
  secret: string;
  connections: number;
  durationMs: number;
  maxRequests: number;
  warmupMs: number;
  firstOrderId: number;
}

/** What the parent asks for: a burst of new connections. */
export interface BurstRequest {
  kind: 'burst';
  url: string;
  secret: string;
  /** New connections opened at once, one webhook each. */
  connections: number;
  firstOrderId: number;
}

/** What the generator reports after a burst. */
export interface BurstReport {
  statusCodes: Record<string, number>;
  failed: number;
  /** Per connection: from opening it to the first byte of the answer's head, in milliseconds. */
  firstResponseMs: number[];
  /** CPU time (user + system) the generator itself used for the burst, in milliseconds. */
  cpuMs: number;
}

/** What the generator reports after a keep-alive load. */
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

/** `count` signed `order.created` deliveries of distinct orders (and phone numbers) from `firstOrderId`. */
function signedOrders(firstOrderId: number, count: number, secret: string): SignedWooDelivery[] {
  return Array.from({ length: count }, (_, index) => {
    const id = firstOrderId + index;
    return signWooDelivery(
      'order.created',
      sampleWooOrder({
        id,
        status: 'processing',
        phone: `0532 ${String(1_000_000 + (id % 9_000_000)).slice(0, 3)} ${String(id % 100).padStart(2, '0')} ${String((id >> 7) % 100).padStart(2, '0')}`,
      }),
      secret,
      `bench-${id}`,
    );
  });
}

/**
 * Opens a new connection and writes one request on it (raw bytes, so that the generator's own work stays
 * small); resolves with the answer's status and the time from opening to the answer's first byte.
 */
function postOnNewConnection(url: URL, payload: Buffer): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let ms = 0;
    let head = '';
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    socket.on('data', (chunk: Buffer) => {
      if (ms === 0) ms = performance.now() - started;
      if (head.length < 16) head += chunk.toString('latin1', 0, 16);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      resolve({ status: status ? Number(status) : 0, ms: ms || performance.now() - started });
    });
    socket.write(payload);
  });
}

/**
 * Runs the generator's own burst code once against a local server that answers at once, so that what the burst
 * measures is the service, not the generator's first run of its code.
 */
async function warmUp(payload: Buffer, connections: number): Promise<void> {
  const sink = createServer((socket) => {
    socket.once('data', () =>
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'),
    );
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const address = sink.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${address.port}/`);
  await Promise.all(Array.from({ length: connections }, () => postOnNewConnection(url, payload)));
  await new Promise((resolve) => sink.close(resolve));
}

async function burst(options: BurstRequest): Promise<BurstReport> {
  const url = new URL(options.url);
  const payloads = signedOrders(options.firstOrderId, options.connections, options.secret).map((delivery) =>
    rawHttpRequest({ method: 'POST', path: url.pathname, host: url.host, ...delivery }),
  );
  await warmUp(payloads[0]!, options.connections);
  const cpuAtStart = process.cpuUsage();
  const outcomes = await Promise.all(payloads.map((payload) => postOnNewConnection(url, payload)));
  const cpu = process.cpuUsage(cpuAtStart);
  const report: BurstReport = {
    statusCodes: {},
    failed: 0,
    firstResponseMs: [],
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  for (const { status, ms } of outcomes) {
    report.statusCodes[status] = (report.statusCodes[status] ?? 0) + 1;
    if (status < 200 || status >= 300) report.failed += 1;
    report.firstResponseMs.push(ms);
  }
  return report;
}

async function run(options: LoadRequest): Promise<LoadReport> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const deliveries = signedOrders(options.firstOrderId, options.maxRequests, options.secret);
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

process.once('message', (message: LoadRequest | BurstRequest) => {
  (message.kind === 'burst' ? burst(message) : run(message)).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
