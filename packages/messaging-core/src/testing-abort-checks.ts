import type { CallOptionsV1 } from './sms-provider/v1/sms-provider-v1';
import {
  type CallOutcome,
  type ConformanceCheck,
  SETTLE_GRACE_MS,
  send,
  settleWithin,
} from './testing-context';

/** How long after the call starts the kit aborts it in flight (the fake server holds the request). */
const ABORT_AFTER_MS = 20;

/**
 * Fails unless the call rejected with exactly the caller's abort reason.
 * @param outcome - what the call did
 * @param reason - the reason the kit aborted with
 * @param when - `'before the call'` or `'in flight'`
 * @param what - the call, as the message names it (`'a send'`, `'placeCall'`)
 */
export function expectAbortReason(
  outcome: CallOutcome<unknown>,
  reason: Error,
  when: string,
  what = 'a send',
): void {
  if (outcome.ok) {
    throw new Error(
      `The provider ignored the abort signal: ${what} whose signal was aborted ${when} resolved instead of rejecting with the signal's reason.`,
    );
  }
  if (outcome.error !== reason) {
    const got = outcome.error instanceof Error ? outcome.error.name : typeof outcome.error;
    throw new Error(
      `${what[0]!.toUpperCase()}${what.slice(1)} whose signal was aborted ${when} rejected with ${got}, not with the caller's abort reason (signal.reason).`,
    );
  }
}

/**
 * Makes the call with an already aborted signal; fails unless it rejected promptly with the signal's reason and
 * reached nothing.
 * @param call - makes the call with the given signal
 * @param reached - whether anything reached the fake server
 * @param what - the call, as the messages name it (`'a send'`, `'placeCall'`)
 */
export async function expectAbortBefore(
  call: (signal: AbortSignal) => Promise<CallOutcome<unknown>>,
  reached: () => boolean,
  what: string,
): Promise<void> {
  const reason = new Error('aborted by the conformance kit');
  const outcome = await settleWithin(call(AbortSignal.abort(reason)), SETTLE_GRACE_MS);
  if (outcome === undefined) {
    throw new Error(
      `The provider ignored the abort signal: ${what} given an already aborted signal was still pending after ${SETTLE_GRACE_MS} ms.`,
    );
  }
  expectAbortReason(outcome, reason, 'before the call', what);
  if (reached()) {
    throw new Error(
      `The provider ignored the abort signal: ${what} whose signal was already aborted reached the fake server.`,
    );
  }
}

/**
 * Tells the fake server to hold its answer, makes the call and aborts it in flight; fails unless it rejected
 * promptly with the signal's reason.
 * @param setup - the setup, for `simulate`
 * @param call - makes the call with the given signal and a long `timeoutMs`
 * @param what - the call, as the messages name it (`'a send'`, `'placeCall'`)
 * @param pending - the call, as the message for a call still pending names it (default `what`)
 */
export async function expectAbortInFlight(
  setup: { simulate(failure: 'timeout'): void },
  call: (options: CallOptionsV1) => Promise<CallOutcome<unknown>>,
  what: string,
  pending = what,
): Promise<void> {
  setup.simulate('timeout');
  const controller = new AbortController();
  const reason = new Error('aborted in flight by the conformance kit');
  const outcome = call({ signal: controller.signal, timeoutMs: 30_000 });
  const abort = setTimeout(() => controller.abort(reason), ABORT_AFTER_MS);
  const settled = await settleWithin(outcome, ABORT_AFTER_MS + SETTLE_GRACE_MS).finally(() =>
    clearTimeout(abort),
  );
  if (settled === undefined) {
    throw new Error(
      `The provider ignored the abort signal: ${pending} was still pending ${SETTLE_GRACE_MS} ms after signal.abort() (the fake server never answers, timeoutMs was 30 000).`,
    );
  }
  expectAbortReason(settled, reason, 'in flight', what);
}

/** A send given an already aborted signal rejects with its reason and sends nothing. */
export const abortBefore: ConformanceCheck = {
  name: "rejects with the caller's abort reason and sends nothing when the signal is already aborted",
  async run(context) {
    const { setup } = context;
    await expectAbortBefore(
      (signal) => send(context, { to: setup.validRecipient, text: 'Abort' }, { signal }),
      () => setup.sentMessages().length > 0,
      'a send',
    );
  },
};

/** A send aborted while the fake server holds the request rejects with the signal's reason, promptly. */
export const abortInFlight: ConformanceCheck = {
  name: "rejects with the caller's abort reason while the request is in flight",
  async run(context) {
    const { setup } = context;
    await expectAbortInFlight(
      setup,
      (options) => send(context, { to: setup.validRecipient, text: 'Abort in flight' }, options),
      'a send',
      'the send',
    );
  },
};

/** The checks of the caller's abort signal, before and during the request. */
export const ABORT_CHECKS: ConformanceCheck[] = [abortBefore, abortInFlight];
