import type { OrderEvent } from './order-event';

/** What the notification engine answers to `accept()`. */
export interface AcceptOutcome {
  queued: readonly unknown[];
  duplicates: number;
  skipped: readonly { recipient?: string; role: 'customer' | 'admin'; reason: string }[];
}

/**
 * The part of the notification engine a webhook route uses: durable acceptance of events and the last known
 * status of each order. `NotificationEngine` of `@x/order-notifications` satisfies it.
 */
export interface WebhookEngine {
  /** Stores the event's notifications durably (one transaction); never calls a provider. */
  accept(event: OrderEvent): Promise<AcceptOutcome>;
  /** Stores an order's status atomically; resolves with the previous one (`undefined` the first time). */
  recordOrderStatus(shopId: string, orderId: string, status: string): Promise<string | undefined>;
}

/** The summary a webhook route answers with once its events are accepted. */
export interface WebhookAnswer {
  accepted: true;
  events: number;
  queued: number;
  duplicates: number;
  skipped: number;
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
  };
  try {
    for (const event of events) {
      const outcome = await engine.accept(event);
      answer.queued += outcome.queued.length;
      answer.duplicates += outcome.duplicates;
      answer.skipped += outcome.skipped.length;
    }
  } catch (error) {
    if (rollback) await rollback().catch(() => undefined);
    throw error;
  }
  return answer;
}
