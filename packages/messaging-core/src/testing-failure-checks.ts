import { expect } from 'vitest';
import {
  ApiCallError,
  AuthenticationError,
  InsufficientBalanceError,
  MessagingError,
  RateLimitError,
  TimeoutError,
} from './errors';
import {
  type ConformanceCheck,
  failure,
  record,
  SETTLE_GRACE_MS,
  send,
  settleWithin,
} from './testing-context';

/** Refused credentials: `AuthenticationError`, not retryable, not delivered, nothing sent. */
export const authFailure: ConformanceCheck = {
  name: 'fails with AuthenticationError when the credentials are refused',
  async run(context) {
    const { setup } = context;
    setup.simulate('auth');
    const error = failure(await send(context, { to: setup.validRecipient, text: 'Auth' }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).isRetryable).toBe(false);
    expect((error as AuthenticationError).maybeDelivered).toBe(false);
    expect(setup.sentMessages()).toHaveLength(0);
  },
};

/** An empty balance: `InsufficientBalanceError`, not delivered. */
export const balanceFailure: ConformanceCheck = {
  name: 'fails with InsufficientBalanceError when the balance is too low',
  async run(context) {
    const { setup } = context;
    setup.simulate('insufficient-balance');
    const error = failure(await send(context, { to: setup.validRecipient, text: 'Balance' }));
    expect(InsufficientBalanceError.isInstance(error)).toBe(true);
    expect((error as InsufficientBalanceError).maybeDelivered).toBe(false);
  },
};

/** A rate limit: `RateLimitError` with the server's `retryAfterMs`, retryable, not delivered. */
export const rateLimit: ConformanceCheck = {
  name: 'fails with RateLimitError carrying retryAfterMs, retryable and not delivered',
  async run(context) {
    const { setup } = context;
    setup.simulate('rate-limit', { retryAfterMs: 2000 });
    const error = failure(await send(context, { to: setup.validRecipient, text: 'Rate' }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect((error as RateLimitError).isRetryable).toBe(true);
    expect((error as RateLimitError).maybeDelivered).toBe(false);
  },
};

/** A 5xx answer to a send: `ApiCallError`, retryable, maybe delivered. */
export const serverError: ConformanceCheck = {
  name: 'reports a server error on a send as retryable but maybe delivered',
  async run(context) {
    const { setup } = context;
    setup.simulate('server-error');
    const error = failure(await send(context, { to: setup.validRecipient, text: 'Server' }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).isRetryable).toBe(true);
    expect((error as ApiCallError).maybeDelivered).toBe(true);
  },
};

/** A server that never answers: `TimeoutError`, maybe delivered, within `timeoutMs`. */
export const timeoutFailure: ConformanceCheck = {
  name: 'reports a send that timed out as maybe delivered, within its timeoutMs',
  async run(context) {
    const { setup } = context;
    const timeoutMs = setup.timeoutMs ?? 300;
    const waitMs = timeoutMs + SETTLE_GRACE_MS;
    setup.simulate('timeout');
    const outcome = await settleWithin(
      send(context, { to: setup.validRecipient, text: 'Timeout' }, { timeoutMs }),
      waitMs,
    );
    if (outcome === undefined) {
      throw new Error(
        `The provider ignored timeoutMs: a send given timeoutMs: ${timeoutMs} to a server that never answers was still pending after ${waitMs} ms.`,
      );
    }
    const error = failure(outcome);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).maybeDelivered).toBe(true);
  },
};

/** The balance is read, and a server error on a read is not maybe delivered. */
export const balanceRead: ConformanceCheck = {
  name: 'reads the balance when it can, and a server error on a read is not maybe delivered',
  async run(context) {
    const { provider } = context.setup;
    if (!provider.getBalance) return;
    const balance = await provider.getBalance();
    expect(balance.credits !== undefined || balance.amount !== undefined).toBe(true);
    context.setup.simulate('server-error');
    const error = failure(await record(context, provider.getBalance()));
    expect(MessagingError.isInstance(error)).toBe(true);
    expect((error as MessagingError).maybeDelivered).toBe(false);
  },
};

/** The checks of calls that fail: each typed failure, a timeout, a failed read. */
export const FAILURE_CHECKS: ConformanceCheck[] = [
  authFailure,
  balanceFailure,
  rateLimit,
  serverError,
  timeoutFailure,
  balanceRead,
];
