import type { AcceptUnit, EnqueueResult, OutboxStore } from './outbox-store';

/** How concurrent accepts share one transaction. */
export interface GroupCommitOptions {
  /**
   * The longest the first accept of a batch waits for others, in milliseconds. A batch keeps gathering while the
   * turns of the event loop bring new accepts, and is written after two turns in a row bring none, or once this
   * window has passed since its first accept, whichever comes first. So a lone accept waits two turns (well under
   * a millisecond on an idle loop) whatever the window, while a burst, whose connections Node accepts one a turn,
   * shares few commits. 0 (default) writes at the next turn, gathering only the accepts of the same turn.
   */
  windowMs?: number;
  /** Most accepts written in one transaction (default 256). */
  maxBatch?: number;
  /** Batches written at the same time (default 1 for SQLite, whose writes are serial anyway; 4 otherwise). */
  maxInFlight?: number;
}

/** What one unit got back from its batch. */
export interface CommittedUnit {
  /** The values of the unit's records before it. */
  previous: (string | undefined)[];
  /** What the insert did. */
  result: EnqueueResult;
}

interface Pending {
  unit: AcceptUnit;
  resolve: (value: CommittedUnit) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns of the event loop in a row without a new accept that end a gathering batch. Two, not one: a check runs
 * in the loop's check phase, and an accept that arrives in that same phase, after the check, counts for the next
 * turn; a turn that only accepted a connection, whose request is read in the next turn, brings no accept either.
 */
const QUIET_TURNS = 2;

const nextTurn: (callback: () => void) => void =
  typeof globalThis.setImmediate === 'function'
    ? (callback) => globalThis.setImmediate(callback)
    : (callback) => setTimeout(callback, 0);

/**
 * Group commit: accepts submitted close together are written by ONE `acceptBatch` call (one transaction, one
 * disk flush). Each submitter's promise settles only once that transaction has committed, with its own
 * outcome: a unit that fails rejects its own submitter only.
 */
export class GroupCommitter {
  readonly #store: OutboxStore;
  readonly #windowMs: number;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #pending: Pending[] = [];
  #scheduled = false;
  #inFlight = 0;
  #idle: (() => void)[] = [];

  constructor(store: OutboxStore, options: GroupCommitOptions = {}) {
    this.#store = store;
    this.#windowMs = Math.max(0, options.windowMs ?? 0);
    this.#maxBatch = Math.max(1, Math.trunc(options.maxBatch ?? 256));
    this.#maxInFlight = Math.max(1, Math.trunc(options.maxInFlight ?? (store.kind === 'sqlite' ? 1 : 4)));
  }

  /** Queues a unit for the next batch; resolves after the batch holding it committed. */
  submit(unit: AcceptUnit): Promise<CommittedUnit> {
    return new Promise<CommittedUnit>((resolve, reject) => {
      this.#pending.push({ unit, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once every unit submitted so far has been written (or has failed). */
  drain(): Promise<void> {
    if (this.#pending.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Writes the pending units once {@link QUIET_TURNS} turns of the event loop in a row brought no new unit, or
   * when the batch is full, or once the window since the first of them has passed. Each check costs one
   * `setImmediate`: the loop still polls its sockets between checks, so the connections of a burst keep being
   * accepted (one a turn) and join the batch meanwhile.
   */
  #schedule(): void {
    if (this.#scheduled || this.#pending.length === 0 || this.#inFlight >= this.#maxInFlight) return;
    this.#scheduled = true;
    const deadline = performance.now() + this.#windowMs;
    let seen = this.#pending.length;
    let quiet = 0;
    const check = () => {
      quiet = this.#pending.length > seen ? 0 : quiet + 1;
      seen = this.#pending.length;
      if (quiet < QUIET_TURNS && seen < this.#maxBatch && performance.now() < deadline) {
        nextTurn(check);
        return;
      }
      this.#scheduled = false;
      this.#flush();
    };
    nextTurn(check);
  }

  #flush(): void {
    while (this.#pending.length > 0 && this.#inFlight < this.#maxInFlight) {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#inFlight++;
      this.#write(batch).finally(() => {
        this.#inFlight--;
        if (this.#pending.length > 0) this.#schedule();
        else if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.#store.acceptBatch(batch.map((pending) => pending.unit));
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (outcome === undefined) pending.reject(new Error('The store returned no outcome for an accept'));
        else if (outcome.ok) pending.resolve({ previous: outcome.previous, result: outcome.result });
        else pending.reject(outcome.error);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
