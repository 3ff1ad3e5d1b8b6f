import { ValidationError } from '@x/messaging-core';
import type { AcceptOptions, AcceptResult, OrderEvent } from '@x/order-notifications';

/** What the notification engine answers to `acceptAll()` (only the counts are read). */
export type AcceptOutcome = Pick<AcceptResult, 'duplicates' | 'unchanged'> & {
  queued: readonly unknown[];
  skipped: AcceptResult['skipped'];
};

/**
 * The part of the notification engine a webhook route uses: durable, atomic acceptance of one webhook's events,
 * recording the order's status in the same transaction (`acceptAll(events, { recordStatus: true })`).
 */
export interface WebhookEngine {
  acceptAll(events: readonly OrderEvent[], options?: AcceptOptions): Promise<AcceptOutcome>;
}

/** The summary a webhook route answers with once its events are accepted. */
export interface WebhookAnswer {
  accepted: true;
  /** Events that changed something (a status already recorded is not counted). */
  events: number;
  queued: number;
  duplicates: number;
  skipped: number;
  /** Why each skipped notification was not queued (recipients masked). */
  skips: { role: string; reason: string; recipient?: string }[];
}

/**
 * Accepts a webhook's events in ONE atomic write: the notifications and, with `recordStatus`, the order's
 * status (and tracking number) are committed together or not at all, so a failed write leaves the platform's
 * retry to find the change again. Resolves after the commit.
 * @param engine - the engine
 * @param events - the events mapped from one webhook
 * @param options - `recordStatus: true` to compare-and-record the order's status in the same transaction
 * @returns the summary for the HTTP answer
 */
export async function acceptEvents(
  engine: WebhookEngine,
  events: readonly OrderEvent[],
  options: AcceptOptions = {},
): Promise<WebhookAnswer> {
  const answer: WebhookAnswer = {
    accepted: true,
    events: events.length,
    queued: 0,
    duplicates: 0,
    skipped: 0,
    skips: [],
  };
  if (events.length === 0) return answer;
  const outcome = await engine.acceptAll(events, options).catch((error: unknown) => {
    throw ValidationError.isInstance(error) && error.target === 'event' ? invalidPayload(error) : error;
  });
  answer.events -= outcome.unchanged;
  answer.queued = outcome.queued.length;
  answer.duplicates = outcome.duplicates;
  answer.skipped = outcome.skipped.length;
  for (const skip of outcome.skipped) {
    answer.skips.push({
      role: skip.role,
      reason: skip.reason,
      ...(skip.recipient ? { recipient: skip.recipient } : {}),
    });
  }
  return answer;
}

/**
 * An event the engine refused (a required field empty once its text is normalised, such as a status of only
 * invisible characters) answers 400, like a payload of the wrong shape: a 500 would make the platform retry the
 * same delivery, and WooCommerce disables a webhook after five failures. The message names fields, never values.
 */
function invalidPayload(error: ValidationError): Error {
  return Object.assign(new Error(error.message), { statusCode: 400, code: 'invalid_payload' });
}
