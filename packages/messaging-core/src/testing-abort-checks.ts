import {
  type CallOutcome,
  type ConformanceCheck,
  SETTLE_GRACE_MS,
  send,
  settleWithin,
} from './testing-context';

/** How long after the send starts the kit aborts it in flight (the fake server holds the request). */
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

/** A send given an already aborted signal rejects with its reason and sends nothing. */
export const abortBefore: ConformanceCheck = {
  name: "rejects with the caller's abort reason and sends nothing when the signal is already aborted",
  async run(context) {
    const { setup } = context;
    const reason = new Error('aborted by the conformance kit');
    const pending = send(
      context,
      { to: setup.validRecipient, text: 'Abort' },
      { signal: AbortSignal.abort(reason) },
    );
    const outcome = await settleWithin(pending, SETTLE_GRACE_MS);
    if (outcome === undefined) {
      throw new Error(
        `The provider ignored the abort signal: a send given an already aborted signal was still pending after ${SETTLE_GRACE_MS} ms.`,
      );
    }
    expectAbortReason(outcome, reason, 'before the call');
    if (setup.sentMessages().length > 0) {
      throw new Error(
        'The provider ignored the abort signal: a send whose signal was already aborted reached the fake server.',
      );
    }
  },
};

/** A send aborted while the fake server holds the request rejects with the signal's reason, promptly. */
export const abortInFlight: ConformanceCheck = {
  name: "rejects with the caller's abort reason while the request is in flight",
  async run(context) {
    const { setup } = context;
    setup.simulate('timeout');
    const controller = new AbortController();
    const reason = new Error('aborted in flight by the conformance kit');
    const pending = send(
      context,
      { to: setup.validRecipient, text: 'Abort in flight' },
      { signal: controller.signal, timeoutMs: 30_000 },
    );
    const abort = setTimeout(() => controller.abort(reason), ABORT_AFTER_MS);
    const waitMs = ABORT_AFTER_MS + SETTLE_GRACE_MS;
    const outcome = await settleWithin(pending, waitMs).finally(() => clearTimeout(abort));
    if (outcome === undefined) {
      throw new Error(
        `The provider ignored the abort signal: the send was still pending ${SETTLE_GRACE_MS} ms after signal.abort() (the fake server never answers, timeoutMs was 30 000).`,
      );
    }
    expectAbortReason(outcome, reason, 'in flight');
  },
};

/** The checks of the caller's abort signal, before and during the request. */
export const ABORT_CHECKS: ConformanceCheck[] = [abortBefore, abortInFlight];
