import { MessagingError } from './errors';
import type { CostV1, SendSmsMessageStatusV1 } from './sms-provider/v1/sms-provider-v1';

/** What a failed request means for each of its recipients. */
export interface FailureOutcome {
  status: Exclude<SendSmsMessageStatusV1, 'accepted'>;
  error: MessagingError;
}

function prefix(providerId: string | undefined): string {
  return providerId === undefined ? '' : `${providerId}: `;
}

/**
 * What a request that threw means for its recipients: a {@link MessagingError} that says nothing was delivered
 * makes them `rejected`; one that may have been delivered makes them `unknown`; any other error (a bug, the
 * caller's abort reason) makes them `unknown` too, wrapped in a MessagingError with the error as `cause`.
 */
export function failureOutcome(error: unknown, providerId?: string): FailureOutcome {
  if (MessagingError.isInstance(error)) {
    return { status: error.maybeDelivered ? 'unknown' : 'rejected', error };
  }
  return {
    status: 'unknown',
    error: new MessagingError({
      message: `${prefix(providerId)}the request failed with an unexpected error; it may have reached the provider.`,
      cause: error,
      providerId,
      maybeDelivered: true,
    }),
  };
}

/** The error of a recipient whose request was never made because the send stopped before it. */
export function notAttemptedError(cause: unknown, aborted: boolean, providerId?: string): MessagingError {
  const why = aborted ? 'the send was aborted' : 'an earlier request of this send failed';
  return new MessagingError({
    message: `${prefix(providerId)}not sent: ${why} before this recipient's request was made.`,
    cause,
    providerId,
    isRetryable: true,
    maybeDelivered: false,
  });
}

/** The error of a recipient that a provider's answer does not mention: the request reached it, so it may be sent. */
export function unansweredError(providerId?: string): MessagingError {
  return new MessagingError({
    message: `${prefix(providerId)}the provider's answer does not mention this recipient; it may have been sent.`,
    providerId,
    maybeDelivered: true,
  });
}

/**
 * Adds two costs. Credits add up; money adds up while the currencies agree, and is left out when they differ
 * (a sum of TL and USD would be wrong).
 */
export function addCosts(total: CostV1 | undefined, cost: CostV1 | undefined): CostV1 | undefined {
  if (cost === undefined) return total;
  if (total === undefined) return { ...cost };
  const sum: CostV1 = {};
  if (total.credits !== undefined || cost.credits !== undefined) {
    sum.credits = (total.credits ?? 0) + (cost.credits ?? 0);
  }
  const sameCurrency =
    total.currency === undefined || cost.currency === undefined || total.currency === cost.currency;
  if (sameCurrency && (total.amount !== undefined || cost.amount !== undefined)) {
    sum.amount = (total.amount ?? 0) + (cost.amount ?? 0);
    const currency = total.currency ?? cost.currency;
    if (currency !== undefined) sum.currency = currency;
  }
  return sum;
}
