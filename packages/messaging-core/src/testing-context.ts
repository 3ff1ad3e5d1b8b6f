import { expect } from 'vitest';
import { MessagingError } from './errors';
import type { CallOptionsV1, SendSmsRequestV1, SendSmsResultV1 } from './sms-provider/v1/sms-provider-v1';
import type { ConformanceSetup } from './testing-setup';

/** How long past its deadline the kit waits for a call that should have ended (on abort or on `timeoutMs`). */
export const SETTLE_GRACE_MS = 2000;

/** What the leak checks read of a setup: the secrets to look for and what the provider's hooks logged. */
export interface LeakSources {
  secrets: string[];
  logs: unknown[];
}

/** What one conformance check works with, and what it leaves for the leak checks run after it. */
export interface ConformanceContext<Setup extends LeakSources = ConformanceSetup> {
  /** The provider package's setup for this check. */
  readonly setup: Setup;
  /** Everything the provider's calls threw, and the per-recipient errors of the sends that resolved. */
  readonly errors: unknown[];
  /** Every recipient the check sent to, as given. */
  readonly recipients: string[];
}

/** One check of the kit: its name (the test's title) and what it does. */
export interface ConformanceCheck<Setup extends LeakSources = ConformanceSetup> {
  /** What the check expects, as a sentence. */
  name: string;
  /** Runs the check; it fails by throwing. Errors and recipients are left in `context` for the leak checks. */
  run(context: ConformanceContext<Setup>): Promise<void> | void;
}

/** The outcome of one call: its value, or what it threw. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A fresh context for one check. */
export function createConformanceContext<Setup extends LeakSources>(setup: Setup): ConformanceContext<Setup> {
  return { setup, errors: [], recipients: [] };
}

/** Awaits a call of the provider, keeping what it threw for the leak checks. */
export async function record<T>(
  context: ConformanceContext<LeakSources>,
  call: Promise<T>,
): Promise<CallOutcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    context.errors.push(error);
    return { ok: false, error };
  }
}

/**
 * Sends with the provider under test, keeping the recipients and, once the send settles, its errors (thrown or
 * per recipient) for the leak checks.
 */
export function send(
  context: ConformanceContext,
  request: SendSmsRequestV1,
  options?: CallOptionsV1,
): Promise<CallOutcome<SendSmsResultV1>> {
  context.recipients.push(...(Array.isArray(request.to) ? request.to : [request.to]));
  return record(context, context.setup.provider.sendSms(request, options)).then((outcome) => {
    if (outcome.ok) {
      for (const message of outcome.value.messages ?? []) {
        if (message.error !== undefined) context.errors.push(message.error);
      }
    }
    return outcome;
  });
}

/** The error of a call that had to fail; a call that succeeded fails the check with `why`. */
export function failure(
  outcome: CallOutcome<unknown>,
  why = 'Expected the call to fail, but it succeeded.',
): unknown {
  if (outcome.ok) throw new Error(why);
  return outcome.error;
}

/** The value of a call that had to succeed; a call that failed fails the check with its error as `cause`. */
export function success<T>(outcome: CallOutcome<T>, what: string): T {
  if (!outcome.ok) {
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new Error(`${what} failed: ${reason}`, { cause: outcome.error });
  }
  return outcome.value;
}

/**
 * Waits for `promise` at most `ms` milliseconds. Resolves with its outcome, or with `undefined` when it is still
 * pending by then (the kit then fails with a message that says what the provider ignored, instead of the test
 * runner's time limit).
 */
export function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** An error class of the family, checked with its `isInstance` (which works across copies of the package). */
export interface ErrorClass {
  isInstance(error: unknown): boolean;
}

/** What a failed call must report: `maybeDelivered` always, `isRetryable` when given. */
export interface ExpectedFailure {
  isRetryable?: boolean;
  maybeDelivered: boolean;
}

/** Fails unless `error` is an instance of `type` whose `isRetryable` and `maybeDelivered` are as expected. */
export function expectFailureOf(error: unknown, type: ErrorClass, expected: ExpectedFailure): void {
  expect(type.isInstance(error)).toBe(true);
  if (expected.isRetryable !== undefined) {
    expect((error as MessagingError).isRetryable).toBe(expected.isRetryable);
  }
  expect((error as MessagingError).maybeDelivered).toBe(expected.maybeDelivered);
}

/** The kinds a refused recipient's error may have. */
export const RECIPIENT_REFUSAL_KINDS: readonly string[] = ['invalid-recipient', 'blacklisted'];

/**
 * Fails unless `error` is a not-delivered `MessagingError`, of one of `kinds` when given: how a provider refuses
 * a number.
 */
export function expectRefusal(error: unknown, kinds?: readonly string[]): void {
  expect(MessagingError.isInstance(error), 'the refusal is a MessagingError').toBe(true);
  if (kinds !== undefined) expect(kinds).toContain((error as MessagingError).kind);
  expect((error as MessagingError).maybeDelivered).toBe(false);
}

/**
 * Tells the fake server to hold its answer, makes the call with the setup's `timeoutMs` (300 by default) and
 * returns what the call failed with. Fails when the call succeeded, or was still pending after `timeoutMs` and
 * the grace.
 * @param setup - the setup, for `timeoutMs` and `simulate`
 * @param call - makes the call with the given `timeoutMs`
 * @param what - the call, as the message names it (`'a send'`, `'placeCall'`)
 */
export async function failureWithinTimeout(
  setup: { timeoutMs?: number; simulate(failure: 'timeout'): void },
  call: (timeoutMs: number) => Promise<CallOutcome<unknown>>,
  what: string,
): Promise<unknown> {
  const timeoutMs = setup.timeoutMs ?? 300;
  const waitMs = timeoutMs + SETTLE_GRACE_MS;
  setup.simulate('timeout');
  const outcome = await settleWithin(call(timeoutMs), waitMs);
  if (outcome === undefined) {
    throw new Error(
      `The provider ignored timeoutMs: ${what} given timeoutMs: ${timeoutMs} to a server that never answers was still pending after ${waitMs} ms.`,
    );
  }
  return failure(outcome);
}

/** Fails unless `provider` names version 1 of a contract and a non-empty `providerId`. */
export function expectSpecificationV1(provider: { specificationVersion: string; providerId: string }): void {
  expect(provider.specificationVersion).toBe('v1');
  expect(typeof provider.providerId).toBe('string');
  expect(provider.providerId.length).toBeGreaterThan(0);
}

/** An optional method of a provider, by the capability flag that promises it. */
export type OptionalMethod<Capabilities, Provider> = [keyof Capabilities, (provider: Provider) => unknown];

/** Fails unless each optional method of `provider` exists exactly when its capability flag is true. */
export function expectOptionalMethods<Capabilities, Provider extends { capabilities: Capabilities }>(
  provider: Provider,
  methods: readonly OptionalMethod<Capabilities, Provider>[],
): void {
  for (const [flag, method] of methods) {
    const present = typeof method(provider) === 'function';
    expect(present, `capabilities.${String(flag)} is ${provider.capabilities[flag]}`).toBe(
      provider.capabilities[flag],
    );
  }
}
