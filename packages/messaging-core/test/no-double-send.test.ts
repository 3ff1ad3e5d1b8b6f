import { describe, expect, it } from 'vitest';
import {
  ApiCallError,
  fallback,
  InvalidRecipientError,
  MessagingError,
  RateLimitError,
  retryProvider,
  type SendSmsResult,
} from '../src/index';
import { createScriptedProvider, type Fault } from './support/scripted-provider';

const R1 = '+905321111111';
const R2 = '+905322222222';
const R3 = '+905323333333';
const TEXT = 'Siparişiniz kargoya verildi.';
const fast = { initialDelayMs: 0, maxDelayMs: 0 };

/** Two providers that take one recipient per request; `a` answers its requests with `faults`. */
function pair(faults: Fault[], backupFaults: Fault[] = []) {
  const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults });
  const b = createScriptedProvider('b', { recipientsPerRequest: 1, faults: backupFaults });
  const reachedBoth = (to: string) => a.deliveries(to) > 0 && b.deliveries(to) > 0;
  return { a, b, reachedBoth };
}

const outcome = (result: SendSmsResult) =>
  result.messages.map((message) => [message.to, message.status, message.providerId]);

describe('fallback over batched providers never sends to a recipient twice', () => {
  it('400 on the first request, 500 on the second: nothing reached a, both go through b once', async () => {
    const { a, b, reachedBoth } = pair(['refused', 'server-error']);
    const result = await fallback([a, b]).sendSms({ to: [R1, R2], text: TEXT });
    expect(a.requests).toEqual([[R1]]);
    expect(outcome(result)).toEqual([
      [R1, 'accepted', 'b'],
      [R2, 'accepted', 'b'],
    ]);
    expect([R1, R2].filter(reachedBoth)).toEqual([]);
  });

  it('500 then 400: the first stays unknown at a, the second (never attempted) goes through b', async () => {
    const { a, b, reachedBoth } = pair(['server-error', 'refused']);
    const result = await fallback([a, b]).sendSms({ to: [R1, R2], text: TEXT });
    expect(outcome(result)).toEqual([
      [R1, 'unknown', 'a'],
      [R2, 'accepted', 'b'],
    ]);
    expect(result.messages[0]?.error?.maybeDelivered).toBe(true);
    expect(b.calls).toEqual([[R2]]);
    expect([R1, R2].filter(reachedBoth)).toEqual([]);
  });

  it('a timeout in the middle of three requests: only the recipient never attempted moves on', async () => {
    const { a, b, reachedBoth } = pair(['ok', 'timeout']);
    const result = await fallback([a, b]).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(outcome(result)).toEqual([
      [R1, 'accepted', 'a'],
      [R2, 'unknown', 'a'],
      [R3, 'accepted', 'b'],
    ]);
    expect(b.calls).toEqual([[R3]]);
    expect([R1, R2, R3].filter(reachedBoth)).toEqual([]);
  });

  it('a 429 in the middle: the refused and the never attempted recipients move on, merged in order', async () => {
    const { a, b } = pair(['ok', 'rate-limit']);
    const result = await fallback([a, b]).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(outcome(result)).toEqual([
      [R1, 'accepted', 'a'],
      [R2, 'accepted', 'b'],
      [R3, 'accepted', 'b'],
    ]);
    expect(result.providerId).toBe('a');
  });

  it('all refused everywhere: rejects with the last error and nothing was sent', async () => {
    const { a, b } = pair(['refused'], ['refused']);
    const error = await fallback([a, b])
      .sendSms({ to: [R1, R2], text: TEXT })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error) && error.providerId).toBe('b');
    expect([R1, R2].map((to) => a.deliveries(to) + b.deliveries(to))).toEqual([0, 0]);
  });

  it('a recipient refused for its number is not sent through another member (no opt-out bypass)', async () => {
    const { a, b } = pair(['blacklisted-first', 'rate-limit']);
    const result = await fallback([a, b]).sendSms({ to: [R1, R2], text: TEXT });
    expect(outcome(result)).toEqual([
      [R1, 'rejected', 'a'],
      [R2, 'accepted', 'b'],
    ]);
    expect(InvalidRecipientError.isInstance(result.messages[0]?.error)).toBe(true);
    expect(b.calls).toEqual([[R2]]);
  });

  it('the caller aborts between requests: resolves with what is known and moves nothing on', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const a = createScriptedProvider('a', {
      recipientsPerRequest: 1,
      onRequest: () => controller.abort(reason),
    });
    const b = createScriptedProvider('b', { recipientsPerRequest: 1 });
    const result = await fallback([a, b]).sendSms(
      { to: [R1, R2, R3], text: TEXT },
      { signal: controller.signal },
    );
    expect(outcome(result)).toEqual([
      [R1, 'accepted', 'a'],
      [R2, 'rejected', 'a'],
      [R3, 'rejected', 'a'],
    ]);
    expect(result.messages[1]?.error?.cause).toBe(reason);
    expect(b.calls).toEqual([]);
  });

  it('an unknown outcome at the second member is reported, and never moved to a third', async () => {
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['ok', 'refused'] });
    const b = createScriptedProvider('b', { recipientsPerRequest: 1, faults: ['server-error'] });
    const c = createScriptedProvider('c', { recipientsPerRequest: 1 });
    const result = await fallback([a, b, c]).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(outcome(result)).toEqual([
      [R1, 'accepted', 'a'],
      [R2, 'unknown', 'b'],
      [R3, 'accepted', 'c'],
    ]);
    expect(c.calls).toEqual([[R3]]);
  });
});

