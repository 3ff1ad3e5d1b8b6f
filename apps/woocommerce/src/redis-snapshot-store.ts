import { configError, connectionPassword, serviceEnvSchema } from '@x/app-service-kit';
import { MessagingError, NetworkError, TimeoutError, ValidationError } from '@x/messaging-core';
import { orderItemsSchema } from '@x/order-notifications';
import { redactText, redactUrl } from '@x/provider-utils';
import { createClient } from 'redis';
import { z } from 'zod';
import type { OrderSnapshot } from './order-snapshot-cache';
import type { OrderSnapshotStore } from './order-snapshot-store';

/** How long a snapshot stays in Redis after its last write: 30 days. */
export const DEFAULT_SNAPSHOT_TTL_SECONDS = 30 * 24 * 60 * 60;
/** The prefix of every snapshot key. */
export const DEFAULT_SNAPSHOT_KEY_PREFIX = 'woocommerce:order-snapshot:';
/** The longest a webhook waits for Redis, connection included, before going on without it. */
export const DEFAULT_REDIS_TIMEOUT_MS = 250;

/** What the store reports about the connection (a pino logger fits). */
export interface SnapshotStoreLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link RedisSnapshotStore}. */
export interface RedisSnapshotStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` (TLS). */
  url: string;
  /** Prefix of the keys, `<prefix><shop>:<order>`; {@link DEFAULT_SNAPSHOT_KEY_PREFIX} by default. */
  keyPrefix?: string;
  /** Lifetime of a snapshot after its last write, in seconds (default 30 days). */
  ttlSeconds?: number;
  /** Bound of one read or write, waiting for the connection included (default 250 ms). */
  timeoutMs?: number;
  /** Connection losses and recoveries are reported here, without the password. */
  logger?: SnapshotStoreLogger;
}

type RedisClient = ReturnType<typeof createClient>;

const snapshotSchema = z.object({
  order: z.object({
    id: z.string(),
    number: z.string(),
    status: z.string(),
    total: z.string(),
    currency: z.string(),
    // One plain loop over the lines, not a schema per line: a large order's snapshot is read on each note.
    items: orderItemsSchema,
    paymentMethod: z.string().optional(),
    shippingMethod: z.string().optional(),
    createdAt: z.coerce.date().optional(),
    updatedAt: z.coerce.date().optional(),
    trackingNumber: z.string().optional(),
    trackingCompany: z.string().optional(),
    trackingUrl: z.string().optional(),
  }),
  customer: z.object({
    id: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
});

/**
 * The order snapshots in Redis, shared by every instance of the service: one key per shop and order
 * (`<prefix><shop>:<order>`), the snapshot as JSON, expiring `ttlSeconds` after its last write.
 *
 * The connection is opened by {@link RedisSnapshotStore.connect} (the service calls it at start) or else by the
 * first read or write, and re-opened in the background after a loss. No call waits longer than `timeoutMs`
 * for Redis (a reply that arrived while the event loop was blocked still counts): while Redis is unreachable,
 * reads and writes fail at once with a `NetworkError` (or a `TimeoutError` when Redis is slow), so a webhook
 * goes on without the snapshot. The URL's password appears in no log line and no error.
 */
export class RedisSnapshotStore implements OrderSnapshotStore {
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #ttlSeconds: number;
  readonly #timeoutMs: number;
  readonly #logger: SnapshotStoreLogger | undefined;
  readonly #printableUrl: string;
  /** The URL's password, hidden (raw and URL-encoded) in every text this store logs or throws. */
  readonly #secrets: (string | undefined)[];
  #started = false;
  #closed = false;
  /** The last connection error since the connection was last ready; set while Redis is unreachable. */
  #lastError: Error | undefined;
  /** Settles with the first connection attempt in progress. */
  #waiting: Promise<void> | undefined;

  /**
   * Creates the store; nothing connects until the first read or write.
   * @param options - URL, key prefix, TTL, time bound and logger
   * @throws ValidationError when the TTL or the time bound is not a positive integer
   */
  constructor(options: RedisSnapshotStoreOptions) {
    this.#ttlSeconds = positiveInteger(options.ttlSeconds ?? DEFAULT_SNAPSHOT_TTL_SECONDS, 'ttlSeconds');
    this.#timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS, 'timeoutMs');
    this.#prefix = options.keyPrefix ?? DEFAULT_SNAPSHOT_KEY_PREFIX;
    this.#logger = options.logger;
    this.#printableUrl = redactUrl(options.url);
    this.#secrets = [connectionPassword(options.url)];
    this.#client = createClient({
      url: options.url,
      // A command while disconnected fails at once instead of waiting for the connection to come back.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(1000, this.#timeoutMs),
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000),
      },
    });
    this.#client.on('error', (error: Error) => this.#onError(error));
    this.#client.on('ready', () => this.#onReady());
  }

  /** The Redis key of an order's snapshot. */
  key(shopId: string, orderId: string): string {
    return `${this.#prefix}${encodeURIComponent(shopId)}:${encodeURIComponent(orderId)}`;
  }

  /**
   * Reads an order's snapshot.
   * @param shopId - the shop
   * @param orderId - the order id
   * @returns the snapshot, or `undefined` when Redis has none
   * @throws NetworkError when Redis is unreachable or answers an error; TimeoutError after `timeoutMs`;
   *   ValidationError when the stored value is not a snapshot
   */
  async get(shopId: string, orderId: string): Promise<OrderSnapshot | undefined> {
    const raw = await this.#run('get', (client) => client.get(this.key(shopId, orderId)));
    if (raw === null) return undefined;
    const parsed = snapshotSchema.safeParse(jsonOrUndefined(raw));
    if (!parsed.success) {
      throw new ValidationError({
        message: "The value stored under the order's Redis key is not an order snapshot",
        target: 'redis snapshot',
        issues: parsed.error.issues.slice(0, 5).map((issue) => ({
          path: issue.path,
          message: issue.message,
          code: issue.code,
        })),
      });
    }
    return parsed.data;
  }

  /**
   * Writes an order's snapshot and restarts its TTL.
   * @param shopId - the shop
   * @param snapshot - the mapped order and customer
   * @throws NetworkError when Redis is unreachable or answers an error; TimeoutError after `timeoutMs`
   */
  async set(shopId: string, snapshot: OrderSnapshot): Promise<void> {
    const value = JSON.stringify(snapshot);
    await this.#run('set', (client) =>
      client.set(this.key(shopId, snapshot.order.id), value, {
        expiration: { type: 'EX', value: this.#ttlSeconds },
      }),
    );
  }

  /**
   * Opens the connection now, so that the first webhook does not pay for it within its time bound; the service
   * calls it at start. Later losses are retried in the background as before.
   * @throws NetworkError when the first attempt fails (Redis down, refused credentials, no answer within the
   *   connection time limit of `max(1000, timeoutMs)` ms)
   */
  async connect(): Promise<void> {
    try {
      await this.#connected();
    } catch (error) {
      throw this.#typed('connect', error);
    }
  }

  /** Closes the connection (waiting for the replies in flight when connected); safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#started) return;
    try {
      if (this.#client.isReady) await this.#client.close();
      else this.#client.destroy();
    } catch (error) {
      this.#logger?.warn({ store: 'redis', reason: this.#scrub(messageOf(error)) }, 'redis close failed');
    }
  }

  #onError(error: Error): void {
    const first = this.#lastError === undefined;
    this.#lastError = error;
    if (first && !this.#closed) {
      this.#logger?.warn(
        { store: 'redis', url: this.#printableUrl, reason: this.#scrub(messageOf(error)) },
        'redis unreachable: order snapshots are neither shared nor read until it is back',
      );
    }
  }

  #onReady(): void {
    if (this.#lastError)
      this.#logger?.info({ store: 'redis', url: this.#printableUrl }, 'redis reachable again');
    this.#lastError = undefined;
  }

  async #run<T>(operation: 'get' | 'set', command: (client: RedisClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const expire = () =>
        reject(
          new TimeoutError({
            message: `Redis snapshot ${operation} took longer than ${this.#timeoutMs} ms`,
            timeoutMs: this.#timeoutMs,
            url: this.#printableUrl,
          }),
        );
      // Timers run before the poll for I/O in a turn of the event loop: after the loop was blocked (a
      // synchronous SQLite commit, a busy machine), the timer would fire before a reply that has already
      // arrived is read. Waiting for that poll first makes the bound measure Redis, not our own stalls.
      timer = setTimeout(() => setImmediate(expire), this.#timeoutMs);
    });
    try {
      // Connected: the command is queued now, ahead of whatever else this turn schedules (the outbox commit).
      if (!this.#client.isReady || this.#closed) await Promise.race([this.#connected(), deadline]);
      return await Promise.race([command(this.#client), deadline]);
    } catch (error) {
      throw this.#typed(operation, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once the connection is ready; rejects at once while Redis is known to be unreachable. */
  #connected(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the snapshot store is closed'));
    if (!this.#started) {
      this.#started = true;
      // Retries in the background until closed; failures arrive as 'error' events.
      this.#client.connect().catch(() => undefined);
    }
    if (this.#client.isReady) return Promise.resolve();
    if (this.#lastError) return Promise.reject(this.#lastError);
    // One pair of listeners however many webhooks wait for the first connection.
    this.#waiting ??= new Promise<void>((resolve, reject) => {
      const onReady = () => {
        stop();
        resolve();
      };
      const onError = (error: Error) => {
        stop();
        reject(error);
      };
      const stop = () => {
        this.#client.off('ready', onReady);
        this.#client.off('error', onError);
        this.#waiting = undefined;
      };
      this.#client.on('ready', onReady);
      this.#client.on('error', onError);
    });
    return this.#waiting;
  }

  #typed(operation: 'get' | 'set' | 'connect', error: unknown): MessagingError {
    if (MessagingError.isInstance(error)) return error;
    const reason = this.#scrub(messageOf(this.#lastError ?? error));
    const code =
      (this.#lastError as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown })?.code;
    return new NetworkError({
      message: `Redis snapshot ${operation} failed: ${reason}`,
      url: this.#printableUrl,
      ...(typeof code === 'string' ? { code } : {}),
    });
  }

  #scrub(text: string): string {
    return redactText(text, this.#secrets);
  }
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((inner: unknown) => messageOf(inner)).join('; ');
  }
  return error instanceof Error ? error.message || error.name : String(error);
}

