/**
 * Spaces calls evenly at `ratePerSecond`, allowing a short burst (a tenth of a second's worth). Uses the
 * monotonic clock. `pauseUntil` holds every caller back, e.g. after the provider answered 429.
 */
export class RateLimiter {
  readonly #interval: number;
  readonly #burst: number;
  #next = 0;

  /** @param ratePerSecond - calls per second; `Infinity` or 0 for no limit */
  constructor(ratePerSecond: number) {
    this.#interval = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
    this.#burst = this.#interval === 0 ? 0 : Math.max(1, Math.ceil(ratePerSecond / 10)) * this.#interval;
  }

  /** Resolves when the caller may make its call. */
  async acquire(): Promise<void> {
    if (this.#interval === 0 && this.#next === 0) return;
    const now = performance.now();
    const slot = Math.max(this.#next, now - this.#burst);
    this.#next = slot + this.#interval;
    const wait = slot - now;
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Holds every caller back for `delayMs`. */
  pause(delayMs: number): void {
    this.#next = Math.max(this.#next, performance.now() + delayMs);
  }
}
