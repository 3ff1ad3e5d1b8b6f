/** A fault waiting for its next `remaining` uses. */
export interface QueuedFaultUses {
  remaining: number;
}

/**
 * Takes one use of the oldest queued fault that `applies` accepts, if any; a fault used up leaves the queue. Fake
 * servers and the sandbox queue their injected faults this way.
 * @param queue - the faults, oldest first
 * @param applies - whether a queued fault is for the request at hand
 */
export function takeQueuedFault<Queued extends QueuedFaultUses>(
  queue: Queued[],
  applies: (queued: Queued) => boolean,
): Queued | undefined {
  const index = queue.findIndex(applies);
  if (index === -1) return undefined;
  const queued = queue[index]!;
  queued.remaining -= 1;
  if (queued.remaining <= 0) queue.splice(index, 1);
  return queued;
}
