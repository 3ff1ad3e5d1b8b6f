import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SmsProviderV1, VoiceProviderV1 } from '@x/messaging-core';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationConfig,
  type OrderEvent,
} from '@x/order-notifications';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Logger } from 'pino';
import { acceptEvents } from './engine-port';
import { rawHttpRequest, sendEachOnNewConnection } from './raw-http-client';

/**
 * What a platform gives the warm-up of one shop (see `PlatformModule.warmUp`). Neither part may have a side
 * effect: the requests must be refused by the route before it writes anything, and the events are accepted by
 * a throwaway engine over an in-memory outbox, never by the service's.
 */
export interface PlatformWarmUp {
  /**
   * Requests to the platform's webhook route with a sample payload and a signature that cannot match (the
   * shop's real signature with a byte changed): they run the server's parsing, routing and signature check, and
   * are answered 401.
   */
  requests: InjectOptions[];
  /**
   * Maps the platform's sample payloads into events by the route's own payload schema and mapping; called once
   * per round, so that the schema and the mapping run as often as the engine's planning does.
   */
  sampleEvents(): OrderEvent[];
}

/**
 * A signature that can never match: the given (valid) base64 signature with its first byte changed. A warm-up
 * request signed with the shop's real secret and then given this runs the whole signature check and is refused.
 * @param signature - the body's real signature (base64)
 * @returns a base64 signature of the same length that differs from it
 */
export function unmatchableSignature(signature: string): string {
  const bytes = Buffer.from(signature, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  return bytes.toString('base64');
}

/** What {@link warmUpService} exercises. */
export interface WarmUpOptions {
  app: FastifyInstance;
  logger: Logger;
  /** The shops' notification settings and the providers (never called: no dispatcher or voice worker runs). */
  notificationConfig: NotificationConfig;
  providers: Record<string, SmsProviderV1>;
  /** The voice providers of the shops with voice settings, by the engine's key. */
  voiceProviders?: Record<string, VoiceProviderV1>;
  /** The platform's part for each shop; undefined when the platform has none. */
  platformWarmUp?: (shopId: string) => PlatformWarmUp;
  /** How many connections bring the requests, one request each, taking turns (default 200). */
  connections?: number;
  /** How many times each shop's sample events are mapped and accepted (default 100). */
  rounds?: number;
}

/**
 * Runs the request path many times before the service listens, so that the first webhooks of a fresh process
 * do not pay for code that has never run or has not been optimised yet (V8 compiles a function at its first
 * call, and optimises it only after many): on a fresh instance, a burst of 200 new connections took twice as
 * long without it.
 * - The requests (`GET /health` and the platform's) go over real connections on the loopback interface, each
 *   on a new connection, to a temporary server that hands them to the app's router: Node's own connection and
 *   HTTP code runs as a burst runs it, then Fastify's routing and body parsing, and the signature check.
 * - The platform's sample events, mapped again each round by its payload schema and mapping, are accepted by a
 *   throwaway engine over an in-memory SQLite outbox: the engine's planning and rendering (time zone and
 *   plural rules, phone numbers, SMS segments) and the group commit.
 *
 * Nothing it does is visible: the platform's requests are refused at the signature check (the refusals are not
 * logged), the temporary server listens on 127.0.0.1 on a port of the system's choosing and is closed at the
 * end, and the engine is thrown away; neither the service's outbox nor the platform's own stores (the Redis
 * order snapshots) see anything. It adds about a quarter of a second to the start on an idle machine.
 * @param options - server, configuration and the platform's part
 * @returns how long it took, in milliseconds
 * @throws RangeError when `connections` or `rounds` is not a whole number from 1 to 100,000
 */
export async function warmUpService(options: WarmUpOptions): Promise<number> {
  const started = performance.now();
  const connections = countOf('connections', options.connections, 200);
  const rounds = countOf('rounds', options.rounds, 100);
  const shopIds = Object.keys(options.notificationConfig.shops);
  const parts = options.platformWarmUp ? shopIds.map((shopId) => options.platformWarmUp!(shopId)) : [];
  await requestOverLoopback(
    options.app,
    [{ method: 'GET', url: '/health' }, ...parts.flatMap((part) => part.requests)],
    connections,
  );
  if (parts.length > 0) await planInThrowawayEngine(options, parts, rounds);
  const elapsedMs = performance.now() - started;
  options.logger.debug({ elapsedMs: Math.round(elapsedMs) }, 'warmed up');
  return elapsedMs;
}

/**
 * Checks the amounts of a warm-up before a service is built with them, so that a bad one stops the start instead
 * of being logged as a failed warm-up.
 * @param amount - `connections` and `rounds`, each optional
 * @throws RangeError naming the amount that is not a whole number from 1 to 100,000
 */
export function checkWarmUpAmount(amount: Pick<WarmUpOptions, 'connections' | 'rounds'>): void {
  countOf('connections', amount.connections, 200);
  countOf('rounds', amount.rounds, 100);
}

/**
 * A warm-up amount: the default when not given.
 * @throws RangeError when it is not a whole number from 1 to 100,000 (NaN would warm nothing, Infinity never end)
 */
function countOf(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new RangeError(`warm-up ${name} must be a whole number from 1 to 100000`);
  }
  return value;
}

