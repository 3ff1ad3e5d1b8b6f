import { delay } from '@x/messaging-core';
import { type EngineContext, errorField } from './engine-context';
import type { OutboxMessage } from './outbox-store';
import { attemptOf, logOptedOut, ProviderLimiters, SentRecorder, sendClaimedMessage } from './send-message';

/** Options of {@link NotificationEngine.startDispatcher}. */
export interface DispatcherOptions {
  /** Most sends in flight at once (default 4). */
  concurrency?: number;
  /** How long to wait when nothing is due, in milliseconds (default 1000). */
  pollIntervalMs?: number;
  /** Most sends per second to each provider (default 20); `Infinity` for no limit. */
  ratePerSecond?: number | Record<string, number>;
  /** Attempts before a retryable failure becomes `dead` (default: the engine's, 5). */
  maxAttempts?: number;
  /**
   * How long a claim holds, in milliseconds (default: the engine's `leaseMs`). A message still `sending` after
   * this is taken as lost with its worker and becomes `unknown`; keep it at least twice the send timeout.
   */
  leaseMs?: number;
  /**
   * How often expired claims are released and unknown outcomes reconciled, in milliseconds (default a third of
   * the lease, at most 30 s).
   */
  maintenanceIntervalMs?: number;
  /** How often delivery reports are polled, in milliseconds (default 5 minutes; 0 turns polling off). */
  reportIntervalMs?: number;
}

/** Options of {@link Dispatcher.stop} and {@link NotificationEngine.close}. */
export interface StopOptions {
  /**
   * When the stop must be over, in epoch milliseconds (the scale of `Date.now()`). Sends still in flight at
   * the deadline are abandoned: their provider call is aborted and, since the provider may have the message,
   * each becomes `unknown` (reason `abandoned-at-shutdown`), which reconciliation settles after the restart:
   * found at the provider, or sent again once `reconcileAfterMs` has passed. Without a deadline the stop
   * waits for every send in flight.
   */
  deadline?: number;
}

/** A running dispatcher. */
export interface Dispatcher {
  /** Whether the loop is running. */
  readonly running: boolean;
  /**
   * Stops claiming; resolves once the sends in flight have finished and been recorded, or at the deadline
   * when one is given (see {@link StopOptions}).
   */
  stop(options?: StopOptions): Promise<void>;
}

/** Background work of a dispatcher: provider calls that run beside the sends. */
export interface DispatcherHooks {
  /** The claims' owner, unique to this dispatcher. */
  workerId: string;
  /** Settles `unknown` messages. */
  reconcile(signal: AbortSignal): Promise<void>;
  /** Polls delivery reports of `sent` messages. */
  reports(signal: AbortSignal): Promise<void>;
}

/** The dispatcher loop behind {@link NotificationEngine.startDispatcher}. */
export class DispatcherLoop implements Dispatcher {
  readonly #context: EngineContext;
  readonly #options: Required<Omit<DispatcherOptions, 'ratePerSecond'>>;
  readonly #limiters: ProviderLimiters;
  readonly #recorder: SentRecorder;
  readonly #hooks: DispatcherHooks;
  /** Sends in flight, with the message each one sends. */
  readonly #inFlight = new Map<Promise<void>, OutboxMessage>();
  /** Aborts the provider calls of sends and background work that a shutdown deadline abandons. */
  readonly #abort = new AbortController();
  #background: Promise<void> = Promise.resolve();
  #running = true;
  #wake: (() => void) | undefined;
  #done: Promise<void>;

