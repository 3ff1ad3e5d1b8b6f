/** A fault waiting for its next `remaining` uses. */
interface QueuedFaultUses {
  remaining: number;
}

/**
 * Queues a fault behind those already waiting, for its next `times` uses (at least one, the default);
 * {@link takeQueuedFault} takes them. Fake servers and the sandbox queue their injected faults this way.
 * @param queue - the faults, oldest first
 * @param fault - the fault and what it applies to, without its count of uses
 * @param times - how many requests (or calls) it is for
 */
export function pushQueuedFault<Queued extends QueuedFaultUses>(
  queue: Queued[],
  fault: Omit<Queued, 'remaining'>,
  times: number | undefined,
): void {
  queue.push({ ...fault, remaining: Math.max(1, times ?? 1) } as Queued);
}

/**
 * Takes one use of the oldest queued fault that `applies` accepts, if any; a fault used up leaves the queue. Fake
 * servers and the sandbox queue their injected faults with {@link pushQueuedFault}.
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