/** How many warm-up connections are open at once: a small burst, as webhooks arrive. */
const LOOPBACK_CONCURRENCY = 20;

/**
 * Sends the requests in turn, one per connection, `connections` in all, to a temporary server on the loopback
 * interface that hands them to the app's router; the server's log level is raised meanwhile, so that their
 * refusals log nothing (Fastify gives each request a child of its logger, which takes the level it has then).
 */
async function requestOverLoopback(
  app: FastifyInstance,
  requests: InjectOptions[],
  connections: number,
): Promise<void> {
  await app.ready();
  const server = createServer((request, response) => app.routing(request, response));
  // A loopback address that cannot be bound (a sandbox, no file descriptors left) fails the warm-up, which the
  // service logs before it starts anyway; without the listener it was an uncaught error.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const raws = requests.map((request) =>
    rawHttpRequest({
      method: request.method ?? 'GET',
      path: String(request.url),
      host: '127.0.0.1',
      headers: Object.fromEntries(
        Object.entries(request.headers ?? {}).map(([name, value]) => [name, String(value)]),
      ),
      ...(request.payload === undefined ? {} : { body: request.payload as string }),
    }),
  );
  const level = app.log.level;
  app.log.level = 'error';
  try {
    await sendEachOnNewConnection(port, raws, connections, LOOPBACK_CONCURRENCY);
  } finally {
    app.log.level = level;
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Maps and accepts each shop's sample events `rounds` times, each round's events concurrently (as a burst
 * would), in an engine of the same shops and providers over an in-memory outbox. An event the engine refuses
 * is left alone: it warmed up the code up to its refusal.
 */
async function planInThrowawayEngine(
  options: WarmUpOptions,
  parts: readonly PlatformWarmUp[],
  rounds: number,
): Promise<void> {
  const engine = createNotificationEngine({
    store: await createSqliteStore({ filename: ':memory:' }),
    config: options.notificationConfig,
    providers: options.providers,
    ...(options.voiceProviders ? { voiceProviders: options.voiceProviders } : {}),
  });
  try {
    for (let round = 0; round < rounds; round += 1) {
      // A new order id each round, so that every round plans its messages (a status already recorded would not).
      const events = parts
        .flatMap((part) => part.sampleEvents())
        .map((event) =>
          event.order ? { ...event, order: { ...event.order, id: `${event.order.id}-${round}` } } : event,
        );
      await Promise.allSettled(events.map((event) => acceptEvents(engine, [event], { recordStatus: true })));
    }
  } finally {
    await engine.close();
  }
}