describe('retryProvider over a batched provider never sends to a recipient twice', () => {
  it('400 on the first request, 500 on the second: the 400 is not retryable, nothing was sent', async () => {
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['refused', 'server-error'] });
    await expect(retryProvider(a, fast).sendSms({ to: [R1, R2], text: TEXT })).rejects.toSatisfy(
      ApiCallError.isInstance,
    );
    expect(a.requests).toEqual([[R1]]);
  });

  it('500 then 400: the unknown recipient is never sent again, the one never attempted is', async () => {
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['server-error', 'refused'] });
    const result = await retryProvider(a, fast).sendSms({ to: [R1, R2], text: TEXT });
    expect(a.calls).toEqual([[R1, R2], [R2]]);
    expect(outcome(result)).toEqual([
      [R1, 'unknown', undefined],
      [R2, 'rejected', 'a'],
    ]);
    expect(ApiCallError.isInstance(result.messages[1]?.error) && result.messages[1].error.statusCode).toBe(
      400,
    );
    expect([a.deliveries(R1), a.deliveries(R2)]).toEqual([1, 0]);
  });

  it('a timeout in the middle of three requests: only the never attempted recipient is sent again', async () => {
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['ok', 'timeout'] });
    const result = await retryProvider(a, fast).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(a.calls).toEqual([[R1, R2, R3], [R3]]);
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'unknown', 'accepted']);
    expect([R1, R2, R3].map((to) => a.deliveries(to))).toEqual([1, 1, 1]);
  });

  it('a 429 in the middle: the refused recipients are sent again after the wait, within maxRetries', async () => {
    const a = createScriptedProvider('a', {
      recipientsPerRequest: 1,
      faults: ['ok', 'rate-limit', 'rate-limit', 'rate-limit'],
    });
    const retries: number[] = [];
    const result = await retryProvider(a, {
      ...fast,
      maxRetries: 2,
      onRetry: (info) => retries.push(info.attempt),
    }).sendSms({ to: [R1, R2, R3], text: TEXT });
    expect(a.calls).toEqual([
      [R1, R2, R3],
      [R2, R3],
      [R2, R3],
    ]);
    expect(retries).toEqual([1, 2]);
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(RateLimitError.isInstance(result.messages[1]?.error)).toBe(true);
  });

  it('all refused with a retryable error: the whole call is retried, then the error thrown', async () => {
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['rate-limit', 'rate-limit'] });
    await expect(
      retryProvider(a, { ...fast, maxRetries: 1 }).sendSms({ to: [R1, R2], text: TEXT }),
    ).rejects.toSatisfy(RateLimitError.isInstance);
    expect(a.requests).toEqual([[R1], [R1]]);
  });

  it('the caller aborts during the wait: resolves with what is known, sends nothing more', async () => {
    const controller = new AbortController();
    const a = createScriptedProvider('a', { recipientsPerRequest: 1, faults: ['ok', 'rate-limit'] });
    const result = await retryProvider(a, {
      initialDelayMs: 60_000,
      onRetry: () => controller.abort(new Error('stop')),
    }).sendSms({ to: [R1, R2], text: TEXT }, { signal: controller.signal });
    expect(a.calls).toEqual([[R1, R2]]);
    expect(result.messages.map((message) => message.status)).toEqual(['accepted', 'rejected']);
    expect(MessagingError.isInstance(result.messages[1]?.error)).toBe(true);
  });
});
