import { describe, expect, it } from 'vitest';
import { pushQueuedFault, takeQueuedFault } from '../src/index';

interface Queued {
  fault: string;
  method?: string;
  remaining: number;
}

describe('pushQueuedFault and takeQueuedFault', () => {
  it('serves a fault for the number of uses it was queued for, oldest first', () => {
    const queue: Queued[] = [];
    pushQueuedFault(queue, { fault: 'rate-limit' }, 2);
    pushQueuedFault(queue, { fault: 'auth' }, undefined);
    const taken = [1, 2, 3, 4].map(() => takeQueuedFault(queue, () => true)?.fault);
    expect(taken).toEqual(['rate-limit', 'rate-limit', 'auth', undefined]);
    expect(queue).toEqual([]);
  });

  it('counts at least one use, whatever `times` says', () => {
    const queue: Queued[] = [];
    pushQueuedFault(queue, { fault: 'timeout' }, 0);
    pushQueuedFault(queue, { fault: 'reset' }, -3);
    expect(queue.map((queued) => queued.remaining)).toEqual([1, 1]);
  });

  it('takes only a fault that applies, leaving the others queued in order', () => {
    const queue: Queued[] = [];
    pushQueuedFault(queue, { fault: 'auth', method: 'getBalance' }, 1);
    pushQueuedFault(queue, { fault: 'server-error', method: 'sendSms' }, 1);
    expect(takeQueuedFault(queue, (queued) => queued.method === 'sendSms')?.fault).toBe('server-error');
    expect(takeQueuedFault(queue, (queued) => queued.method === 'sendSms')).toBeUndefined();
    expect(queue.map((queued) => queued.fault)).toEqual(['auth']);
  });
});
