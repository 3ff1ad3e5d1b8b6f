import type { AcceptOutcome, OrderEvent, WebhookEngine } from '@x/app-service-kit';

/** An engine double that records what the routes hand it. */
export class RecordingEngine implements WebhookEngine {
  readonly events: OrderEvent[] = [];
  readonly statuses = new Map<string, string>();
  failNextAccept = false;

  async accept(event: OrderEvent): Promise<AcceptOutcome> {
    if (this.failNextAccept) {
      this.failNextAccept = false;
      throw new Error('database is locked');
    }
    this.events.push(event);
    return event.customer.phone
      ? { queued: [{ id: String(this.events.length) }], duplicates: 0, skipped: [] }
      : { queued: [], duplicates: 0, skipped: [{ role: 'customer', reason: 'no phone number' }] };
  }

  async recordOrderStatus(shopId: string, orderId: string, status: string): Promise<string | undefined> {
    const key = `${shopId}/${orderId}`;
    const previous = this.statuses.get(key);
    this.statuses.set(key, status);
    return previous;
  }
}
