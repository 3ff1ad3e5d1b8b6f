/**
 * Spaces calls evenly at `ratePerSecond`, letting a short burst through at once (a tenth of a second's worth,
 * at least one call). Uses the monotonic clock. `pause` holds every caller back, e.g. after the provider
 * answered 429.
 */
export class RateLimiter {
  readonly #interval: number;
  readonly #burstSpan: number;
  #next = Number.NEGATIVE_INFINITY;

  /** @param ratePerSecond - calls per second; `Infinity` (or 0) for no limit */
  constructor(ratePerSecond: number) {
    this.#interval = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
    const burst = this.#interval === 0 ? 1 : Math.max(1, Math.ceil(ratePerSecond / 10));
    this.#burstSpan = this.#interval * (burst - 1);
  }

  /** Resolves when the caller may make its call. */
  async acquire(): Promise<void> {
    const now = performance.now();
    if (this.#interval === 0 && this.#next <= now) return;
    const slot = Math.max(this.#next, now - this.#burstSpan);
    this.#next = slot + this.#interval;
    const wait = slot - now;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Holds every caller back for `delayMs`. */
  pause(delayMs: number): void {
    this.#next = Math.max(this.#next, performance.now() + delayMs);
  }
}
