import type { AdminSessions } from '@x/order-notifications';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { sendError } from '../http-errors';

/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Where attempts are counted: the engine's sessions, whose store every instance of the service shares. */
  store: Pick<
    AdminSessions,
    'countSignInAttempt' | 'countSignInAttemptInWindow' | 'clearSignInAttempts' | 'deleteStaleSignInAttempts'
  >;
  /** Attempts allowed per client address within a window (5). */
  maxAttempts?: number;
  /** The window, in milliseconds, from a client's first attempt (15 minutes). */
  windowMs?: number;
  /** The clock that tells how long is left of a window (`Date.now`); the store's windows use the engine's. */
  now?: () => number;
}

/**
 * Limits the credentials a client address may try: console sign-ins and the bearer tokens of scripts count
 * against one limit.
 */
export interface SignInLimiter {
  /**
   * Counts a sign-in attempt, before its credentials are checked, so that attempts sent at the same moment are
   * each counted.
   * @returns seconds until the client may try again when this attempt is over the limit, else 0
   */
  attempt(client: string): Promise<number>;
  /**
   * Decides a bearer token that was compared in memory, by one statement of the store issued at once, before
   * anything else is awaited: its place in the client's count is taken before the comparison's result is used,
   * so guesses sent at the same moment are each counted, and none is answered by what it is once the limit is
   * reached. A wrong token counts as an attempt. A right one counts only while the client has an open window
   * (nothing is written for a client that does not fail), is refused like a wrong one over the limit, and else
   * ends the window.
   * @param client - the client's address
   * @param right - whether the token is the right one
   * @returns seconds until the client may try again when refused for the limit, else 0
   */
  bearer(client: string, right: boolean): Promise<number>;
  /** Forgets a client's attempts (after a successful sign-in). */
  succeed(client: string): Promise<void>;
  /** Deletes the windows that have ended; returns how many. */
  deleteStale(): Promise<number>;
}

/**
 * A limiter counted in the engine's store: every instance sharing the store counts against one limit, and the
 * store holds one row per client address (its SHA-256) seen within a window. A window starts at a client's first
 * counted attempt and lasts `windowMs`; the attempt after `maxAttempts` in it is refused until it ends, whatever
 * its credentials, and a successful sign-in or a right bearer token within the limit ends it.
 * @param options - store and limits
 */
export function createSignInLimiter(options: SignInLimiterOptions): SignInLimiter {
  const maxAttempts = options.maxAttempts ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const { store } = options;
  const waitOf = (window: { attempts: number; startedAt: Date }) =>
    window.attempts <= maxAttempts
      ? 0
      : Math.max(1, Math.ceil((window.startedAt.getTime() + windowMs - now()) / 1000));
  return {
    attempt: async (client) => waitOf(await store.countSignInAttempt(client, windowMs)),
    async bearer(client, right) {
      if (!right) return waitOf(await store.countSignInAttempt(client, windowMs));
      const window = await store.countSignInAttemptInWindow(client, windowMs);
      if (window === undefined) return 0;
      const wait = waitOf(window);
      if (wait === 0) await store.clearSignInAttempts(client);
      return wait;
    },
    succeed: (client) => store.clearSignInAttempts(client),
    deleteStale: () => store.deleteStaleSignInAttempts(windowMs),
  };
}

/**
 * Deletes the ended attempt windows in the background; called at every attempt whose credentials are checked,
 * refused ones included, so that addresses that only ever fail (many, from an attacker's IPv6 range) leave no
 * more rows than one window's worth. A failure to delete is logged at warn.
 * @param limiter - the limiter
 * @param log - the request's logger
 */
export function deleteEndedWindows(limiter: SignInLimiter, log: FastifyBaseLogger): void {
  limiter.deleteStale().catch((error: unknown) => {
    log.warn({ err: error }, 'ended sign-in attempt windows not deleted');
  });
}

/**
 * Answers a client over its limit: 429 `too_many_attempts` with `Retry-After`, the same for a sign-in and a
 * bearer token, right or wrong.
 * @param reply - the reply
 * @param wait - seconds until the window ends
 */
export function sendTooManyAttempts(reply: FastifyReply, wait: number): FastifyReply {
  reply.header('retry-after', String(wait));
  return sendError(
    reply,
    429,
    'too_many_attempts',
    `Too many failed attempts from this address; try again in ${wait} s`,
  );
}