function positiveInteger(value: number, name: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new ValidationError({
    message: `${name} must be a positive integer`,
    target: 'settings',
    issues: [{ path: [name], message: 'expected a positive integer' }],
  });
}

/** The environment variables of the shared snapshot store. */
export const snapshotStoreEnvSchema = z.object({
  REDIS_URL: serviceEnvSchema.shape.REDIS_URL,
  REDIS_KEY_PREFIX: z.string().min(1).max(200).optional(),
  REDIS_SNAPSHOT_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).optional(),
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).optional(),
});

/** The snapshot store settings read from the environment. */
export type SnapshotStoreEnv = z.infer<typeof snapshotStoreEnvSchema>;

/**
 * Validates the snapshot store's environment variables (empty values count as unset). Values are never echoed.
 * @param env - `process.env` or a test's object
 * @throws ValidationError (`Invalid environment: REDIS_URL: ...`) naming the bad variable
 */
export function parseSnapshotStoreEnv(env: Record<string, string | undefined>): SnapshotStoreEnv {
  const present = Object.fromEntries(
    Object.keys(snapshotStoreEnvSchema.shape).flatMap((name) => {
      const value = env[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
  const result = snapshotStoreEnvSchema.safeParse(present);
  if (result.success) return result.data;
  throw configError(
    'environment',
    result.error.issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code })),
  );
}

/**
 * The shared snapshot store configured by the environment: Redis when `REDIS_URL` is set.
 * @param env - the parsed environment ({@link parseSnapshotStoreEnv})
 * @param logger - where connection losses are reported
 * @returns the Redis store, or `undefined` without `REDIS_URL` (the caller keeps its memory store)
 */
export function redisSnapshotStoreFromEnv(
  env: SnapshotStoreEnv,
  logger?: SnapshotStoreLogger,
): RedisSnapshotStore | undefined {
  if (!env.REDIS_URL) return undefined;
  return new RedisSnapshotStore({
    url: env.REDIS_URL,
    ...(env.REDIS_KEY_PREFIX ? { keyPrefix: env.REDIS_KEY_PREFIX } : {}),
    ...(env.REDIS_SNAPSHOT_TTL_SECONDS ? { ttlSeconds: env.REDIS_SNAPSHOT_TTL_SECONDS } : {}),
    ...(env.REDIS_TIMEOUT_MS ? { timeoutMs: env.REDIS_TIMEOUT_MS } : {}),
    ...(logger ? { logger } : {}),
  });
}
