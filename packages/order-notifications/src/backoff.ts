/**
 * Delay before attempt `attempt + 1`, after `attempt` failed attempts: exponential from `initialMs`, capped at
 * `maxMs`, with "equal jitter" (between half and all of the step) so that many failed sends do not come back
 * at once. A provider's `retryAfterMs` is honoured when longer.
 *
 * @param attempt - attempts made so far (1 or more)
 * @param options - initial and maximum delay; `random` for tests
 */
export function retryDelayMs(
  attempt: number,
  options: { initialMs: number; maxMs: number; retryAfterMs?: number | undefined; random?: () => number },
): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  const random = options.random ?? Math.random;
  const jittered = step / 2 + (random() * step) / 2;
  return Math.round(Math.max(jittered, options.retryAfterMs ?? 0));
}
