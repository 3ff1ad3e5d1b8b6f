import { createHash, randomBytes } from 'node:crypto';
import { RECENT_ORDER_ITEMS, type RecentOrder, type SignInWindow, type WebhookDelivery } from './admin-store';
import { type EngineContext, errorField } from './engine-context';
import { normalizeLine, TEXT_LIMITS } from './inbound-text';
import type { OrderEvent } from './order-event';

/**
 * Writes what an owner gathered in memory at most once per interval, in the background: a record call never
 * waits for the store. The first record after a write starts the interval; one timer at a time, unreferenced
 * (it never holds the process open).
 */
class BackgroundWriter {
  readonly #intervalMs: number;
  readonly #write: () => Promise<void>;
  readonly #onError: (error: unknown) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(intervalMs: number, write: () => Promise<void>, onError: (error: unknown) => void) {
    this.#intervalMs = intervalMs;
    this.#write = write;
    this.#onError = onError;
  }

  /** Makes sure a write happens within the interval. */
  schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
    this.#timer.unref?.();
  }

  /** Resolves once the write in progress, if any, is over. */
  idle(): Promise<void> {
    return this.#writing;
  }

  /** Writes what is pending now (after a write already running). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(() => this.#write()).catch(this.#onError);
    return this.#writing;
  }
}

/** A shop's webhook statistics, for the setup page. */
export interface WebhookStats {
  /** The last delivery of each topic. */
  lastDeliveries: WebhookDelivery[];
  /** Deliveries refused for a wrong signature in the last 24 hours (counted per hour). */
  signatureFailures24h: number;
}

const DAY_MS = 24 * 3_600_000;

/**
 * Webhook statistics gathered in memory and written in the background at most once per interval (one write for
 * every shop and topic seen meanwhile), so a webhook never waits for them.
 */
export class WebhookActivity {
  readonly #context: EngineContext;
  readonly #deliveries = new Map<string, WebhookDelivery & { shopId: string }>();
  readonly #failures = new Map<string, { shopId: string; at: Date; count: number }>();
  readonly #writer: BackgroundWriter;

