import { InvalidPhoneNumberError, InvalidRecipientError, MessagingError } from './errors';
import { addCosts, failureOutcome, unansweredError } from './recipient-outcomes';
import type { SendSmsMessageResultV1, SendSmsResultV1, WarningV1 } from './sms-provider/v1/sms-provider-v1';

/**
 * Whether an error is about the number itself (malformed, unknown to the network, blacklisted): sending the same
 * number elsewhere would fail again, or go around the recipient's opt-out.
 */
function isAboutRecipient(error: MessagingError): boolean {
  return (
    error.kind === 'invalid-recipient' ||
    error.kind === 'blacklisted' ||
    InvalidRecipientError.isInstance(error) ||
    InvalidPhoneNumberError.isInstance(error)
  );
}

/**
 * Whether a failure allows sending again (to another provider, or to the same one later): a
 * {@link MessagingError} that says nothing was delivered, that is not about the recipient's number, and that
 * `accept` allows. An error that may have been delivered never allows it.
 *
 * @param error - what the send, or one recipient of it, failed with
 * @param accept - the caller's own condition (a strategy's `shouldFailover`, `isRetrySafe` for retries)
 */
export function isSendAgainSafe(
  error: unknown,
  accept: (error: MessagingError) => boolean = () => true,
): error is MessagingError {
  return (
    MessagingError.isInstance(error) && !error.maybeDelivered && !isAboutRecipient(error) && accept(error)
  );
}

/**
 * The one rule `fallback`, `roundRobin` and `retryProvider` follow to pick the recipients of a resolved send
 * they may send again: those `rejected` with an error {@link isSendAgainSafe} allows. A recipient that is
 * `accepted`, or `unknown` (it may have the message), is never sent again; nor is one refused for its number
 * (invalid, blacklisted: that would go around an opt-out).
 *
 * @param message - one recipient's result
 * @param accept - the caller's own condition on the error (default: any)
 *
 * @example
 * const again = result.messages.filter((message) => isResendSafe(message, isRetrySafe));
 */
export function isResendSafe(
  message: SendSmsMessageResultV1,
  accept: (error: MessagingError) => boolean = () => true,
): boolean {
  return message.status === 'rejected' && isSendAgainSafe(message.error, accept);
}

/** What sending again to some recipients gave: the provider's result, or the error it threw. */
export type ResendOutcome = { result: SendSmsResultV1 } | { error: unknown };

function warningKey(warning: WarningV1): string {
  return JSON.stringify(warning);
}

/**
 * Puts what a new attempt said of the recipients `resent` into `base`: their results are replaced (a recipient
 * the new result does not mention becomes `unknown`; a thrown error makes them `rejected` or `unknown` as
 * {@link failureOutcome} says), the other recipients stay as they were, in the same order. Costs add up and
 * warnings are joined. The send-wide fields (`type`, `segments`, `providerBatchId`, `providerId`) stay those of
 * `base`, unless `base` had no accepted recipient and the new result has.
 *
 * @param providerId - set on every replaced recipient that does not name its provider already (default: for a
 *   thrown error, the error's `providerId`)
 */
export function mergeResend(
  base: SendSmsResultV1,
  resent: readonly string[],
  outcome: ResendOutcome,
  providerId?: string,
): SendSmsResultV1 {
  const targets = new Set(resent);
  // A provider's error names the provider that failed (a strategy passes on its member's error).
  if (providerId === undefined && 'error' in outcome && MessagingError.isInstance(outcome.error)) {
    providerId = outcome.error.providerId;
  }
  const tag = (message: SendSmsMessageResultV1): SendSmsMessageResultV1 =>
    message.providerId !== undefined || providerId === undefined ? message : { ...message, providerId };
  const answered = 'result' in outcome ? new Map(outcome.result.messages.map((m) => [m.to, m])) : undefined;
  const failed = 'error' in outcome ? failureOutcome(outcome.error, providerId) : undefined;
  const messages = base.messages.map((message) => {
    if (!targets.has(message.to)) return message;
    const replaced = answered
      ? (answered.get(message.to) ?? {
          to: message.to,
          status: 'unknown',
          error: unansweredError(providerId),
        })
      : { to: message.to, ...failed! };
    return tag(replaced);
  });
  if (!('result' in outcome)) return { ...base, messages };
  const next = outcome.result;
  const takeOver =
    !base.messages.some((message) => message.status === 'accepted') &&
    next.messages.some((message) => message.status === 'accepted');
  const seen = new Set(base.warnings.map(warningKey));
  const warnings = [...base.warnings, ...next.warnings.filter((warning) => !seen.has(warningKey(warning)))];
  const cost = addCosts(base.cost, next.cost);
  const { cost: _baseCost, ...identity } = takeOver ? next : base;
  return { ...identity, messages, warnings, ...(cost === undefined ? {} : { cost }) };
}
