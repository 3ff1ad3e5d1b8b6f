import type { AcceptResult, NotificationEngine, OrderEvent } from '@x/order-notifications';

/** What the notification engine answers to `accept()` (only the counts are read). */
export type AcceptOutcome = Pick<AcceptResult, 'duplicates'> & {
  queued: readonly unknown[];
  skipped: AcceptResult['skipped'];
};

/**
 * The part of the notification engine a webhook route uses: durable acceptance of events (`accept`) and the
 * last known status of each order (`recordOrderStatus`).
 */
export interface WebhookEngine {
  accept(event: OrderEvent): Promise<AcceptOutcome>;
  recordOrderStatus: NotificationEngine['recordOrderStatus'];
}

/** The summary a webhook route answers with once its events are accepted. */
export interface WebhookAnswer {
  accepted: true;
  events: number;
  queued: number;
  duplicates: number;
  skipped: number;
  /** Why each skipped notification was not queued (recipients masked). */
  skips: { role: string; reason: string; recipient?: string }[];
}

/**
 * Accepts a webhook's events in order. When accepting fails after the order's status was recorded, the
 * previous status is put back so that the platform's retry finds the change again and nothing is lost.
 * @param engine - the engine
 * @param events - the events mapped from one webhook
 * @param rollback - puts the recorded status back; called once when an accept fails
 * @returns the summary for the HTTP answer
 */
export async function acceptEvents(
  engine: WebhookEngine,
  events: readonly OrderEvent[],
  rollback?: () => Promise<void>,
): Promise<WebhookAnswer> {
  const answer: WebhookAnswer = {
    accepted: true,
    events: events.length,
    queued: 0,
    duplicates: 0,
    skipped: 0,
    skips: [],
  };
  try {
    for (const event of events) {
      const outcome = await engine.accept(event);
      answer.queued += outcome.queued.length;
      answer.duplicates += outcome.duplicates;
      answer.skipped += outcome.skipped.length;
      for (const skip of outcome.skipped) {
        answer.skips.push({
          role: skip.role,
          reason: skip.reason,
          ...(skip.recipient ? { recipient: skip.recipient } : {}),
        });
      }
    }
  } catch (error) {
    if (rollback) await rollback().catch(() => undefined);
    throw error;
  }
  return answer;
}
