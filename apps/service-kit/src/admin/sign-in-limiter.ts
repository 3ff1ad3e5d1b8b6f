/** Options of {@link createSignInLimiter}. */
export interface SignInLimiterOptions {
  /** Failures allowed per client within the window (5). */
  maxFailures?: number;
  /** The window, in milliseconds (15 minutes). */
  windowMs?: number;
  /** Most clients remembered; the one seen longest ago is forgotten first (10,000). */
  maxClients?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Counts failed sign-ins per client address. */
export interface SignInLimiter {
  /** Seconds until the client may try again, or 0 when it may now. */
  retryAfterSeconds(client: string): number;
  /** Records a failed attempt. */
  fail(client: string): void;
  /** Forgets a client's failures (after a successful sign-in). */
  succeed(client: string): void;
}

/**
 * A sign-in limiter held in memory, so per service instance: with several instances, a client gets
 * `maxFailures` tries on each. Memory is bounded: at most `maxClients` addresses, each with at most
 * `maxFailures` times; the address seen longest ago goes first.
 * @param options - limits and clock
 */
export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  function recent(client: string): number[] {
    const times = failures.get(client);
    if (!times) return [];
    const since = now() - windowMs;
    const kept = times.filter((time) => time > since);
    if (kept.length === 0) failures.delete(client);
    else failures.set(client, kept);
    return kept;
  }

  return {
    retryAfterSeconds(client) {
      const times = recent(client);
      if (times.length < maxFailures) return 0;
      const oldest = times[times.length - maxFailures] ?? now();
      return Math.max(1, Math.ceil((oldest + windowMs - now()) / 1000));
    },
    fail(client) {
      const times = recent(client);
      failures.delete(client);
      failures.set(client, [...times, now()].slice(-maxFailures));
      while (failures.size > maxClients) {
        const first = failures.keys().next().value;
        if (first === undefined) break;
        failures.delete(first);
      }
    },
    succeed(client) {
      failures.delete(client);
    },
  };
}
