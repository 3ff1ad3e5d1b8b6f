import { MessagingError } from '@x/messaging-core';
import type { VoiceJob } from './call-store';
import { errorText, jobSaver, retryLater, type VoiceContext } from './voice-context';

/**
 * The write-back job: a note and/or a status written to the shop's order through the shop's
 * {@link OrderWriter}. Each step is recorded once done, so a retry repeats only what did not complete; the
 * writer gets the job's id as the idempotency key of each step and is told when a step is a retry. A writer's
 * error is retried with backoff, unless it is a `MessagingError` that says it is not retryable.
 */

/** One write of the job: its idempotency key, whether it is a retry, the time limit. */
type WriteStep = (key: string, retry: boolean, signal: AbortSignal) => Promise<void>;

/** The state of a `write-back` job. */
interface WriteBackState {
  note?: string;
  status?: string;
  noteWritten?: boolean;
  statusWritten?: boolean;
  /** The step that was being written when the job was last claimed (a crash may have completed it). */
  started?: 'note' | 'status';
  failures?: number;
}

/**
 * Runs a claimed `write-back` job.
 * @param context - the voice context
 * @param job - the claimed job
 * @param workerId - the claim's worker
 */
export async function runWriteBack(context: VoiceContext, job: VoiceJob, workerId: string): Promise<void> {
  const save = jobSaver(context, job, workerId);
  let state = { ...(job.state as WriteBackState) };
  const writer = context.orderWriters[job.shopId];
  if (writer === undefined || job.orderId === undefined) {
    await save({ status: 'failed', lastError: 'no order writer is configured for this shop' });
    return;
  }
  const timeoutMs = context.timings.requestTimeoutMs;
  const base = { shopId: job.shopId, orderId: job.orderId, timeoutMs };
  const steps: { step: 'note' | 'status'; done: 'noteWritten' | 'statusWritten'; write: WriteStep }[] = [
    {
      step: 'note',
      done: 'noteWritten',
      write: (key, retry, signal) => writer.addNote({ ...base, key, retry, note: state.note! }, signal),
    },
    {
      step: 'status',
      done: 'statusWritten',
      write: (key, retry, signal) => writer.setStatus({ ...base, key, retry, status: state.status! }, signal),
    },
  ];
  try {
    for (const { step, done, write } of steps) {
      if (state[step] === undefined || state[done]) continue;
      // Recorded before writing: a claim after a crash here tells the writer its write may have happened.
      const retry = state.started === step;
      state = { ...state, started: step };
      if (!(await save({ state: { ...state } }))) return;
      await write(`${job.id}:${step}`, retry, AbortSignal.timeout(timeoutMs));
      state = { ...state, [done]: true };
      delete state.started;
      if (!(await save({ state: { ...state } }))) return;
    }
    await save({ status: 'done', state: { ...state }, lastError: null });
  } catch (error) {
    if (MessagingError.isInstance(error) && !error.isRetryable) {
      // A refusal a retry cannot fix (a wrong secret, an unknown order): the job fails now, saying why.
      await save({ status: 'failed', state: { ...state }, lastError: errorText(error) });
      return;
    }
    await retryLater(context, job, save, error, { ...state, started: state.started } as Record<
      string,
      unknown
    >);
  }
}
