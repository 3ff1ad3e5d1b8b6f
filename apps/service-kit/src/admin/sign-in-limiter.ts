import type { AdminSessions } from '@x/order-notifications';

/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Where attempts are counted: the engine's sessions, whose store every instance of the service shares. */
  store: Pick<AdminSessions, 'countSignInAttempt' | 'clearSignInAttempts' | 'deleteStaleSignInAttempts'>;
  /** Sign-in attempts allowed per client address within a window (5). */
  maxAttempts?: number;
  /** The window, in milliseconds, from a client's first attempt (15 minutes). */
  windowMs?: number;
  /** The clock that tells how long is left of a window (`Date.now`); the store's windows use the engine's. */
  now?: () => number;
}

/** Limits console sign-ins per client address. */
export interface SignInLimiter {
  /**
   * Counts a sign-in attempt, before its credentials are checked, so that attempts sent at the same moment are
   * each counted.
   * @returns seconds until the client may try again when this attempt is over the limit, else 0
   */
  attempt(client: string): Promise<number>;
  /** Forgets a client's attempts (after a successful sign-in). */
  succeed(client: string): Promise<void>;
  /** Deletes the windows that have ended; returns how many. */
  deleteStale(): Promise<number>;
}

/**
 * A sign-in limiter counted in the engine's store: every instance sharing the store counts against one limit,
 * and the store holds one row per client address (its SHA-256) seen within a window. A window starts at a
 * client's first attempt and lasts `windowMs`; the attempt after `maxAttempts` in it is refused until it ends,
 * and a successful sign-in ends it.
 * @param options - store and limits
 */
export function createSignInLimiter(options: SignInLimiterOptions): SignInLimiter {
  const maxAttempts = options.maxAttempts ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const { store } = options;
  return {
    async attempt(client) {
      const window = await store.countSignInAttempt(client, windowMs);
      if (window.attempts <= maxAttempts) return 0;
      return Math.max(1, Math.ceil((window.startedAt.getTime() + windowMs - now()) / 1000));
    },
    succeed: (client) => store.clearSignInAttempts(client),
    deleteStale: () => store.deleteStaleSignInAttempts(windowMs),
  };
}
