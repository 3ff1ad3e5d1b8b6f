import type { VoiceJob } from './call-store';
import { runCodCall } from './cod-call-job';
import { runMissedCall } from './missed-call-job';
import { errorText, type VoiceContext } from './voice-context';
import { runWriteBack } from './write-back-job';

/**
 * The voice worker: claims due voice jobs (calls to place or read back, write-backs, follow-ups) with a lease,
 * runs them, and sleeps until the next poll or until a call event wakes it.
 */

/** Options of {@link VoiceWorkerLoop}. */
export interface VoiceWorkerOptions {
  /** How often it looks for due jobs when nothing wakes it, ms (default 1000). */
  pollIntervalMs?: number;
  /** Most jobs claimed per pass (default 10). */
  batchSize?: number;
}

/** A running voice worker. */
export interface VoiceWorker {
  /** Whether its loop runs. */
  readonly running: boolean;
  /** Runs a pass soon (a call event arrived). */
  wake(): void;
  /** Stops after the jobs in flight; they keep their claim until its lease ends. */
  stop(): Promise<void>;
}

/**
 * Runs one claimed job; an unexpected error releases it for a retry after its lease.
 * @param context - the voice context
 * @param job - the claimed job
 * @param workerId - the claim's worker
 */
async function runJob(context: VoiceContext, job: VoiceJob, workerId: string): Promise<void> {
  try {
    if (job.kind === 'cod-call') await runCodCall(context, job, workerId);
    else if (job.kind === 'write-back') await runWriteBack(context, job, workerId);
    else await runMissedCall(context, job, workerId);
  } catch (error) {
    context.engine.logger.error?.(
      { jobId: job.id, kind: job.kind, error: errorText(error) },
      'voice job failed',
    );
  }
}

/**
 * One pass: claims due jobs and runs them; returns how many ran.
 * @param context - the voice context
 * @param workerId - who claims
 * @param limit - most jobs claimed
 */
export async function runVoiceJobsOnce(context: VoiceContext, workerId: string, limit = 10): Promise<number> {
  const jobs = await context.engine.store.calls.claimJobs({
    now: context.engine.now(),
    limit,
    leaseMs: context.timings.leaseMs,
    workerId,
  });
  await Promise.all(jobs.map((job) => runJob(context, job, workerId)));
  return jobs.length;
}

/** The loop behind {@link VoiceWorker}. */
export class VoiceWorkerLoop implements VoiceWorker {
  readonly #context: VoiceContext;
  readonly #workerId: string;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  #running = true;
  #wakeUp: (() => void) | undefined;
  #woken = false;
  readonly #done: Promise<void>;

  constructor(context: VoiceContext, workerId: string, options: VoiceWorkerOptions = {}) {
    this.#context = context;
    this.#workerId = workerId;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 10;
    this.#done = this.#loop();
  }

  get running(): boolean {
    return this.#running;
  }

  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wakeUp?.();
    await this.#done;
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let ran = 0;
      try {
        ran = await runVoiceJobsOnce(this.#context, this.#workerId, this.#batchSize);
      } catch (error) {
        this.#context.engine.logger.error?.({ error: errorText(error) }, 'voice worker pass failed');
      }
      if (ran > 0 || this.#woken || !this.#running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#pollIntervalMs);
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = undefined;
    }
  }
}
