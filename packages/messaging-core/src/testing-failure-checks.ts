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
  type ConformanceContext,
  expectFailureOf,
  failure,
  failureWithinTimeout,
  record,
  send,
} from './testing-context';

/**
 * Tells the fake server to fail with `fault` (and its `options`), sends one SMS to the valid recipient, and returns what the send
 * failed with (a send that succeeded fails the check).
 */
async function failedSend(
  context: ConformanceContext,
  fault: 'auth' | 'insufficient-balance' | 'rate-limit' | 'server-error',
  text: string,
  options?: { retryAfterMs?: number },
): Promise<unknown> {
  context.setup.simulate(fault, options);
  return failure(await send(context, { to: context.setup.validRecipient, text }));
}

/** Refused credentials: `AuthenticationError`, not retryable, not delivered, nothing sent. */
export const authFailure: ConformanceCheck = {
  name: 'fails with AuthenticationError when the credentials are refused',
  async run(context) {
    const error = await failedSend(context, 'auth', 'Auth');
    expectFailureOf(error, AuthenticationError, { isRetryable: false, maybeDelivered: false });
    expect(context.setup.sentMessages()).toHaveLength(0);
  },
};

/** An empty balance: `InsufficientBalanceError`, not delivered. */
export const balanceFailure: ConformanceCheck = {
  name: 'fails with InsufficientBalanceError when the balance is too low',
  async run(context) {
    const error = await failedSend(context, 'insufficient-balance', 'Balance');
    expectFailureOf(error, InsufficientBalanceError, { maybeDelivered: false });
  },
};

/** A rate limit: `RateLimitError` with the server's `retryAfterMs`, retryable, not delivered. */
export const rateLimit: ConformanceCheck = {
  name: 'fails with RateLimitError carrying retryAfterMs, retryable and not delivered',
  async run(context) {
    const error = await failedSend(context, 'rate-limit', 'Rate', { retryAfterMs: 2000 });
    expectFailureOf(error, RateLimitError, { isRetryable: true, maybeDelivered: false });
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  },
};

/** A 5xx answer to a send: `ApiCallError`, retryable, maybe delivered. */
export const serverError: ConformanceCheck = {
  name: 'reports a server error on a send as retryable but maybe delivered',
  async run(context) {
    const error = await failedSend(context, 'server-error', 'Server');
    expectFailureOf(error, ApiCallError, { isRetryable: true, maybeDelivered: true });
  },
};

/** A server that never answers: `TimeoutError`, maybe delivered, within `timeoutMs`. */
export const timeoutFailure: ConformanceCheck = {
  name: 'reports a send that timed out as maybe delivered, within its timeoutMs',
  async run(context) {
    const { setup } = context;
    const call = (timeoutMs: number) =>
      send(context, { to: setup.validRecipient, text: 'Timeout' }, { timeoutMs });
    const error = await failureWithinTimeout(setup, call, 'a send');
    expectFailureOf(error, TimeoutError, { maybeDelivered: true });
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
    expectFailureOf(error, MessagingError, { maybeDelivered: false });
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
