import type { AcceptOptions, AcceptOutcome, OrderEvent, WebhookEngine } from './index';

export { type CapturedLog, captureLog } from './log-capture';

export {
  openRawConnection,
  parseRawResponse,
  type RawConnectionOutcome,
  type RawHttpRequest,
  type RawHttpResponse,
  rawHttpRequest,
  readUntilClosed,
  sendEachOnNewConnection,
  sendOnNewConnection,
} from './raw-http-client';

/**
 * An engine double that records what the routes hand it. With `recordStatus` it compares and records the
 * order's status and tracking number like the engine does, atomically with the events: a failed accept
 * records nothing.
 */
export class RecordingEngine implements WebhookEngine {
  readonly events: OrderEvent[] = [];
  readonly statuses = new Map<string, string>();
  failNextAccept = false;

  async acceptAll(events: readonly OrderEvent[], options: AcceptOptions = {}): Promise<AcceptOutcome> {
    if (this.failNextAccept) {
      this.failNextAccept = false;
      throw new Error('database is locked');
    }
    const outcome: AcceptOutcome = { queued: [], duplicates: 0, skipped: [], unchanged: 0 };
    for (const original of events) {
      let event = original;
      const record = options.recordStatus ? recordOf(event) : undefined;
      if (record) {
        const previous = this.statuses.get(record.key);
        this.statuses.set(record.key, record.value);
        if (record.skipWhenEqual && previous === record.value) {
          outcome.unchanged += 1;
          continue;
        }
        if (event.type === 'order.status_changed' && event.status && !event.status.from && previous) {
          event = { ...event, status: { ...event.status, from: previous } };
        }
      }
      this.events.push(event);
      if (event.customer.phone) outcome.queued = [...outcome.queued, { id: String(this.events.length) }];
      else outcome.skipped.push({ role: 'customer', reason: 'no phone number' });
    }
    return outcome;
  }
}

function recordOf(event: OrderEvent): { key: string; value: string; skipWhenEqual: boolean } | undefined {
  if (!event.order) return undefined;
  const key = `${event.shopId}/${event.order.id}`;
  if (event.type === 'order.created') return { key, value: event.order.status, skipWhenEqual: false };
  if (event.type === 'order.status_changed') {
    return { key, value: event.status?.to ?? event.order.status, skipWhenEqual: true };
  }
  if (event.type === 'order.shipment_added' && event.shipment) {
    return { key: `${key}#tracking`, value: event.shipment.trackingNumber, skipWhenEqual: true };
  }
  return undefined;
}

export {
  readRequestText,
  startVoiceTestService,
  typedFailureOf,
  voiceJobsSettled,
  waitForCondition,
} from './voice-testing';