  /**
   * Starts the loop at once.
   * @param context - the engine's shared parts
   * @param options - the dispatcher's settings
   * @param hooks - the worker id and the background work
   */
  constructor(context: EngineContext, options: DispatcherOptions, hooks: DispatcherHooks) {
    this.#context = context;
    const leaseMs = options.leaseMs ?? context.leaseMs;
    this.#options = {
      concurrency: Math.max(1, Math.trunc(options.concurrency ?? 4)),
      pollIntervalMs: Math.max(1, options.pollIntervalMs ?? 1000),
      maxAttempts: Math.max(1, Math.trunc(options.maxAttempts ?? context.maxAttempts)),
      leaseMs,
      maintenanceIntervalMs: options.maintenanceIntervalMs ?? Math.min(30_000, Math.ceil(leaseMs / 3)),
      reportIntervalMs: options.reportIntervalMs ?? 5 * 60_000,
    };
    this.#limiters = new ProviderLimiters(options.ratePerSecond);
    this.#recorder = new SentRecorder(context.store);
    this.#hooks = hooks;
    this.#done = this.#loop();
  }

  get running(): boolean {
    return this.#running;
  }

  async stop(options: StopOptions = {}): Promise<void> {
    this.#running = false;
    this.#wake?.();
    if (options.deadline === undefined) return this.#done;
    // The deadline's timer is cleared when the loop ends first, so that it does not hold the process open.
    const deadline = new AbortController();
    const finished = await Promise.race([
      this.#done.then(() => true),
      delay(Math.max(0, options.deadline - Date.now()), deadline.signal).then(
        () => false,
        () => true,
      ),
    ]);
    deadline.abort();
    if (!finished) await this.#abandon();
  }

  /** Gives up on the sends in flight: aborts their calls and leaves each message `unknown` for reconciliation. */
  async #abandon(): Promise<void> {
    this.#abort.abort(new Error('The dispatcher was stopped at its shutdown deadline'));
    const messages = [...new Set(this.#inFlight.values())];
    const { store, logger } = this.#context;
    const now = this.#context.now();
    const patch = {
      status: 'unknown' as const,
      reason: 'abandoned-at-shutdown',
      updatedAt: now,
      lastError: { kind: 'unknown', message: 'The send was abandoned at shutdown; the provider may have it' },
    };
    const guard = { status: ['sending' as const], workerId: this.#hooks.workerId };
    let abandoned = 0;
    for (const message of messages) {
      try {
        if (await store.update(message.id, { ...patch, attempt: attemptOf(message, patch) }, guard))
          abandoned++;
      } catch (error) {
        // The claim then expires into `unknown` after the restart: the same outcome, later.
        logger.error?.(
          { messageId: message.id, error: errorField(error) },
          'could not record an abandoned send',
        );
      }
    }
    logger.warn?.(
      { workerId: this.#hooks.workerId, abandoned },
      'shutdown deadline reached: sends still in flight were abandoned and are now unknown',
    );
  }

  #sleep(ms: number, alsoWakeOn?: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
      alsoWakeOn?.then(done, done);
    });
  }

  /** Releases lost claims and starts the background work that is due. */
  async #maintain(due: { maintenance: boolean; reports: boolean }): Promise<void> {
    const signal = this.#abort.signal;
    if (due.maintenance) {
      const released = await this.#context.store.releaseExpired(this.#context.now());
      if (released > 0) {
        this.#context.logger.warn?.(
          { released },
          'claims expired with their worker; those messages are now unknown',
        );
      }
      // Provider calls run beside the sends, never in their way.
      this.#background = this.#background.then(() => this.#hooks.reconcile(signal)).catch(() => undefined);
    }
    if (due.reports) {
      this.#background = this.#background.then(() => this.#hooks.reports(signal)).catch(() => undefined);
    }
  }

  /** Claims what the free slots can take and starts sending it; returns how many were claimed. */
  async #claimAndSend(free: number): Promise<number> {
    const claimed = await this.#context.store.claim({
      now: this.#context.now(),
      limit: free,
      leaseMs: this.#options.leaseMs,
      workerId: this.#hooks.workerId,
    });
    for (const message of claimed) {
      if (message.status === 'skipped') {
        logOptedOut(this.#context, message);
        continue;
      }
      const sending = sendClaimedMessage(this.#context, message, {
        workerId: this.#hooks.workerId,
        limiters: this.#limiters,
        maxAttempts: this.#options.maxAttempts,
        recorder: this.#recorder,
        signal: this.#abort.signal,
      });
      const tracked: Promise<void> = sending
        .catch(() => undefined)
        .finally(() => this.#inFlight.delete(tracked));
      this.#inFlight.set(tracked, message);
    }
    return claimed.length;
  }

  async #loop(): Promise<void> {
    const { logger } = this.#context;
    const { workerId } = this.#hooks;
    logger.info?.({ workerId, ...this.#options }, 'dispatcher started');
    let nextMaintenance = 0;
    let nextReports =
      this.#options.reportIntervalMs > 0 ? Date.now() + this.#options.reportIntervalMs : Infinity;
    while (this.#running) {
      try {
        const clock = Date.now();
        const due = { maintenance: clock >= nextMaintenance, reports: clock >= nextReports };
        if (due.maintenance) nextMaintenance = clock + this.#options.maintenanceIntervalMs;
        if (due.reports) nextReports = clock + this.#options.reportIntervalMs;
        await this.#maintain(due);
        const inFlight = [...this.#inFlight.keys()];
        const free = this.#options.concurrency - inFlight.length;
        // Claim in batches: wait until at least half of the slots are free (one claim per message would cost a
        // database round trip each).
        if (free <= 0 || (free < this.#options.concurrency / 2 && inFlight.length > 0)) {
          await Promise.race(inFlight);
          continue;
        }
        if ((await this.#claimAndSend(free)) === 0) {
          const anyDone = inFlight.length > 0 ? Promise.race(inFlight) : undefined;
          await this.#sleep(this.#options.pollIntervalMs, anyDone);
        }
      } catch (error) {
        logger.error?.(
          { workerId, error: errorField(error) },
          'dispatcher pass failed; retrying after the poll interval',
        );
        await this.#sleep(this.#options.pollIntervalMs);
      }
    }
    await Promise.all(this.#inFlight.keys());
    await this.#background;
    logger.info?.({ workerId }, 'dispatcher stopped');
  }
}

/** Options of {@link NotificationEngine.dispatchOnce}. */
export interface DispatchOnceOptions {
  /** Most messages to handle in the pass (default 1000). */
  limit?: number;
  /** Most sends in flight at once (default 4). */
  concurrency?: number;
}

/**
 * One pass without a loop: releases lost claims, then claims and sends every due message (up to `limit`),
 * with no rate limit. Used by tests, scripts and hosts that schedule their own passes.
 * @param context - the engine's shared parts
 * @param workerId - the claims' owner, unique to this pass
 * @param options - limit and concurrency
 * @returns how many messages were handled
 */
export async function dispatchOnce(
  context: EngineContext,
  workerId: string,
  options: DispatchOnceOptions = {},
): Promise<number> {
  const { store } = context;
  await store.releaseExpired(context.now());
  const limit = Math.max(1, Math.trunc(options.limit ?? 1000));
  const concurrency = Math.max(1, Math.trunc(options.concurrency ?? 4));
  const sendOptions = {
    workerId,
    limiters: new ProviderLimiters(Number.POSITIVE_INFINITY),
    maxAttempts: context.maxAttempts,
    recorder: new SentRecorder(store),
  };
  let handled = 0;
  while (handled < limit) {
    const claimed = await store.claim({
      now: context.now(),
      limit: Math.min(limit - handled, 100),
      leaseMs: context.leaseMs,
      workerId,
    });
    if (claimed.length === 0) break;
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const message = claimed[next++]!;
        if (message.status === 'skipped') logOptedOut(context, message);
        else await sendClaimedMessage(context, message, sendOptions);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    handled += claimed.length;
  }
  return handled;
}
