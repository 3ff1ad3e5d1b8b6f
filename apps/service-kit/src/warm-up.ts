import type { SmsProviderV1 } from '@x/messaging-core';
import {
  createNotificationEngine,
  createSqliteStore,
  type NotificationConfig,
  type OrderEvent,
} from '@x/order-notifications';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Logger } from 'pino';
import { acceptEvents } from './engine-port';

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
  /** Events mapped from the platform's sample payloads by the route's own parsing and mapping. */
  events: OrderEvent[];
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
  /** The shops' notification settings and the providers (never called: no dispatcher runs). */
  notificationConfig: NotificationConfig;
  providers: Record<string, SmsProviderV1>;
  /** The platform's part for each shop; undefined when the platform has none. */
  platformWarmUp?: (shopId: string) => PlatformWarmUp;
  /** How many times each request and each shop's events go through (default 20). */
  rounds?: number;
}

/**
 * Runs the request path a few times before the service listens, so that the first webhooks of a fresh process do
 * not pay for code that has never run (V8 compiles a function at its first call, and optimises it after many):
 * Fastify's routing and body parsing, the signature check, the platform's payload schema and mapping, the
 * engine's planning and rendering (time zone and plural rules, phone numbers, SMS segments) and the group
 * commit. Without it, a burst of new connections on a fresh instance meets a first stall of 100 ms or more.
 *
 * Nothing it does is visible: the platform's requests are refused at the signature check (the refusals are not
 * logged), and its events go into a throwaway engine over an in-memory SQLite outbox, closed at the end; neither
 * the service's outbox nor the platform's own stores (the Redis order snapshots) see anything.
 * @param options - server, configuration and the platform's part
 * @returns how long it took, in milliseconds
 */
export async function warmUpService(options: WarmUpOptions): Promise<number> {
  const started = performance.now();
  const rounds = Math.max(1, Math.trunc(options.rounds ?? 20));
  const shopIds = Object.keys(options.notificationConfig.shops);
  const parts = options.platformWarmUp ? shopIds.map((shopId) => options.platformWarmUp!(shopId)) : [];
  await injectQuietly(
    options.app,
    [{ method: 'GET', url: '/health' }, ...parts.flatMap((part) => part.requests)],
    rounds,
  );
  const events = parts.flatMap((part) => part.events);
  if (events.length > 0) await planInThrowawayEngine(options, events, rounds);
  const elapsedMs = performance.now() - started;
  options.logger.debug({ elapsedMs: Math.round(elapsedMs) }, 'warmed up');
  return elapsedMs;
}

/** Injects the requests `rounds` times with the server's log level raised, so that their refusals log nothing. */
async function injectQuietly(app: FastifyInstance, requests: InjectOptions[], rounds: number): Promise<void> {
  // Fastify gives each request a child of this logger, which takes the level it has at that moment.
  const level = app.log.level;
  app.log.level = 'error';
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const request of requests) await app.inject(request);
    }
  } finally {
    app.log.level = level;
  }
}

/**
 * Accepts the events `rounds` times, each round's events concurrently (as a burst would), in an engine of the
 * same shops and providers over an in-memory outbox. An event the engine refuses is left alone: it warmed up
 * the code up to its refusal.
 */
async function planInThrowawayEngine(
  options: WarmUpOptions,
  events: OrderEvent[],
  rounds: number,
): Promise<void> {
  const engine = createNotificationEngine({
    store: await createSqliteStore({ filename: ':memory:' }),
    config: options.notificationConfig,
    providers: options.providers,
  });
  try {
    for (let round = 0; round < rounds; round += 1) {
      // A new order id each round, so that every round plans its messages (a status already recorded would not).
      const ofRound = events.map((event) =>
        event.order ? { ...event, order: { ...event.order, id: `${event.order.id}-${round}` } } : event,
      );
      await Promise.allSettled(ofRound.map((event) => acceptEvents(engine, [event], { recordStatus: true })));
    }
  } finally {
    await engine.close();
  }
}