  /** @param context - the engine's shared parts @param intervalMs - the least time between two writes */
  constructor(context: EngineContext, intervalMs: number) {
    this.#context = context;
    this.#writer = new BackgroundWriter(
      intervalMs,
      () => this.#write(),
      (error) => context.logger.warn?.({ error: errorField(error) }, 'could not record webhook statistics'),
    );
  }

  /** Writes what is pending; an entry leaves memory only once written (a read meanwhile still counts it). */
  async #write(): Promise<void> {
    const deliveries = [...this.#deliveries];
    const failures = [...this.#failures].map(([key, failure]) => [key, { ...failure }] as const);
    if (deliveries.length > 0) {
      await this.#context.store.admin.recordWebhookDeliveries(deliveries.map(([, delivery]) => delivery));
      for (const [key, delivery] of deliveries) {
        if (this.#deliveries.get(key) === delivery) this.#deliveries.delete(key);
      }
    }
    if (failures.length > 0) {
      await this.#context.store.admin.addSignatureFailures(failures.map(([, failure]) => failure));
      for (const [key, written] of failures) {
        const pending = this.#failures.get(key)!;
        pending.count -= written.count;
        if (pending.count <= 0) this.#failures.delete(key);
      }
    }
  }

  /** Notes a delivery of a topic (bounded text: the topic comes from a request header). */
  recordDelivery(shopId: string, topic: string, at: Date = this.#context.now()): void {
    const entry = { shopId, topic: normalizeLine(String(topic), TEXT_LIMITS.status) || '(none)', at };
    const key = `${shopId}\u0000${entry.topic}`;
    const known = this.#deliveries.get(key);
    if (known === undefined || known.at < at) this.#deliveries.set(key, entry);
    this.#writer.schedule();
  }

  /** Notes a delivery refused for its signature. */
  recordSignatureFailure(shopId: string, at: Date = this.#context.now()): void {
    const key = `${shopId}\u0000${Math.floor(at.getTime() / 3_600_000)}`;
    const known = this.#failures.get(key);
    if (known === undefined) this.#failures.set(key, { shopId, at, count: 1 });
    else known.count++;
    this.#writer.schedule();
  }

  /** The shop's statistics, with what is still waiting to be written. */
  async stats(shopId: string): Promise<WebhookStats> {
    const since = new Date(this.#context.now().getTime() - DAY_MS);
    await this.#writer.idle();
    const stored = await this.#context.store.admin.webhookStats(shopId, since);
    const byTopic = new Map(stored.lastDeliveries.map((delivery) => [delivery.topic, delivery.at]));
    for (const pending of this.#deliveries.values()) {
      const at = byTopic.get(pending.topic);
      if (pending.shopId === shopId && (at === undefined || at < pending.at))
        byTopic.set(pending.topic, pending.at);
    }
    let failures = stored.signatureFailures;
    for (const pending of this.#failures.values()) {
      if (pending.shopId === shopId && pending.at >= since) failures += pending.count;
    }
    return {
      lastDeliveries: [...byTopic]
        .map(([topic, at]) => ({ topic, at }))
        .sort((a, b) => a.topic.localeCompare(b.topic)),
      signatureFailures24h: failures,
    };
  }

  /** Writes what is pending (at the engine's close). */
  flush(): Promise<void> {
    return this.#writer.flush();
  }
}

/** Recent orders kept per shop. */
export const RECENT_ORDERS_KEPT = 20;

/**
 * The latest orders of each shop, for previews against a real order: the normalised order (at most
 * {@link RECENT_ORDER_ITEMS} lines) and the customer's names, never the phone or e-mail. Written in the
 * background, at most once per interval, outside the accept's transaction: an accept never waits for them.
 */
export class RecentOrders {
  readonly #context: EngineContext;
  readonly #pending = new Map<string, RecentOrder>();
  readonly #writer: BackgroundWriter;

  /** @param context - the engine's shared parts @param intervalMs - the least time between two writes */
  constructor(context: EngineContext, intervalMs: number) {
    this.#context = context;
    this.#writer = new BackgroundWriter(
      intervalMs,
      async () => {
        const orders = [...this.#pending];
        if (orders.length === 0) return;
        await context.store.admin.saveRecentOrders(
          orders.map(([, order]) => order),
          RECENT_ORDERS_KEPT,
        );
        for (const [key, order] of orders) if (this.#pending.get(key) === order) this.#pending.delete(key);
      },
      (error) => context.logger.warn?.({ error: errorField(error) }, 'could not record recent orders'),
    );
  }

  /** Notes the orders of accepted (parsed, normalised) events. */
  record(events: readonly OrderEvent[]): void {
    for (const event of events) {
      if (event.order === undefined) continue;
      const customer: RecentOrder['customer'] = {};
      for (const field of ['id', 'firstName', 'lastName'] as const) {
        if (event.customer[field] !== undefined) customer[field] = event.customer[field];
      }
      const order = { ...event.order, items: event.order.items.slice(0, RECENT_ORDER_ITEMS) };
      const at = this.#context.now();
      this.#pending.set(`${event.shopId}\u0000${order.id}`, { shopId: event.shopId, at, order, customer });
    }
    if (this.#pending.size > 0) this.#writer.schedule();
  }

  /** The shop's latest order: pending, else stored. */
  async latest(shopId: string): Promise<RecentOrder | undefined> {
    const pending = [...this.#pending.values()].filter((order) => order.shopId === shopId).at(-1);
    return pending ?? (await this.#context.store.admin.recentOrders(shopId, 1))[0];
  }

  /** Writes what is pending (at the engine's close). */
  flush(): Promise<void> {
    return this.#writer.flush();
  }
}

/** A signed-in session as the admin API uses it. */
export interface AdminSession {
  /** The signed-in user's name. */
  user: string;
  /** The token state-changing requests must carry in `x-csrf-token`. */
  csrfToken: string;
  /** When it ends. */
  expiresAt: Date;
}

/** Sessions of the admin console, shared by every instance through the store. */
export interface AdminSessions {
  /**
   * Starts a session; `id` goes into the cookie and is stored only as its SHA-256.
   * @throws RangeError when `ttlMs` is not a positive number
   */
  create(options: { user: string; ttlMs: number }): Promise<AdminSession & { id: string }>;
  /** The session of a cookie's id, when it exists and has not expired. */
  get(id: string): Promise<AdminSession | undefined>;
  /** Ends a session (sign-out). */
  delete(id: string): Promise<void>;
  /** Deletes expired sessions; returns how many. */
  deleteExpired(): Promise<number>;
  /**
   * Counts a sign-in attempt of a client address in the store, atomically, so that every instance sharing it
   * counts against one limit, and attempts made at the same moment are each counted.
   * @param client - the client's address, stored only as its SHA-256
   * @param windowMs - how long a window of attempts lasts, from its first attempt
   * @returns the client's window after counting this attempt
   */
  countSignInAttempt(client: string, windowMs: number): Promise<SignInWindow>;
  /**
   * Counts an attempt of a client address only when it has a window still open (it failed lately), in one atomic
   * statement; otherwise writes nothing. For a credential that was right: it is refused while the client is over
   * its limit, without a write for every request of a client that never fails.
   * @param client - the client's address, stored only as its SHA-256
   * @param windowMs - how long a window of attempts lasts, from its first attempt
   * @returns the client's window after counting this attempt, or undefined when it has none open
   */
  countSignInAttemptInWindow(client: string, windowMs: number): Promise<SignInWindow | undefined>;
  /** Forgets a client address's attempts (after a successful sign-in). */
  clearSignInAttempts(client: string): Promise<void>;
  /** Deletes the attempt windows older than `windowMs`; returns how many. */
  deleteStaleSignInAttempts(windowMs: number): Promise<number>;
}

/**
 * The SHA-256 of a session id or a client address, hex. For an address this keeps it out of sight, not secret:
 * the addresses are few enough to be tried one by one.
 */
function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** A session id as {@link AdminSessions.create} makes them: 43 base64url characters (256 random bits). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The engine's admin sessions: random ids (256 bits) stored as their SHA-256, so a copy of the database
 * signs nobody in.
 * @param context - the engine's shared parts
 */
export function createAdminSessions(context: EngineContext): AdminSessions {
  const { admin } = context.store;
  return {
    async create({ user, ttlMs }) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0)
        throw new RangeError('ttlMs must be a positive number of milliseconds');
      const id = randomBytes(32).toString('base64url');
      const createdAt = context.now();
      const session = {
        user,
        csrfToken: randomBytes(32).toString('base64url'),
        expiresAt: new Date(createdAt.getTime() + ttlMs),
      };
      await admin.createSession({ idHash: hashOf(id), createdAt, ...session });
      return { id, ...session };
    },
    async get(id) {
      if (!SESSION_ID.test(id)) return undefined;
      const stored = await admin.getSession(hashOf(id), context.now());
      return stored === undefined
        ? undefined
        : { user: stored.user, csrfToken: stored.csrfToken, expiresAt: stored.expiresAt };
    },
    async delete(id) {
      if (SESSION_ID.test(id)) await admin.deleteSession(hashOf(id));
    },
    deleteExpired: () => admin.deleteExpiredSessions(context.now()),
    countSignInAttempt: (client, windowMs) =>
      admin.countSignInAttempt(hashOf(client), context.now(), windowMs),
    countSignInAttemptInWindow: (client, windowMs) =>
      admin.countSignInAttemptInWindow(hashOf(client), context.now(), windowMs),
    clearSignInAttempts: (client) => admin.clearSignInAttempts(hashOf(client)),
    deleteStaleSignInAttempts: (windowMs) =>
      admin.deleteStaleSignInAttempts(new Date(context.now().getTime() - windowMs)),
  };
}
