/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** The attempt that failed, 1 for the first one. */
  attempt: number;
  /** The wait after the first failed attempt, in milliseconds; doubles for each further attempt. */
  initialMs: number;
  /** The longest wait, in milliseconds. */
  maxMs: number;
  /** How long the provider asked to wait (`Retry-After`), in milliseconds; honoured when longer. */
  retryAfterMs?: number | undefined;
  /** The source of randomness, `Math.random` by default (tests pass a fixed one). */
  random?: () => number;
}

/**
 * The wait before the next attempt after attempt number `attempt` failed: exponential from `initialMs`, capped at
 * `maxMs`, with "equal jitter" (half fixed, half random) so that many clients that failed together do not come
 * back together. A provider's `retryAfterMs` is honoured when it is longer.
 *
 * @param options - see {@link BackoffOptions}
 * @returns the wait in whole milliseconds
 *
 * @example
 * backoffDelay({ attempt: 3, initialMs: 500, maxMs: 10_000 }); // between 1000 and 2000
 */
export function backoffDelay(options: BackoffOptions): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, options.attempt - 1));
  const random = options.random ?? Math.random;
  const jittered = step / 2 + (random() * step) / 2;
  return Math.round(Math.max(jittered, options.retryAfterMs ?? 0));
}
