/** The largest delay a timer accepts; anything longer (Infinity included) only ends on abort. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts. A delay beyond the
 * largest timer delay (Infinity included) never resolves by itself: it ends only on abort.
 *
 * @param ms - how long to wait
 * @param signal - aborts the wait
 * @returns a promise that resolves after the delay
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer =
      ms <= MAX_TIMER_MS
        ? setTimeout(
            () => {
              signal?.removeEventListener('abort', onAbort);
              resolve();
            },
            Math.max(0, ms),
          )
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
